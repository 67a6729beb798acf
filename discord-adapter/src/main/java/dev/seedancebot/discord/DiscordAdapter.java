package dev.seedancebot.discord;

import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.platform.PlatformException;
import dev.seedancebot.core.platform.PlatformPort;
import dev.seedancebot.core.platform.PlatformRouter;
import dev.seedancebot.core.ports.in.ChatPorts;
import dev.seedancebot.core.task.TaskView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.MiscUtil;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Discord side of the bot: owns JDA's shard manager, registers the slash commands, turns interactions into core
 * requests and implements {@link PlatformPort} for the engine.
 *
 * <p>Sharding ({@link DiscordSettings.Sharding}): the instance runs all shards of the configured or recommended total,
 * or a range of them while other instances run the rest. Interactions arrive on the shard of their guild, so each
 * instance answers the commands of its own guilds; finished videos and notices are posted by channel id over REST, so
 * any instance can deliver any task, whichever shard its guild is on.
 *
 * <p>Interactions are acknowledged on JDA's thread within Discord's 3 s and handled on this adapter's own executor,
 * whose queue is bounded: a burst beyond it is answered "busy" at once instead of piling up work (and memory) for
 * minutes. What a member may do is the core's decision ({@link ChatPorts}); the adapter only describes who acted
 * where ({@link DiscordActors}) and renders the answers. Delivery is {@link DiscordDelivery}'s; buttons carry the task
 * id and work after a restart.
 *
 * <p>Lifecycle: {@link #start()} once (blocks until the gateway is ready and the commands are registered, then
 * registers with the core's router), {@link #close()} once. The {@link PlatformPort} methods are called from engine
 * threads and block on Discord.
 */
public final class DiscordAdapter implements PlatformPort, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiscordAdapter.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Handlers at once: each may download attachments of up to 50 MiB, so a few suffice and keep memory low. */
    private static final int WORK_THREADS = 4;
    /** Interactions waiting for a handler; beyond it Discord users get "busy" (their 15-minute tokens would lapse). */
    private static final int WORK_QUEUE = 64;

    private final DiscordSettings settings;
    private final PlatformRouter router;
    private final DiscordDelivery delivery;
    private final ExecutorService work;
    private final Path downloads;
    private final InteractionListener listener;
    /** JDA's REST client, sized for bursts ({@link DiscordHttp}). */
    private final OkHttpClient restHttp = DiscordHttp.client();
    private final Set<Integer> readyShards = ConcurrentHashMap.newKeySet();
    private final Object readyMonitor = new Object();
    private volatile ShardManager shards;

    /**
     * @param ports what the adapter may ask of the core
     * @param router the core's router, which this adapter joins once its shards are ready
     * @param clock decides whether an interaction token may still be used; the core's clock in production
     */
    public DiscordAdapter(DiscordSettings settings, ChatPorts ports, PlatformRouter router, Clock clock) {
        this(settings, ports, router, clock, boundedWork(WORK_THREADS, WORK_QUEUE));
    }

    /** @param work runs the interaction handlers; it must refuse ({@code RejectedExecutionException}) when full */
    DiscordAdapter(DiscordSettings settings, ChatPorts ports, PlatformRouter router, Clock clock,
            ExecutorService work) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.router = Objects.requireNonNull(router, "router");
        this.work = Objects.requireNonNull(work, "work");
        TaskContexts contexts = new TaskContexts(Objects.requireNonNull(clock, "clock"));
        this.delivery = new DiscordDelivery(contexts, this::requireShards);
        try {
            this.downloads = Files.createTempDirectory("seedance-discord-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        Answers answers = new Answers(contexts, delivery::renderProgress, ports.tasks());
        VideoIntake videos = new VideoIntake(ports.requests(),
                new AttachmentDownloader(http, settings.restBaseUrl(), downloads), answers);
        this.listener = new InteractionListener(ports, new DiscordActors(settings.moderatorRoleIds()), videos,
                answers, work);
    }

    /** A fixed pool whose full queue refuses new work instead of growing. */
    private static ExecutorService boundedWork(int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, "discord-work-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Logs in this instance's shards, waits for their guilds, registers the commands (per configured guild on the
     * shards of this instance; globally from the instance that runs shard 0) and registers this adapter with the
     * core's router.
     *
     * @throws IllegalStateException if the shards do not become ready within a minute
     */
    public void start() {
        DiscordSettings.Sharding sharding = settings.sharding();
        // JDA always asks for the GUILDS intent (guilds, channels and roles); the bot needs no other
        DefaultShardManagerBuilder builder = DefaultShardManagerBuilder.createLight(settings.token(),
                        EnumSet.noneOf(GatewayIntent.class))
                // 0 in our settings, -1 in JDA's: ask GET /gateway/bot, on the configured REST base URL
                .setShardsTotal(sharding.total() == 0 ? -1 : sharding.total())
                .setRestConfig(new RestConfig().setBaseUrl(settings.restBaseUrl()))
                .setHttpClient(restHttp)
                .setCompression(settings.gatewayCompression() ? Compression.ZLIB : Compression.NONE)
                // the raw payload carries attachment_size_limit, which JDA 6.5 does not expose
                .setEventPassthrough(true)
                .setEnableShutdownHook(false)
                .addEventListeners(listener, new ReadyTracker());
        if (sharding.isRange()) {
            builder.setShards(sharding.min(), sharding.max());
        }
        if (settings.gatewayUrl() != null) {
            builder.setSessionController(gatewayOverride(settings.gatewayUrl()));
        }
        shards = builder.build();
        awaitReady();
        registerCommands();
        router.register(this);
        log.info("Discord adapter ready as {} with shards {} of {} in {} guild(s)", rest().getSelfUser().getName(),
                ownShards(), shards.getShardsTotal(), shards.getGuildCache().size());
    }

    /**
     * Whether every shard this instance runs is connected to the gateway right now; false while JDA reconnects. REST
     * deliveries still work while it is false.
     */
    public boolean isConnected() {
        ShardManager manager = shards;
        return manager != null
                && !manager.getShards().isEmpty()
                && manager.getShards().stream().allMatch(jda -> jda.getStatus() == JDA.Status.CONNECTED);
    }

    /** The shard manager, for tests that must shut it down in any case. */
    ShardManager shardManager() {
        return shards;
    }

    @Override
    public void close() {
        router.unregister(Platform.DISCORD);
        ShardManager s = shards;
        if (s != null) {
            List<JDA> running = s.getShards();
            s.shutdown();
            for (JDA j : running) {
                try {
                    if (!j.awaitShutdown(Duration.ofSeconds(5))) {
                        j.shutdownNow();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    j.shutdownNow();
                }
            }
        }
        work.shutdownNow();
        DiscordHttp.release(restHttp);
        try (var files = Files.walk(downloads)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("download folder {} not removed: {}", downloads, e.toString());
        }
    }

    // ---------------------------------------------------------------- PlatformPort: see DiscordDelivery

    @Override
    public Platform platform() {
        return Platform.DISCORD;
    }

    @Override
    public String showProgress(TaskView task) {
        return delivery.showProgress(task);
    }

    @Override
    public long uploadLimitBytes(TaskView task) {
        return delivery.uploadLimitBytes(task);
    }

    @Override
    public String deliver(TaskView task, Delivery result) {
        return delivery.deliver(task, result);
    }

    @Override
    public void notify(TaskView task, Notice notice) {
        delivery.notify(task, notice);
    }

    @Override
    public void directMessage(String userId, String text) {
        delivery.directMessage(userId, text);
    }

    // ---------------------------------------------------------------- lifecycle internals

    /** Counts the shards whose guilds are loaded; JDA fires one ReadyEvent per shard. */
    private final class ReadyTracker extends ListenerAdapter {
        @Override
        public void onReady(ReadyEvent event) {
            synchronized (readyMonitor) {
                readyShards.add(event.getJDA().getShardInfo().getShardId());
                readyMonitor.notifyAll();
            }
        }
    }

    /**
     * Waits until every shard of this instance fired ReadyEvent. The shard manager starts them one after another
     * (Discord allows one IDENTIFY per 5 s per concurrency bucket), so a large range takes a while.
     */
    private void awaitReady() {
        Set<Integer> expected = ownShards();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        synchronized (readyMonitor) {
            try {
                while (!readyShards.containsAll(expected)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        shards.shutdown();
                        throw new IllegalStateException("Discord shards " + expected + " were not all ready within "
                                + READY_TIMEOUT + " (ready: " + readyShards + "); check the token and the network");
                    }
                    readyMonitor.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                shards.shutdown();
                throw new IllegalStateException("interrupted while connecting to Discord", e);
            }
        }
    }

    /** The shard ids this instance runs; known once the shard manager is built (the total may come from Discord). */
    private Set<Integer> ownShards() {
        DiscordSettings.Sharding sharding = settings.sharding();
        IntStream ids = sharding.isRange() ? IntStream.rangeClosed(sharding.min(), sharding.max())
                : IntStream.range(0, shards.getShardsTotal());
        return ids.boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    private void registerCommands() {
        var commands = SlashCommands.toJda();
        if (settings.commandGuildIds().isEmpty()) {
            if (!ownShards().contains(0)) {
                // global commands are one list per application: the instance with shard 0 writes it, once
                log.info("global slash commands are registered by the instance that runs shard 0");
                return;
            }
            try {
                List<?> done = rest().updateCommands().addCommands(commands).complete();
                log.info("registered {} global slash commands", done.size());
            } catch (RuntimeException e) {
                log.error("could not register the slash commands: {}. Was the bot invited with the"
                        + " applications.commands scope?", e.toString());
            }
            return;
        }
        for (String guildId : settings.commandGuildIds()) {
            int shard = MiscUtil.getShardForGuild(guildId, shards.getShardsTotal());
            if (!ownShards().contains(shard)) {
                log.debug("guild {} is on shard {}, which another instance runs; it registers the commands there",
                        guildId, shard);
                continue;
            }
            Guild guild = shards.getGuildById(guildId);
            if (guild == null) {
                log.warn("discord.commandGuildIds names guild {}, but the bot is not in it", guildId);
                continue;
            }
            try {
                List<?> done = guild.updateCommands().addCommands(commands).complete();
                log.info("registered {} slash commands in guild {}", done.size(), guild.getName());
            } catch (RuntimeException e) {
                log.error("could not register the slash commands in guild {}: {}. Was the bot invited with the"
                        + " applications.commands scope?", guildId, e.toString());
            }
        }
    }

    private ShardManager requireShards() {
        ShardManager s = shards;
        if (s == null) {
            throw new PlatformException("the Discord adapter is not started", false);
        }
        return s;
    }

    /**
     * A JDA instance for requests that belong to no shard (REST by channel id, DMs, global commands): the first one
     * running. Every shard shares the bot token, so any of them will do.
     */
    private JDA rest() {
        return requireShards().getShardCache().stream().findFirst()
                .orElseThrow(() -> new PlatformException("no Discord shard is running", false));
    }

    /**
     * Takes the gateway URL from settings instead of {@code GET /gateway/bot}'s {@code url}, keeping Discord's answer
     * for the rest (the shard manager reads the session concurrency from it).
     */
    private static SessionControllerAdapter gatewayOverride(String gateway) {
        return new SessionControllerAdapter() {
            @Override
            public ShardedGateway getShardedGateway(JDA api) {
                ShardedGateway fromDiscord = super.getShardedGateway(api);
                return new ShardedGateway(gateway, fromDiscord.getShardTotal(), fromDiscord.getConcurrency());
            }

            @Override
            public String getGateway() {
                return gateway;
            }
        };
    }
}
