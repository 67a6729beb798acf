package dev.seedancebot.bench;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.BudgetSettings;
import dev.seedancebot.core.quota.BudgetSettings.Ceiling;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.quota.ReserveDecision;
import dev.seedancebot.core.storage.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Reservations with the operator's budgets on, against the same run without them, in one process and alternating
 * round by round in ABBA order after a warm-up pair (the machines are shared and noisy): 100 communities × 1,000
 * members, 32 threads, a random member of a random community per reservation. In the timed rounds the ceilings are
 * finite but not reached, so both sides grant the same reservations and the ratio is the cost of locking and counting
 * against four budget rows. A last round with binding ceilings (a tenth of the communities get a small one, and the
 * bot's day is nearly spent) checks from the charges themselves that no community and not the bot passed its ceiling.
 */
final class BudgetBenchmark {
    private static final int COMMUNITIES = 100;
    private static final int MEMBERS = 1_000;
    private static final int THREADS = 32;
    private static final int RESERVATIONS = 4_000;
    private static final int ROUNDS = 4;
    private static final long CREDITS = 7;
    private static final long SMALL_CEILING = 300;
    private static final long COMMUNITY_DAILY = 2_000;
    /** Room for the timed rounds, and for 90% of the binding round. */
    private static final long GLOBAL_DAILY = (long) RESERVATIONS * CREDITS * (ROUNDS + 1) + RESERVATIONS * CREDITS * 9 / 10;

    private final String name;
    private final Supplier<Database> open;

    private BudgetBenchmark(String name, Supplier<Database> open) {
        this.name = name;
        this.open = open;
    }

    /** On an H2 file in a fresh directory per configuration. */
    static BudgetBenchmark h2() {
        return new BudgetBenchmark("H2 file", () -> {
            try {
                return Database.open(Database.h2FileUrl(Files.createTempDirectory("seedance-bench-budget")), "sa", "");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** On PostgreSQL; {@code freshDatabase} makes an empty database per configuration. */
    static BudgetBenchmark postgres(Supplier<String> freshDatabase) {
        return new BudgetBenchmark("PostgreSQL", () -> Database.open(freshDatabase.get(), "postgres", ""));
    }

    Report run() throws Exception {
        Report report = new Report("budget: " + RESERVATIONS + " reservations a round over " + COMMUNITIES
                + " communities x " + MEMBERS + " members, " + THREADS + " threads, " + name + ", with budgets vs"
                + " without, " + ROUNDS + " rounds each (ABBA, after a warm-up pair), then one binding round");
        Map<String, Ceiling> small = new HashMap<>();
        for (int c = 0; c < COMMUNITIES; c += 10) {
            small.put("c" + c, new Ceiling(SMALL_CEILING, SMALL_CEILING * 10));
        }
        BudgetSettings budgets = new BudgetSettings(new Ceiling(GLOBAL_DAILY, GLOBAL_DAILY * 10),
                new Ceiling(COMMUNITY_DAILY, COMMUNITY_DAILY * 10), Map.of(), BudgetSettings.Unlisted.DEFAULT,
                Ceiling.NONE);
        QuotaSettings generous = new QuotaSettings(ZoneId.of("UTC"), 1_000, 10_000, 0, 0);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (Database withDb = open.get(); Database withoutDb = open.get(); Database bindingDb = open.get()) {
            QuotaService with = new QuotaService(withDb, generous, budgets, Clock.systemUTC(), Ticker.systemTicker(),
                    Runnable::run);
            QuotaService without = new QuotaService(withoutDb, generous, BudgetSettings.NONE, Clock.systemUTC(),
                    Ticker.systemTicker(), Runnable::run);
            List<Double> withRates = new ArrayList<>();
            List<Double> withoutRates = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            rate(pool, without, "wb", -1);
            rate(pool, with, "wa", -1);
            for (int round = 0; round < ROUNDS; round++) {
                boolean withFirst = round % 2 == 1;
                double a = withFirst ? rate(pool, with, "a" + round, round) : 0;
                double b = rate(pool, without, "b" + round, round);
                a = withFirst ? a : rate(pool, with, "a" + round, round);
                withRates.add(a);
                withoutRates.add(b);
                ratios.add(a / b);
            }
            long deniedWith = RESERVATIONS * (ROUNDS + 1L) - count(withDb, "SELECT COUNT(*) FROM quota_charge");
            report.add("reservations/s with budgets, median (min / max)", String.format("%.0f (%.0f / %.0f)",
                    Measure.median(withRates), min(withRates), max(withRates)));
            report.add("reservations/s without budgets, median (min / max)", String.format("%.0f (%.0f / %.0f)",
                    Measure.median(withoutRates), min(withoutRates), max(withoutRates)));
            report.add("with / without, median of the round pairs (min / max)", String.format("%.2f (%.2f / %.2f)",
                    Measure.median(ratios), min(ratios), max(ratios)));
            report.add("reservations denied in the timed rounds (ceilings not reached)", Long.toString(deniedWith));
            if (name.startsWith("H2")) {
                report.check("reservations/s with budgets (median)", String.format("%.0f", Measure.median(withRates)),
                        ">= 1000", Measure.median(withRates) >= 1_000);
            }

            BudgetSettings binding = new BudgetSettings(new Ceiling(RESERVATIONS * CREDITS * 9 / 10, GLOBAL_DAILY * 10),
                    new Ceiling(COMMUNITY_DAILY, COMMUNITY_DAILY * 10), small, BudgetSettings.Unlisted.DEFAULT,
                    Ceiling.NONE);
            QuotaService bound = new QuotaService(bindingDb, generous, binding, Clock.systemUTC(),
                    Ticker.systemTicker(), Runnable::run);
            rate(pool, bound, "x", ROUNDS);
            long over = count(bindingDb, "SELECT COUNT(*) FROM (SELECT scope_id, SUM(credits) AS s FROM quota_charge"
                    + " GROUP BY scope_id) t WHERE (t.scope_id IN (" + quoted(small.keySet()) + ") AND t.s > "
                    + SMALL_CEILING + ") OR t.s > " + COMMUNITY_DAILY);
            long total = count(bindingDb, "SELECT COALESCE(SUM(credits), 0) FROM quota_charge");
            long granted = count(bindingDb, "SELECT COUNT(*) FROM quota_charge");
            report.check("binding round: communities over their ceiling", Long.toString(over), "0", over == 0);
            report.check("binding round: credits reserved vs the bot's daily ceiling", total + " of "
                    + binding.global().daily(), "<= ceiling", total <= binding.global().daily());
            report.add("binding round: reservations granted", granted + " of " + RESERVATIONS);
        } finally {
            pool.shutdownNow();
        }
        return report;
    }

    private static double rate(ExecutorService pool, QuotaService quota, String prefix, int round) throws Exception {
        Random random = new Random(round);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ReserveDecision>> futures = new ArrayList<>();
        for (int i = 0; i < RESERVATIONS; i++) {
            String community = "c" + random.nextInt(COMMUNITIES);
            UserKey member = new UserKey(Platform.DISCORD, community + "-m" + random.nextInt(MEMBERS));
            String task = prefix + "-" + i;
            Callable<ReserveDecision> call = () -> {
                go.await();
                return quota.reserve(task, member, community, Set.of(), CREDITS);
            };
            futures.add(pool.submit(call));
        }
        long start = System.nanoTime();
        go.countDown();
        for (Future<ReserveDecision> f : futures) {
            f.get();
        }
        return RESERVATIONS / ((System.nanoTime() - start) / 1e9);
    }

    private static long count(Database db, String sql) {
        return db.jdbc().query(sql, r -> r.getLong(1)).get(0);
    }

    private static String quoted(Set<String> ids) {
        return String.join(", ", ids.stream().map(id -> "'" + id + "'").toList());
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
