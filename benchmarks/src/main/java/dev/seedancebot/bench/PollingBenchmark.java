package dev.seedancebot.bench;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.engine.EngineListener;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.engine.queue.QueueSettings;
import dev.seedancebot.core.generation.GenerationStatus;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.core.task.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * 10,000 tasks in flight at once. The engine runs here; the fake Seedance server runs in a child JVM, so heap, threads
 * and CPU are the bot's alone. Phase A uses the production polling settings (200 ms tick, 12 s interval); phase B
 * restarts the same database with a 20 ms tick, which is what separates the tick's batch limit from the cost of a
 * poll.
 */
final class PollingBenchmark {
    private static final int TASKS = 10_000;
    private static final int FIRST_BATCH = 1_000;
    private static final int USERS = 100;
    private static final int LAG_SAMPLE = 100;
    private static final Duration WINDOW = Duration.ofSeconds(20);
    private static final Duration LAG_WAIT = Duration.ofSeconds(45);
    private static final ChatRef CHAT = ChatRef.of(Platform.CONSOLE, "bench-community", "bench-chat");

    Report run() throws Exception {
        Path dir = Files.createTempDirectory("seedance-bench-polling");
        Report report = new Report("polling: " + TASKS + " tasks in flight (fake Seedance in a child JVM)");
        try (FakeSeedanceProcess fake = FakeSeedanceProcess.start()) {
            NoticeClock notices = new NoticeClock();
            CountingPlatformPort port = new CountingPlatformPort();
            EngineSettings production = settings(dir, EngineSettings.defaults(dir).tick());
            List<String> ids;
            CoreAssembly core = build(dir, fake, production, notices, port);
            try {
                core.start();
                long heap0 = Measure.heapAfterGc();
                int threads0 = Measure.liveThreads();

                ids = new ArrayList<>(submit(core, 0, FIRST_BATCH));
                awaitUntil(Duration.ofMinutes(5), () -> core.engine().countInState(TaskState.SUBMITTED) >= FIRST_BATCH);
                long heap1k = Measure.heapAfterGc();
                int threads1k = Measure.liveThreads();

                ids.addAll(submit(core, FIRST_BATCH, TASKS));
                awaitUntil(Duration.ofMinutes(10), () -> core.engine().countInState(TaskState.SUBMITTED) >= TASKS);
                long heap10k = Measure.heapAfterGc();
                int threads10k = Measure.liveThreads();

                report.add("threads at 0 / 1,000 / 10,000 tasks", threads0 + " / " + threads1k + " / " + threads10k);
                report.check("thread growth 1,000 -> 10,000 tasks", Integer.toString(threads10k - threads1k),
                        "0 (flat)", threads10k - threads1k <= 0);
                // the fixed pools start their threads on first use, so 0 -> 1,000 shows the pools filling up
                report.add("thread growth 0 -> 10,000 tasks (pools starting)", Integer.toString(threads10k - threads0));
                report.add("threads at 10,000 tasks", Measure.threadNames());
                double perTask = (double) (heap10k - heap0) / TASKS;
                double marginal = (double) (heap10k - heap1k) / (TASKS - FIRST_BATCH);
                report.add("heap after GC at 0 / 1,000 / 10,000 tasks",
                        Measure.mb(heap0) + " / " + Measure.mb(heap1k) + " / " + Measure.mb(heap10k));
                report.check("heap per in-flight task (10,000 vs 0)", String.format("%.0f B", perTask), "<= 4 KB",
                        perTask <= 4096);
                report.add("heap per in-flight task (10,000 vs 1,000)", String.format("%.0f B", marginal));

                phase(report, "A, production tick " + production.tick().toMillis() + " ms", core, fake, notices, ids.subList(0, LAG_SAMPLE), production);
            } finally {
                core.close(Duration.ofSeconds(5));
            }

            EngineSettings fastTick = settings(dir, Duration.ofMillis(20));
            CoreAssembly restarted = build(dir, fake, fastTick, notices, port);
            try {
                restarted.start();
                // the backlog phase A left is polled first; measure once it is gone, or after 90 s regardless (the
                // phase then reports the backlog that is left)
                long settle = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (System.nanoTime() < settle && overdue(restarted, Instant.now().minusSeconds(1)) >= 50) {
                    LockSupport.parkNanos(500_000_000);
                }
                phase(report, "B, tick 20 ms", restarted, fake, notices, ids.subList(LAG_SAMPLE, 2 * LAG_SAMPLE),
                        fastTick);
            } finally {
                restarted.close(Duration.ofSeconds(5));
            }
            report.add("videos delivered (as links) / failure notices", port.deliveries() + " / " + port.notices());
        }
        report.note("poll interval 12 s +-20% jitter, first poll 10 s after submission, at most 32 polls in flight"
                + " (EngineSettings.defaults); results are not downloaded (maxResultBytes 1 KiB, delivered as links).");
        report.note("lag = engine's polled(SUCCESS) timestamp minus the fake's completeTask timestamp; the "
                + LAG_SAMPLE + " completions of a phase are spread evenly over one poll interval.");
        return report;
    }

    /** Poll rate, CPU per poll, backlog and notice lag under one tick setting. */
    private void phase(Report report, String name, CoreAssembly core, FakeSeedanceProcess fake, NoticeClock notices,
            List<String> sample, EngineSettings settings) {
        long polls0 = core.engine().pollsSent();
        long cpu0 = Measure.processCpuNanos();
        long javaCpu0 = Measure.javaThreadsCpuNanos();
        long t0 = System.nanoTime();
        LockSupport.parkNanos(WINDOW.toNanos());
        long polls = core.engine().pollsSent() - polls0;
        double seconds = (System.nanoTime() - t0) / 1e9;
        long cpu = Measure.processCpuNanos() - cpu0;
        long javaCpu = Measure.javaThreadsCpuNanos() - javaCpu0;
        double needed = TASKS / (double) settings.pollInterval().toSeconds();
        double rate = polls / seconds;
        report.check("[" + name + "] polls/s sustained over " + WINDOW.toSeconds() + " s", String.format("%.0f", rate),
                String.format(">= %.0f (10,000 tasks / 12 s)", needed), rate >= needed * 0.95);
        report.add("[" + name + "] CPU per poll, whole JVM", String.format("%.0f us", cpu / 1e3 / Math.max(1, polls)));
        report.add("[" + name + "] CPU per poll, Java threads only",
                String.format("%.0f us", javaCpu / 1e3 / Math.max(1, polls)));
        Instant now = Instant.now();
        report.add("[" + name + "] overdue polls (backlog) / oldest overdue",
                overdue(core, now) + " / " + oldestOverdueSeconds(core, now) + " s");

        notices.reset();
        Map<String, Instant> completedAt = new ConcurrentHashMap<>();
        long spacing = settings.pollInterval().toNanos() / sample.size();
        for (String id : sample) {
            String provider = core.engine().task(id).orElseThrow().providerTaskId();
            completedAt.put(id, fake.complete(provider));
            LockSupport.parkNanos(spacing);
        }
        long deadline = System.nanoTime() + LAG_WAIT.toNanos();
        while (System.nanoTime() < deadline && !notices.noticed().keySet().containsAll(completedAt.keySet())) {
            LockSupport.parkNanos(50_000_000);
        }
        double[] lags = completedAt.entrySet().stream()
                .filter(e -> notices.noticed().containsKey(e.getKey()))
                .mapToDouble(e -> Duration.between(e.getValue(), notices.noticed().get(e.getKey())).toMillis() / 1000.0)
                .toArray();
        double interval = settings.pollInterval().toMillis() / 1000.0;
        // jitter only shortens a task's interval; a due poll may wait for the next tick
        double jittered = interval + settings.tick().toMillis() / 1000.0;
        double max = Measure.percentile(lags, 100);
        boolean all = lags.length == sample.size();
        report.add("[" + name + "] notice lag p50 / p95", String.format("%.1f s / %.1f s",
                Measure.percentile(lags, 50), Measure.percentile(lags, 95)));
        String lagFigure = "[" + name + "] notice lag max (" + lags.length + " of " + sample.size()
                + " noticed within " + LAG_WAIT.toSeconds() + " s)";
        report.check(lagFigure, String.format("%.1f s", max),
                String.format("<= %.0f s (nominal interval), all noticed", interval), all && max <= interval);
        report.check(lagFigure, String.format("%.1f s", max),
                String.format("<= %.1f s (interval + tick), all noticed", jittered), all && max <= jittered);
    }

    private static EngineSettings settings(Path dir, Duration tick) {
        EngineSettings d = EngineSettings.defaults(dir.resolve("work"));
        // lateAfter and slowNoticeAfter are pushed out so that the whole run measures the 12 s interval
        return new EngineSettings(d.workDir(), tick, d.firstPollAfter(), d.pollInterval(), d.latePollInterval(),
                Duration.ofHours(1), Duration.ofHours(1), d.giveUpAfter(), d.maxPollsInFlight(), d.jitter(),
                d.rateLimitPause(), d.retryDelay(), 1024, d.deliveryAttempts(), d.resultLinkValidity());
    }

    private static CoreAssembly build(Path dir, FakeSeedanceProcess fake, EngineSettings settings,
            EngineListener listener, CountingPlatformPort port) {
        SeedanceSettings seedance = new SeedanceSettings(fake.baseUrl(), fake.apiKey(), SeedanceSettings.DEFAULT_MODEL,
                Duration.ofSeconds(5), Duration.ofSeconds(30), 200L * 1024 * 1024, null, Duration.ofMillis(100),
                Duration.ofSeconds(30), 3, 3, Duration.ofMillis(100));
        CoreAssembly core = CoreAssembly.builder()
                .workDir(dir.resolve("work"))
                .seedance(seedance)
                .engineSettings(settings)
                // all 10,000 in flight at once: this measures polling, not the queue in front of it
                .queue(QueueSettings.defaults().withMaxInFlight(TASKS))
                .quotaSettings(new QuotaSettings(ZoneId.of("UTC"), 0, 0, 0, 0))
                .listener(listener)
                .build();
        core.router().register(port);
        return core;
    }

    private static List<String> submit(CoreAssembly core, int from, int to) throws Exception {
        ExecutorService submitters = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = from; i < to; i++) {
                UserKey user = new UserKey(Platform.CONSOLE, "user-" + (i % USERS));
                VideoRequest request = VideoRequest.text("benchmark scene " + i, VideoOptions.DEFAULTS, user, CHAT);
                futures.add(submitters.submit(() -> {
                    SubmitOutcome outcome = core.engine().submit(request, Set.of());
                    return ((SubmitOutcome.Accepted) outcome).task().id();
                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : futures) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            submitters.shutdown();
        }
    }

    private static int overdue(CoreAssembly core, Instant now) {
        return queryLong(core, "SELECT COUNT(*) FROM task WHERE state = 'SUBMITTED' AND next_poll_at <= ?", now)
                .intValue();
    }

    private static long oldestOverdueSeconds(CoreAssembly core, Instant now) {
        Long oldest = queryLong(core,
                "SELECT MIN(next_poll_at) FROM task WHERE state = 'SUBMITTED' AND next_poll_at <= ?", now);
        return oldest == null ? 0 : Duration.between(Instant.ofEpochMilli(oldest), now).toSeconds();
    }

    /** A single number (a count, or a timestamp as epoch millis) read straight from the engine's task table. */
    private static Long queryLong(CoreAssembly core, String sql, Instant now) {
        try (Connection c = core.database().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, now.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Object value = rs.getObject(1);
                if (value == null) {
                    return null;
                }
                return value instanceof Number n
                        ? n.longValue()
                        : rs.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void awaitUntil(Duration max, BooleanSupplier done) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark condition not reached within " + max);
            }
            LockSupport.parkNanos(100_000_000);
        }
    }

    /** Records when the engine first saw each task succeed, for the notice lag. */
    private static final class NoticeClock implements EngineListener {
        private volatile Map<String, Instant> noticed = new ConcurrentHashMap<>();

        @Override
        public void polled(String taskId, GenerationStatus status) {
            if (status instanceof GenerationStatus.Succeeded) {
                noticed.putIfAbsent(taskId, Instant.now());
            }
        }

        Map<String, Instant> noticed() {
            return noticed;
        }

        void reset() {
            noticed = new ConcurrentHashMap<>();
        }
    }
}
