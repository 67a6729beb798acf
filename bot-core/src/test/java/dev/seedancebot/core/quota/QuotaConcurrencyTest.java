package dev.seedancebot.core.quota;

import static dev.seedancebot.core.quota.QuotaFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.identity.UserKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real threads against a real H2 file: the row locks, not the JVM, must serialize reservations. */
class QuotaConcurrencyTest {

    private static final int THREADS = 50;

    @TempDir
    Path dir;

    private QuotaFixture fx;
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void close() {
        pool.shutdownNow();
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void reserve_50ThreadsRaceForLastCreditOfNewUser_exactlyOneGranted() throws Exception {
        fx = new QuotaFixture(dir, QuotaFixture.settings(10, 100, 0, 0));
        UserKey alice = user("alice");
        // the user's account row does not exist yet, so the racers also race to create it
        List<ReserveDecision> decisions = race(i -> () -> fx.quota.reserve("last-" + i, alice, null, Set.of(), 10));

        assertThat(decisions).filteredOn(d -> d instanceof ReserveDecision.Granted).hasSize(1);
        assertThat(decisions).filteredOn(d -> d instanceof ReserveDecision.Denied).hasSize(THREADS - 1)
                .allSatisfy(d -> assertThat(((ReserveDecision.Denied) d).reason()).isEqualTo(DenialReason.DAILY_LIMIT));
        assertThat(fx.ledgerUsedToday(alice)).isEqualTo(10);
        assertThat(fx.count("SELECT COUNT(*) FROM quota_charge")).isEqualTo(1);
    }

    @Test
    void reserve_50ThreadsOfOneUserWithOneCreditLeft_exactlyOneGranted() throws Exception {
        fx = new QuotaFixture(dir, QuotaFixture.settings(10, 100, 0, 0));
        UserKey alice = user("alice");
        fx.quota.reserve("warm-up", alice, null, Set.of(), 9);

        List<ReserveDecision> decisions = race(i -> () -> fx.quota.reserve("last-" + i, alice, null, Set.of(), 1));

        assertThat(decisions).filteredOn(d -> d instanceof ReserveDecision.Granted).hasSize(1);
        assertThat(fx.ledgerUsedToday(alice)).isEqualTo(10);
        assertThat(fx.quota.snapshot(alice, null, Set.of()).usedToday()).isEqualTo(10);
    }

    @Test
    void reserve_50UsersRaceForLastPoolCredit_exactlyOneGranted() throws Exception {
        fx = new QuotaFixture(dir, QuotaFixture.settings(10, 100, 0, 50));
        fx.quota.reserve("warm-up", user("owner"), "guild", Set.of(), 10);
        fx.quota.setCommunityLimit("guild", LimitKind.POOL, 11L);

        List<ReserveDecision> decisions =
                race(i -> () -> fx.quota.reserve("pool-" + i, user("u" + i), "guild", Set.of(), 1));

        assertThat(decisions).filteredOn(d -> d instanceof ReserveDecision.Granted).hasSize(1);
        assertThat(fx.ledgerCommunityToday("guild")).isEqualTo(11);
    }

    @Test
    void reserve_1000Reservations_measuresThroughput() throws Exception {
        fx = new QuotaFixture(dir, QuotaFixture.settings(0, 0, 0, 0));
        for (int i = 0; i < 50; i++) { // JIT and pool warm-up, excluded from the figures
            fx.quota.reserve("warm-" + i, user("warm"), "guild", Set.of(), 1);
        }

        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            fx.quota.reserve("seq-" + i, user("u" + (i % 20)), "guild", Set.of("r"), 1);
        }
        double sequential = 1000 / ((System.nanoTime() - start) / 1e9);

        int threads = 4;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            workers.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < 1000 / threads; i++) {
                    fx.quota.reserve("par-" + worker + "-" + i, user("p" + worker + "-" + (i % 5)), "guild", Set.of(),
                            1);
                }
                return null;
            }));
        }
        long parallelStart = System.nanoTime();
        go.countDown();
        for (Future<?> w : workers) {
            w.get();
        }
        double parallel = 1000 / ((System.nanoTime() - parallelStart) / 1e9);
        System.out.printf("quota throughput on H2 file: 1000 reservations sequential %.0f ops/s, %d threads %.0f ops/s%n",
                sequential, threads, parallel);

        assertThat(fx.ledgerCommunityToday("guild")).isEqualTo(2050);
    }

    /** Starts all racers at once on a latch; returns their decisions. Prints how long the race took. */
    private List<ReserveDecision> race(IntFunction<java.util.concurrent.Callable<ReserveDecision>> racer)
            throws Exception {
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ReserveDecision>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            var call = racer.apply(i);
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return call.call();
            }));
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        List<ReserveDecision> decisions = new ArrayList<>();
        for (Future<ReserveDecision> f : futures) {
            decisions.add(f.get());
        }
        System.out.printf("race of %d threads settled in %.1f ms%n", THREADS, (System.nanoTime() - start) / 1e6);
        return decisions;
    }
}
