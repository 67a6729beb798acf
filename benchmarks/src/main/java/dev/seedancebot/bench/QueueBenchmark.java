package dev.seedancebot.bench;

import dev.seedancebot.core.engine.queue.Dispatcher;
import dev.seedancebot.core.engine.queue.QueueSettings;
import dev.seedancebot.core.storage.Database;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The queue in front of the provider with a deep backlog: 10,000 requests from 100 communities of 10 users wait as
 * rows on PostgreSQL, and one or two dispatchers (each an instance's, with its own scheduler thread) send them to a
 * simulated provider that holds each task for a fixed time, with a cap of 50 in flight. It measures what the queue
 * itself costs and how fair it is, not HTTP: Jain's index of per-community throughput over the first half of the
 * dispatches (while every community still waits), scheduler CPU per dispatch, the lag from a slot freeing to the
 * next dispatch, and how long a renumbering of the backlog (the position updates users see) takes.
 */
final class QueueBenchmark {
    private static final int COMMUNITIES = 100;
    private static final int USERS = 10;
    private static final int PER_USER = 10;
    private static final int CAP = 50;
    private static final Duration SERVICE = Duration.ofMillis(50);

    private final Supplier<String> freshDatabase;
    private final String user;

    QueueBenchmark(Supplier<String> freshDatabase, String user) {
        this.freshDatabase = freshDatabase;
        this.user = user;
    }

    Report run() throws Exception {
        Report report = new Report("queue: " + COMMUNITIES * USERS * PER_USER + " queued over " + COMMUNITIES
                + " communities, cap " + CAP + ", simulated task time " + SERVICE.toMillis() + " ms, PostgreSQL");
        for (int instances = 1; instances <= 2; instances++) {
            Figures f = runOnce(instances);
            String who = instances == 1 ? "1 instance" : "2 instances";
            report.check(who + ": Jain index, first half", String.format("%.4f", f.jain), ">= 0.99", f.jain >= 0.99);
            report.check(who + ": most in flight", String.valueOf(f.mostInFlight), "<= " + CAP,
                    f.mostInFlight <= CAP);
            report.add(who + ": dispatches/s", String.format("%.0f", f.perSecond));
            report.add(who + ": scheduler CPU per dispatch", String.format("%.2f ms", f.cpuPerDispatchMs));
            report.add(who + ": slot freed -> next dispatch p50 / p99",
                    String.format("%.1f / %.1f ms", f.lagP50Ms, f.lagP99Ms));
            report.add(who + ": renumbering (position update) p50 / max",
                    String.format("%.0f / %.0f ms (%d passes)", f.numberP50Ms, f.numberMaxMs, f.numberPasses));
        }
        report.note("A dispatch is one claim under the gate row lock; the simulated provider accepts at once and frees"
                + " the slot after " + SERVICE.toMillis() + " ms, waking the dispatcher of the instance that held it.");
        report.note("Renumbering runs every second here (15 s by default) on its own thread and numbers the whole"
                + " backlog; users' messages are edited only where the rounded position or wait changed.");
        return report;
    }

    private record Figures(double jain, int mostInFlight, double perSecond, double cpuPerDispatchMs, double lagP50Ms,
            double lagP99Ms, double numberP50Ms, double numberMaxMs, int numberPasses) {}

    private Figures runOnce(int instances) throws Exception {
        String url = freshDatabase.get();
        List<Database> databases = new ArrayList<>();
        List<ScheduledExecutorService> schedulers = new ArrayList<>();
        List<ExecutorService> numberers = new ArrayList<>();
        ScheduledExecutorService provider = Executors.newScheduledThreadPool(2);
        try {
            for (int i = 0; i < instances; i++) {
                databases.add(Database.open(url, user, ""));
            }
            int total = fill(databases.get(0));
            Map<String, String> communityOf = communities(databases.get(0));
            CountDownLatch done = new CountDownLatch(total);
            ConcurrentLinkedQueue<Long> freedAt = new ConcurrentLinkedQueue<>();
            List<Long> lags = java.util.Collections.synchronizedList(new ArrayList<>());
            List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Long> numbering = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicLong inFlight = new AtomicLong();
            AtomicLong mostInFlight = new AtomicLong();
            List<Dispatcher> dispatchers = new ArrayList<>();
            QueueSettings settings = QueueSettings.defaults().withMaxInFlight(CAP).withTick(Duration.ofMillis(50));
            settings = new QueueSettings(settings.maxInFlight(), Map.of(), settings.decrease(), settings.backoff(),
                    settings.maxBackoff(), settings.balanceRecheck(), settings.tick(), Duration.ofSeconds(1),
                    settings.typicalTaskDuration());
            for (int i = 0; i < instances; i++) {
                Database db = databases.get(i);
                Dispatcher[] self = new Dispatcher[1];
                self[0] = new Dispatcher(db.dataSource(), "instance-" + i, Duration.ofSeconds(30), true, settings,
                        Clock.systemUTC(), id -> {
                            long now = System.nanoTime();
                            Long freed = freedAt.poll();
                            if (freed != null) {
                                lags.add(now - freed);
                            }
                            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                            order.add(id);
                            db.jdbc().update("UPDATE task SET state = 'SUBMITTED', lease_owner = NULL,"
                                    + " lease_until = NULL WHERE id = ?", id);
                            provider.schedule(() -> {
                                db.jdbc().update("UPDATE task SET state = 'DELIVERED' WHERE id = ?", id);
                                inFlight.decrementAndGet();
                                freedAt.add(System.nanoTime());
                                done.countDown();
                                self[0].wake();
                            }, SERVICE.toMillis(), TimeUnit.MILLISECONDS);
                        }, id -> { });
                dispatchers.add(self[0]);
                schedulers.add(Executors.newSingleThreadScheduledExecutor());
                numberers.add(Executors.newSingleThreadExecutor());
            }
            long[] schedulerThreads = new long[instances];
            for (int i = 0; i < instances; i++) {
                int n = i;
                schedulerThreads[i] = schedulers.get(i).submit(() -> Thread.currentThread().getId()).get();
                ExecutorService numberer = numberers.get(i);
                dispatchers.get(i).start(schedulers.get(i), work -> numberer.execute(() -> {
                    long t = System.nanoTime();
                    work.run();
                    numbering.add(System.nanoTime() - t);
                }));
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuBefore = 0;
            for (long id : schedulerThreads) {
                cpuBefore += threads.getThreadCpuTime(id);
            }
            long start = System.nanoTime();
            if (!done.await(15, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the queue did not drain: " + done.getCount() + " left");
            }
            long wall = System.nanoTime() - start;
            long cpu = -cpuBefore;
            for (long id : schedulerThreads) {
                cpu += threads.getThreadCpuTime(id);
            }
            dispatchers.forEach(Dispatcher::close);
            return new Figures(jain(order.subList(0, total / 2), communityOf), (int) mostInFlight.get(),
                    total / (wall / 1e9), cpu / 1e6 / total, percentile(lags, 0.5), percentile(lags, 0.99),
                    percentile(numbering, 0.5), percentile(numbering, 1.0), numbering.size());
        } finally {
            schedulers.forEach(ExecutorService::shutdownNow);
            numberers.forEach(ExecutorService::shutdownNow);
            provider.shutdownNow();
            databases.forEach(Database::close);
        }
    }

    /** Inserts the backlog as the engine leaves it: charged, RECEIVED, in the queue, community after community. */
    private static int fill(Database db) throws SQLException {
        Instant base = Instant.now().minusSeconds(3600);
        int n = 0;
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO task (id, platform, user_id, community_id,"
                        + " chat_id, role_ids, state, mode, intent, prompt, options_json, media_json, cost, created_at,"
                        + " updated_at, queue_order) VALUES (?, 'CONSOLE', ?, ?, 'chat', '', 'RECEIVED',"
                        + " 'TEXT_TO_VIDEO', 'GENERATE', 'p', '{}', '[]', 1, ?, ?, ?)")) {
            for (int community = 0; community < COMMUNITIES; community++) {
                for (int u = 0; u < USERS; u++) {
                    for (int k = 0; k < PER_USER; k++) {
                        Instant created = base.plusMillis(n);
                        insert.setString(1, "q" + n);
                        insert.setString(2, "c" + community + "-u" + u);
                        insert.setString(3, "c" + community);
                        insert.setTimestamp(4, Timestamp.from(created));
                        insert.setTimestamp(5, Timestamp.from(created));
                        insert.setLong(6, ChronoUnit.MICROS.between(Instant.EPOCH, created));
                        insert.addBatch();
                        n++;
                    }
                }
                insert.executeBatch();
            }
        }
        return n;
    }

    private static Map<String, String> communities(Database db) {
        Map<String, String> out = new ConcurrentHashMap<>();
        db.jdbc().query("SELECT id, community_id FROM task", r -> out.put(r.getString(1), r.getString(2)));
        return out;
    }

    private static double jain(List<String> ids, Map<String, String> communityOf) {
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        for (int c = 0; c < COMMUNITIES; c++) {
            counts.put("c" + c, 0);
        }
        synchronized (ids) {
            ids.forEach(id -> counts.merge(communityOf.get(id), 1, Integer::sum));
        }
        double sum = 0;
        double squares = 0;
        for (int v : counts.values()) {
            sum += v;
            squares += (double) v * v;
        }
        return sum * sum / (counts.size() * squares);
    }

    private static double percentile(List<Long> nanos, double q) {
        long[] sorted;
        synchronized (nanos) {
            sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        }
        if (sorted.length == 0) {
            return 0;
        }
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
        return sorted[index] / 1e6;
    }
}
