package dev.seedancebot.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.BudgetSettings;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.quota.ReserveDecision;
import dev.seedancebot.core.storage.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * 1,000 concurrent reservations over 100 users on an H2 file, with limits that bind: each user asks for 10 × 7
 * credits against a daily limit of 50, so 7 are granted and 3 denied if and only if the row locks hold. Then the cached
 * read path, {@link QuotaService#snapshot}, is timed call by call.
 */
final class QuotaBenchmark {
    private static final int USERS = 100;
    private static final int RESERVATIONS = 1_000;
    private static final int THREADS = 32;
    private static final long CREDITS = 7;
    private static final long DAILY_LIMIT = 50;
    private static final int WARMUP_ROUNDS = 1;
    private static final int ROUNDS = 5;
    private static final int SNAPSHOT_READS = 200_000;

    Report run() throws Exception {
        Path dir = Files.createTempDirectory("seedance-bench-quota");
        Report report = new Report("quota: " + RESERVATIONS + " concurrent reservations over " + USERS
                + " users, H2 file, " + THREADS + " threads");
        QuotaSettings settings = new QuotaSettings(ZoneId.of("UTC"), DAILY_LIMIT, 0, 0, 0);
        try (Database db = Database.open(Database.h2FileUrl(dir), "sa", "")) {
            QuotaService quota = new QuotaService(db, settings, BudgetSettings.NONE, Clock.systemUTC(), Ticker.systemTicker(),
                    Runnable::run);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Double> throughputs = new ArrayList<>();
                List<Double> missMicros = new ArrayList<>();
                long overspentUsers = 0;
                long grantedTotal = 0;
                long ledgerMismatches = 0;
                for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
                    String prefix = "r" + round + "-u";
                    long start = System.nanoTime();
                    List<ReserveDecision> decisions = race(pool, prefix, quota);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long[] grantedPerUser = new long[USERS];
                    for (int i = 0; i < RESERVATIONS; i++) {
                        if (decisions.get(i) instanceof ReserveDecision.Granted g) {
                            grantedPerUser[i % USERS] += g.credits();
                        }
                    }
                    for (int u = 0; u < USERS; u++) {
                        UserKey user = user(prefix, u);
                        long t = System.nanoTime();
                        long snapshotUsed = quota.snapshot(user, null, Set.of()).usedToday();
                        double micros = (System.nanoTime() - t) / 1e3;
                        long ledger = ledgerSum(db, user);
                        if (round >= WARMUP_ROUNDS) {
                            missMicros.add(micros);
                            overspentUsers += grantedPerUser[u] > DAILY_LIMIT ? 1 : 0;
                            ledgerMismatches += ledger != grantedPerUser[u] || snapshotUsed != ledger ? 1 : 0;
                            grantedTotal += grantedPerUser[u];
                        }
                    }
                    if (round >= WARMUP_ROUNDS) {
                        throughputs.add(RESERVATIONS / seconds);
                    }
                }
                report.add("reservations/s, median of " + ROUNDS + " rounds (after " + WARMUP_ROUNDS + " warm-up)",
                        String.format("%.0f", Measure.median(throughputs)));
                report.add("reservations/s, min / max", String.format("%.0f / %.0f",
                        throughputs.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                        throughputs.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
                long expected = (long) ROUNDS * USERS * (DAILY_LIMIT / CREDITS) * CREDITS;
                report.check("users over their daily limit (all rounds)", Long.toString(overspentUsers), "0",
                        overspentUsers == 0);
                report.check("credits granted (all rounds)", Long.toString(grantedTotal),
                        "exactly " + expected + " (7 of 10 per user)", grantedTotal == expected);
                report.check("users whose ledger sum != granted or != snapshot", Long.toString(ledgerMismatches), "0",
                        ledgerMismatches == 0);
                double[] misses = missMicros.stream().mapToDouble(Double::doubleValue).toArray();
                report.add("snapshot after a write (cache miss) p50 / p99", String.format("%.0f us / %.0f us",
                        Measure.percentile(misses, 50), Measure.percentile(misses, 99)));
                double[] hits = cachedReads(quota);
                report.add("snapshot cached read p50 / p99 / p99.9 (" + SNAPSHOT_READS + " reads)",
                        String.format("%.2f us / %.2f us / %.2f us", Measure.percentile(hits, 50),
                                Measure.percentile(hits, 99), Measure.percentile(hits, 99.9)));
            } finally {
                pool.shutdownNow();
            }
        }
        report.note("each round uses 100 fresh users, so every round also creates their account rows under the race.");
        return report;
    }

    /** All reservations of one round, released at once by a latch; reservation i belongs to user i % 100. */
    private static List<ReserveDecision> race(ExecutorService pool, String prefix, QuotaService quota)
            throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ReserveDecision>> futures = new ArrayList<>();
        for (int i = 0; i < RESERVATIONS; i++) {
            UserKey user = user(prefix, i % USERS);
            String taskId = prefix + "task-" + i;
            Callable<ReserveDecision> reserve = () -> {
                go.await();
                return quota.reserve(taskId, user, null, Set.of(), CREDITS);
            };
            futures.add(pool.submit(reserve));
        }
        go.countDown();
        List<ReserveDecision> decisions = new ArrayList<>();
        for (Future<ReserveDecision> f : futures) {
            decisions.add(f.get());
        }
        return decisions;
    }

    /** Times single snapshot calls over the last round's users, after one warm-up pass over all of them. */
    private static double[] cachedReads(QuotaService quota) {
        String prefix = "r" + (WARMUP_ROUNDS + ROUNDS - 1) + "-u";
        List<UserKey> users = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            users.add(user(prefix, u));
        }
        for (int i = 0; i < SNAPSHOT_READS; i++) {
            quota.snapshot(users.get(i % USERS), null, Set.of());
        }
        double[] micros = new double[SNAPSHOT_READS];
        for (int i = 0; i < SNAPSHOT_READS; i++) {
            long t = System.nanoTime();
            quota.snapshot(users.get(i % USERS), null, Set.of());
            micros[i] = (System.nanoTime() - t) / 1e3;
        }
        return micros;
    }

    private static UserKey user(String prefix, int index) {
        return new UserKey(Platform.CONSOLE, prefix + index);
    }

    /** The user's window usage straight from the ledger table, bypassing the service. */
    private static long ledgerSum(Database db, UserKey user) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT COALESCE(SUM(amount), 0) FROM quota_ledger WHERE user_key = ? AND bucket = 'WINDOW'")) {
            ps.setString(1, user.toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
