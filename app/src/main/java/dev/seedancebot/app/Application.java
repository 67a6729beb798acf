package dev.seedancebot.app;

import dev.seedancebot.app.config.AppConfig;
import dev.seedancebot.app.ops.EngineMetrics;
import dev.seedancebot.app.ops.Health;
import dev.seedancebot.app.ops.OpsServer;
import dev.seedancebot.app.ops.SpendMetrics;
import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.seedance.SeedanceSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of a running bot: the core (one database, one OkHttp client, one engine), the chat adapters,
 * the metrics and the operations endpoint. {@link #start} brings them up in dependency order; {@link #close()} takes
 * them down in reverse: stop accepting, stop the adapters, let in-flight provider and platform calls finish within
 * the grace period, close the database. Everything unfinished is in the database and resumes on the next start.
 */
public final class Application implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Application.class);

    private final CoreAssembly core;
    private final List<ChatAdapter> adapters;
    private final PrometheusMeterRegistry meters;
    private volatile OpsServer ops;
    private final Duration grace;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private Application(
            CoreAssembly core, List<ChatAdapter> adapters, PrometheusMeterRegistry meters, Duration grace) {
        this.core = core;
        this.adapters = adapters;
        this.meters = meters;
        this.grace = grace;
    }

    /** What to start; {@link #of(AppConfig)} fills it from the configuration. */
    public static Launch of(AppConfig config) {
        return new Launch(config);
    }

    /**
     * Builds the core, starts each adapter, resumes unfinished tasks and opens the operations endpoint. If any step
     * fails, what was started is closed again and the failure is rethrown.
     */
    static Application start(Launch launch) {
        AppConfig config = launch.config;
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        EngineMetrics metrics = new EngineMetrics(meters);
        AppConfig.Storage storage = config.storage();
        CoreAssembly core = CoreAssembly.builder()
                .workDir(storage.workDir())
                .jdbc(storage.effectiveJdbcUrl(), storage.user(), storage.password())
                .seedance(launch.seedance)
                .engineSettings(launch.engine != null ? launch.engine : config.engine())
                .quotaSettings(config.quota())
                .trust(config.trust())
                .budgets(config.budgets())
                .videoDefaults(config.video())
                .blockedWords(config.blockedWords())
                .prices(config.prices())
                .spend(config.spend())
                .listener(metrics)
                .workerThreads(config.workers())
                .conversion(config.media())
                .cluster(storage.cluster())
                .queue(config.queue())
                .build();
        log.info("instance {} on {}", storage.cluster().instanceId(), core.database().isShared()
                ? "a shared PostgreSQL database (task lease " + storage.cluster().leaseDuration().toSeconds() + " s)"
                : "a single-instance database");
        List<ChatAdapter> started = new ArrayList<>();
        try {
            metrics.bind(core.engine());
            SpendMetrics.bind(meters, core.alerts());
            for (ChatAdapter adapter : launch.adapters) {
                adapter.start(core);
                started.add(adapter);
                log.info("{} adapter started", adapter.name());
            }
            core.start();
            int unfinished = core.engine().unfinishedCount();
            if (unfinished > 0) {
                log.info("resumed {} unfinished tasks", unfinished);
            }
            Application app = new Application(core, started, meters, launch.grace);
            if (launch.opsPort >= 0) {
                app.ops = OpsServer.start(config.ops().httpBind(), launch.opsPort, app::health, meters::scrape);
            }
            return app;
        } catch (RuntimeException e) {
            for (ChatAdapter adapter : started) {
                adapter.close();
            }
            core.close(Duration.ZERO);
            throw e;
        }
    }

    public CoreAssembly core() {
        return core;
    }

    /** The adapters that started, in start order. */
    List<ChatAdapter> adapters() {
        return List.copyOf(adapters);
    }

    /** The port of the operations endpoint, or -1 when it is off. */
    public int opsPort() {
        OpsServer server = ops;
        return server == null ? -1 : server.port();
    }

    /** The metrics in Prometheus text format. */
    public String scrape() {
        return meters.scrape();
    }

    /** The database answers, every adapter is up and the bot is not stopping. */
    public Health health() {
        boolean database;
        int unfinished = 0;
        try (Connection c = core.database().dataSource().getConnection()) {
            database = c.isValid(2);
            unfinished = core.engine().unfinishedCount();
        } catch (SQLException | RuntimeException e) {
            database = false;
        }
        Map<String, Boolean> states = new LinkedHashMap<>();
        for (ChatAdapter adapter : adapters) {
            states.put(adapter.name(), adapter.isUp());
        }
        return new Health(database, states, unfinished, closing.get());
    }

    /** Blocks until {@link #close()} has finished (for the main thread of {@code run}). */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /**
     * Graceful stop; safe to call more than once and from a shutdown hook. Each step runs even if an earlier one
     * failed, so that the database is always closed.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            log.info("stopping: no new requests; unfinished tasks resume on the next start");
            step("stop accepting", () -> core.engine().stopAccepting());
            for (int i = adapters.size() - 1; i >= 0; i--) {
                ChatAdapter adapter = adapters.get(i);
                step("stop the " + adapter.name() + " adapter", adapter::close);
            }
            step("stop the core", () -> core.close(grace));
            OpsServer server = ops;
            if (server != null) {
                step("stop the operations endpoint", server::close);
            }
            step("close the metrics", meters::close);
            log.info("stopped");
        } finally {
            closed.countDown();
        }
    }

    private static void step(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("could not {} cleanly: {}", what, e.toString());
        }
    }

    /** What {@link Application#start} brings up. Not thread-safe; build it on one thread. */
    public static final class Launch {
        private final AppConfig config;
        private final List<ChatAdapter> adapters = new ArrayList<>();
        private SeedanceSettings seedance;
        private EngineSettings engine;
        private int opsPort;
        private Duration grace = Duration.ofSeconds(20);

        private Launch(AppConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            this.opsPort = config.ops().httpPort() == 0 ? -1 : config.ops().httpPort();
            if (config.seedance().apiKey() != null) {
                this.seedance = config.seedance().settings(config.seedance().apiKey());
            }
        }

        /** Talks to this provider instead of the configured one (the demo's fake). */
        Launch seedance(SeedanceSettings value) {
            this.seedance = value;
            return this;
        }

        /** Replaces the configured engine tuning (the demo polls its fake every half second). */
        Launch engine(EngineSettings value) {
            this.engine = value;
            return this;
        }

        Launch adapter(ChatAdapter adapter) {
            adapters.add(adapter);
            return this;
        }

        /** Port of the operations endpoint: 0 picks a free one, -1 turns it off. */
        Launch opsPort(int port) {
            this.opsPort = port;
            return this;
        }

        /** How long {@link Application#close()} waits for provider and platform calls in flight. */
        Launch grace(Duration value) {
            this.grace = value;
            return this;
        }

        Application start() {
            if (seedance == null) {
                throw new IllegalStateException("no Seedance API key configured");
            }
            return Application.start(this);
        }
    }
}
