package dev.seedancebot.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.core.cluster.ClusterSettings;
import dev.seedancebot.core.command.ModCommandRunner;
import dev.seedancebot.core.community.CommunitySettingsService;
import dev.seedancebot.core.content.BlockedWords;
import dev.seedancebot.core.content.ContentModeration;
import dev.seedancebot.core.content.ReportStore;
import dev.seedancebot.core.engine.EngineListener;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.engine.GenerationEngine;
import dev.seedancebot.core.engine.queue.QueueSettings;
import dev.seedancebot.core.generation.VideoGenerator;
import dev.seedancebot.core.history.HistoryStore;
import dev.seedancebot.core.i18n.UserLanguageStore;
import dev.seedancebot.core.intake.ContentDesk;
import dev.seedancebot.core.intake.HistoryDesk;
import dev.seedancebot.core.intake.LanguageDesk;
import dev.seedancebot.core.intake.ModerationDesk;
import dev.seedancebot.core.intake.RequestDesk;
import dev.seedancebot.core.intake.StatsDesk;
import dev.seedancebot.core.media.MediaProber;
import dev.seedancebot.core.media.convert.ConversionSettings;
import dev.seedancebot.core.media.convert.MediaConverter;
import dev.seedancebot.core.media.ffmpeg.FfmpegRunner;
import dev.seedancebot.core.media.ffmpeg.FfmpegTools;
import dev.seedancebot.core.media.fit.ResultFitter;
import dev.seedancebot.core.moderation.ModerationService;
import dev.seedancebot.core.platform.PlatformRouter;
import dev.seedancebot.core.policy.IntakePolicy;
import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.core.ports.in.ChatPorts;
import dev.seedancebot.core.quota.BudgetSettings;
import dev.seedancebot.core.quota.DailyUsage;
import dev.seedancebot.core.quota.PriceTable;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.request.RequestValidator;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.seedance.SeedanceClient;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.core.spend.OperatorAlerts;
import dev.seedancebot.core.spend.SpendLedger;
import dev.seedancebot.core.spend.SpendReport;
import dev.seedancebot.core.spend.SpendSettings;
import dev.seedancebot.core.storage.Database;
import dev.seedancebot.core.storage.DiskFloor;
import dev.seedancebot.core.storage.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core, wired: one database, one OkHttp client, one ObjectMapper, the quota and moderation services, the Seedance
 * client, the validator and the engine with its executors. The launcher and the end-to-end tests of both adapters
 * build the core through this class, so they run exactly the same parts.
 *
 * <p>Lifecycle: {@link Builder#build()} opens the database (migrating it) and builds everything; adapters then
 * register with {@link #router()}; {@link #start()} resumes unfinished tasks and starts polling; {@link #close()}
 * stops and closes everything in reverse order. {@link #halt()} is an abrupt stop for crash tests: no waiting for work
 * in flight.
 */
public final class CoreAssembly implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CoreAssembly.class);
    /** A 15 s 1080p clip re-encodes in well under a minute on two cores; past this something is wrong. */
    private static final java.time.Duration RESULT_ENCODE_LIMIT = java.time.Duration.ofMinutes(5);
    private static final java.time.Duration RESULT_QUEUE_WAIT = java.time.Duration.ofMinutes(10);
    private final Database database;
    private final OkHttpClient http;
    private final ObjectMapper mapper;
    private final QuotaService quota;
    private final ModerationService moderation;
    private final PriceTable prices;
    private final SpendLedger spend;
    private final OperatorAlerts alerts;
    private final VideoGenerator generator;
    private final RequestValidator validator;
    private final MediaConverter converter;
    private final PlatformRouter router;
    private final GenerationEngine engine;
    private final IntakePolicy policy;
    private final ChatPorts ports;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final boolean ownsHttp;
    private final Clock clock;
    /** Re-encodes results and takes thumbnails; null without ffmpeg. */
    private final FfmpegRunner resultFfmpeg;

    private CoreAssembly(Builder b) {
        privateFolders(b.workDir);
        this.database = Database.open(b.jdbcUrl, b.jdbcUser, b.jdbcPassword);
        try {
            this.ownsHttp = b.http == null;
            this.http = b.http != null ? b.http : new OkHttpClient();
            this.mapper = b.mapper != null ? b.mapper : new ObjectMapper();
            this.quota = new QuotaService(database, b.quotaSettings, b.budgets, b.clock, b.ticker, Runnable::run);
            CommunitySettingsService communities = new CommunitySettingsService(database, b.clock, b.ticker,
                    Runnable::run);
            this.moderation = new ModerationService(database, quota, communities, b.clock);
            this.prices = b.prices;
            // the engine's queue handles push-back (429, QuotaExceeded, no connection): the client never resends
            VideoGenerator client = new SeedanceClient(http, mapper, b.seedance.withPushBackToCaller());
            this.generator = b.generatorDecorator.apply(client);
            MediaProber prober = new MediaProber();
            this.validator = new RequestValidator(prober);
            this.converter = new MediaConverter(b.conversion, prober);
            this.router = new PlatformRouter();
            this.scheduler = b.scheduler != null
                    ? b.scheduler
                    : Executors.newSingleThreadScheduledExecutor(daemonThreads("seedance-engine-tick"));
            this.workers = b.workers != null
                    ? b.workers
                    : Executors.newFixedThreadPool(b.workerThreads, daemonThreads("seedance-engine-worker"));
            this.clock = b.clock;
            this.resultFfmpeg = resultRunner(() -> FfmpegTools.of(b.conversion.ffmpeg()));
            this.spend = new SpendLedger(database.jdbc(), b.spend.prices(), b.quotaSettings.zone(), b.clock);
            UserLanguageStore userLanguages = new UserLanguageStore(database.jdbc(), b.clock);
            this.alerts = new OperatorAlerts(b.listener, router, b.trust.operators(), userLanguages, spend, b.spend,
                    database.jdbc(), b.clock, workers);
            this.engine = new GenerationEngine(database, quota, communities, prices, validator, converter, generator,
                    router, b.engineSettings, b.clock, scheduler, workers, new SecureRandom(), alerts, b.cluster,
                    new DiskFloor(b.diskSpace != null ? b.diskSpace : DiskFloor.of(b.workDir),
                            b.engineSettings.retention().minFreeDiskBytes(), b.clock),
                    b.seedance.taskNotFoundGrace(), new ResultFitter(resultFfmpeg, RESULT_ENCODE_LIMIT), b.queue);
            this.policy = new IntakePolicy(b.trust, communities, quota, engine.diskFloor()::refusal, b.ticker,
                    Runnable::run);
            BlockedWords words = new BlockedWords(database, b.blockedWords, b.clock, b.ticker, Runnable::run);
            RequestDesk requests = new RequestDesk(policy, engine, communities, b.videoDefaults, words);
            ModerationDesk moderationDesk = new ModerationDesk(policy,
                    new ModCommandRunner(moderation, engine, b.videoDefaults, new SpendReport(spend)), engine, quota,
                    communities, prices, b.videoDefaults, b.clock, new ContentModeration(words, moderation));
            HistoryDesk history = new HistoryDesk(policy, engine, new HistoryStore(database.jdbc()),
                    b.engineSettings.retention().keepTaskFiles());
            StatsDesk stats = new StatsDesk(policy, new DailyUsage(database.jdbc(), b.quotaSettings, b.clock),
                    spend::money);
            ContentDesk content = new ContentDesk(policy, engine, new HistoryStore(database.jdbc()),
                    new ReportStore(database.jdbc()), communities, b.clock);
            LanguageDesk languages = new LanguageDesk(policy, communities, userLanguages);
            this.ports = new ChatPorts(requests, requests, moderationDesk, moderationDesk, history, stats, content,
                    languages);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * One re-encode at a time: each uses every core, and a second in parallel would only make both slower. A result
     * waits its turn rather than falling back to a link.
     */
    private static FfmpegRunner resultRunner(java.util.function.Supplier<FfmpegTools> tools) {
        try {
            FfmpegTools found = tools.get();
            return found == null ? null : new FfmpegRunner(found, 1, RESULT_QUEUE_WAIT);
        } catch (IllegalStateException e) {
            log.warn("ffmpeg is unavailable ({}): results over a chat's upload limit are posted as links",
                    e.getMessage());
            return null;
        }
    }

    /**
     * Makes the work dir and its {@code tasks/} folder owner-only if they are new, and tightens {@code tasks/} and
     * {@code db/} of an older install, which are the bot's alone (the work dir itself may be a folder the operator
     * chose and is left as it is; the systemd unit makes it owner-only). A folder the bot cannot tighten (owned by
     * another user) is reported, not fatal: the bot works, only less privately.
     */
    private static void privateFolders(Path workDir) {
        Path tasks = workDir.resolve("tasks");
        Path db = workDir.resolve("db");
        try {
            PrivateFiles.createDirectories(tasks);
            PrivateFiles.restrict(tasks);
            if (Files.isDirectory(db)) {
                PrivateFiles.restrict(db);
            }
        } catch (IOException e) {
            log.warn("could not make {} readable by the bot's user only: {}", workDir, e.toString());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Resumes unfinished tasks and starts polling; register the adapters with {@link #router()} first. */
    public void start() {
        engine.start();
    }

    /**
     * Stops taking requests, lets running provider and platform calls finish (up to {@code grace}), then closes the
     * database. Whatever is not finished is persisted and resumes on the next start.
     */
    public void close(java.time.Duration grace) {
        engine.close();
        converter.close();
        scheduler.shutdown();
        workers.shutdown();
        try {
            workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
            scheduler.awaitTermination(Math.min(grace.toMillis(), 1000), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        scheduler.shutdownNow();
        try {
            engine.releaseLeases();
        } catch (RuntimeException e) {
            // the leases lapse on their own; closing the database matters more
        }
        closeFfmpeg();
        database.close();
        if (ownsHttp) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    @Override
    public void close() {
        close(java.time.Duration.ofSeconds(10));
    }

    /** Stops at once, interrupting work in flight, as a crash would; for tests of restart recovery. */
    public void halt() {
        engine.close();
        converter.close();
        workers.shutdownNow();
        scheduler.shutdownNow();
        try {
            // interrupted threads may still hold a connection; if one closed it after the pool, H2 would shut the
            // database down under an assembly opened next on the same file in this JVM
            workers.awaitTermination(5, TimeUnit.SECONDS);
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeFfmpeg();
        database.close();
    }

    private void closeFfmpeg() {
        if (resultFfmpeg != null) {
            resultFfmpeg.close();
        }
    }

    public Database database() {
        return database;
    }

    public OkHttpClient http() {
        return http;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public QuotaService quota() {
        return quota;
    }

    public ModerationService moderation() {
        return moderation;
    }

    public PriceTable prices() {
        return prices;
    }

    /** The operators' alerts (out of balance, daily spend), for metrics and single-step checks. */
    public OperatorAlerts alerts() {
        return alerts;
    }

    /** What the provider billed, valued at the operator's price. */
    public SpendLedger spend() {
        return spend;
    }

    public VideoGenerator generator() {
        return generator;
    }

    public RequestValidator validator() {
        return validator;
    }

    public PlatformRouter router() {
        return router;
    }

    public GenerationEngine engine() {
        return engine;
    }

    /** The one policy that decides who may do what, where. */
    public IntakePolicy policy() {
        return policy;
    }

    /** What chat adapters may ask of the core. */
    public ChatPorts ports() {
        return ports;
    }

    /** The free-disk floor; request intake asks it before downloading or charging anything. */
    public DiskFloor diskFloor() {
        return engine.diskFloor();
    }

    /** The clock the core runs on; adapters use it so that their idea of "now" matches the engine's. */
    public Clock clock() {
        return clock;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Settings of the core; everything but the work dir and the Seedance settings has a default. */
    public static final class Builder {
        private Path workDir;
        private String jdbcUrl;
        private String jdbcUser = "";
        private String jdbcPassword = "";
        private SeedanceSettings seedance;
        private EngineSettings engineSettings;
        private QuotaSettings quotaSettings = QuotaSettings.DEFAULTS;
        private PriceTable prices = PriceTable.DEFAULTS;
        private SpendSettings spend = SpendSettings.DEFAULTS;
        private TrustSettings trust = TrustSettings.defaults();
        private BudgetSettings budgets = BudgetSettings.NONE;
        private VideoOptions videoDefaults = VideoOptions.DEFAULTS;
        private Clock clock = Clock.systemUTC();
        private Ticker ticker = Ticker.systemTicker();
        private EngineListener listener = EngineListener.NONE;
        private ClusterSettings cluster = ClusterSettings.defaults();
        private QueueSettings queue = QueueSettings.defaults();
        private OkHttpClient http;
        private ObjectMapper mapper;
        private ScheduledExecutorService scheduler;
        private ExecutorService workers;
        private int workerThreads = 16;
        private UnaryOperator<VideoGenerator> generatorDecorator = UnaryOperator.identity();
        private DiskFloor.FreeSpace diskSpace;
        private ConversionSettings conversion = ConversionSettings.DEFAULTS;
        private java.util.List<String> blockedWords = java.util.List.of();

        private Builder() {}

        /** The operator's blocked words and patterns, refused in prompts everywhere ({@code content.blocked-words}). */
        public Builder blockedWords(java.util.List<String> value) {
            this.blockedWords = java.util.List.copyOf(value);
            return this;
        }

        /** Which ffmpeg converts inputs, how many conversions run at once and for how long each may run. */
        public Builder conversion(ConversionSettings value) {
            this.conversion = Objects.requireNonNull(value, "conversion");
            return this;
        }

        /** Where the H2 database (unless {@link #jdbc} says otherwise) and task files live. */
        public Builder workDir(Path value) {
            this.workDir = value;
            return this;
        }

        /** Any JDBC URL; the default is an H2 file in the work dir. */
        public Builder jdbc(String url, String user, String password) {
            this.jdbcUrl = url;
            this.jdbcUser = user == null ? "" : user;
            this.jdbcPassword = password == null ? "" : password;
            return this;
        }

        public Builder seedance(SeedanceSettings value) {
            this.seedance = value;
            return this;
        }

        public Builder engineSettings(EngineSettings value) {
            this.engineSettings = value;
            return this;
        }

        public Builder quotaSettings(QuotaSettings value) {
            this.quotaSettings = value;
            return this;
        }

        public Builder prices(PriceTable value) {
            this.prices = value;
            return this;
        }

        /** The provider's price in money, the daily spend alert and how often operators may be alerted. */
        public Builder spend(SpendSettings value) {
            this.spend = Objects.requireNonNull(value, "spend");
            return this;
        }

        /** Operators, private chats and command rates. */
        public Builder trust(TrustSettings value) {
            this.trust = Objects.requireNonNull(value, "trust");
            return this;
        }

        /**
         * The operator's ceilings for the bot, each community and private chats. None by default: the launcher always
         * passes the configured ones (whose own defaults are {@link BudgetSettings#DEFAULTS}).
         */
        public Builder budgets(BudgetSettings value) {
            this.budgets = Objects.requireNonNull(value, "budgets");
            return this;
        }

        /** The operator's {@code video:} defaults, which community settings override. */
        public Builder videoDefaults(VideoOptions value) {
            this.videoDefaults = Objects.requireNonNull(value, "videoDefaults");
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public Builder ticker(Ticker value) {
            this.ticker = value;
            return this;
        }

        /** This instance's id and lease length when several instances share one PostgreSQL database. */
        /** The queue in front of the provider: the cap on tasks in flight, weights, backoff; default {@link QueueSettings#defaults()}. */
        public Builder queue(QueueSettings value) {
            this.queue = java.util.Objects.requireNonNull(value, "queue");
            return this;
        }

        public Builder cluster(ClusterSettings value) {
            this.cluster = value;
            return this;
        }

        public Builder listener(EngineListener value) {
            this.listener = value;
            return this;
        }

        /** Shares the launcher's OkHttp client (the caller then owns its lifecycle). */
        public Builder http(OkHttpClient value) {
            this.http = value;
            return this;
        }

        public Builder mapper(ObjectMapper value) {
            this.mapper = value;
            return this;
        }

        /** Replaces the engine's executors (the caller still lets {@link CoreAssembly#close()} shut them down). */
        public Builder executors(ScheduledExecutorService tick, ExecutorService work) {
            this.scheduler = tick;
            this.workers = work;
            return this;
        }

        public Builder workerThreads(int value) {
            this.workerThreads = value;
            return this;
        }

        /** Wraps the Seedance client, e.g. to observe or interrupt its calls in tests. */
        public Builder decorateGenerator(UnaryOperator<VideoGenerator> value) {
            this.generatorDecorator = value;
            return this;
        }

        /** Where the free disk space is read from; the default is the disk of the work dir. For tests. */
        public Builder diskSpace(DiskFloor.FreeSpace value) {
            this.diskSpace = value;
            return this;
        }

        public CoreAssembly build() {
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(seedance, "seedance");
            if (jdbcUrl == null) {
                jdbcUrl = Database.h2FileUrl(workDir.resolve("db"));
            }
            if (engineSettings == null) {
                engineSettings = EngineSettings.defaults(workDir);
            }
            return new CoreAssembly(this);
        }
    }
}
