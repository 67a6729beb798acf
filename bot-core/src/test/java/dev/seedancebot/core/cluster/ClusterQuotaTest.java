package dev.seedancebot.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.LimitKind;
import dev.seedancebot.core.quota.BudgetSettings;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.quota.ReserveDecision;
import dev.seedancebot.core.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances' quota services on one PostgreSQL: a change on one drops the other's cached entries (the caches
 * never expire here, so only the invalidation bus can make the change visible), and reservations from both stay
 * atomic.
 */
class ClusterQuotaTest {
    private static final UserKey ALICE = new UserKey(Platform.DISCORD, "alice");
    private static final String GUILD = "guild-1";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private Database firstDb;
    private Database secondDb;
    private QuotaService first;
    private QuotaService second;

    @BeforeEach
    void openTwoInstances() {
        String url = TestPostgres.freshDatabase();
        QuotaSettings settings = new QuotaSettings(ZoneId.of("UTC"), 100, 1000, 0, 0);
        firstDb = Database.open(url, TestPostgres.USER, "");
        secondDb = Database.open(url, TestPostgres.USER, "");
        // a ticker that never advances: cached entries only go away when invalidated
        first = new QuotaService(firstDb, settings, BudgetSettings.NONE, Clock.systemUTC(), () -> 0L, Runnable::run);
        second = new QuotaService(secondDb, settings, BudgetSettings.NONE, Clock.systemUTC(), () -> 0L, Runnable::run);
    }

    @AfterEach
    void close() {
        firstDb.close();
        secondDb.close();
    }

    @Test
    void setUserLimit_onOneInstance_otherInstanceSeesItAtOnce() {
        assertThat(first.snapshot(ALICE, GUILD, Set.of()).policy().dailyLimit()).isEqualTo(100);

        second.setUserLimit(GUILD, ALICE, LimitKind.DAILY, 7L);

        await().atMost(WAIT).until(() -> first.snapshot(ALICE, GUILD, Set.of()).policy().dailyLimit() == 7);
    }

    @Test
    void setCommunityLimit_onOneInstance_otherInstanceSeesItAtOnce() {
        assertThat(first.snapshot(ALICE, GUILD, Set.of()).policy().dailyLimit()).isEqualTo(100);

        second.setCommunityLimit(GUILD, LimitKind.DAILY, 30L);

        await().atMost(WAIT).until(() -> first.snapshot(ALICE, GUILD, Set.of()).policy().dailyLimit() == 30);
    }

    @Test
    void ledgerWrite_onOneInstance_otherInstanceSeesNewUsage() {
        assertThat(first.snapshot(ALICE, GUILD, Set.of()).usedToday()).isZero();

        second.reserve("task-1", ALICE, GUILD, Set.of(), 12);
        second.grantBonus(GUILD, ALICE, 5, new UserKey(Platform.DISCORD, "mod"), "thanks");

        await().atMost(WAIT).untilAsserted(() -> {
            var snapshot = first.snapshot(ALICE, GUILD, Set.of());
            assertThat(snapshot.usedToday()).isEqualTo(12);
            assertThat(snapshot.bonusRemaining()).isEqualTo(5);
            assertThat(snapshot.communityUsedToday()).isEqualTo(12);
        });
    }

    @Test
    void reserve_concurrentlyOnTwoInstances_neverOverspends() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<ReserveDecision>> calls = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                QuotaService instance = i % 2 == 0 ? first : second;
                String taskId = "task-" + i;
                calls.add(() -> instance.reserve(taskId, ALICE, GUILD, Set.of(), 3));
            }
            long granted = 0;
            for (Future<ReserveDecision> f : threads.invokeAll(calls)) {
                if (f.get() instanceof ReserveDecision.Granted) {
                    granted++;
                }
            }

            assertThat(granted).isEqualTo(33); // 100 credits a day, 3 each
            assertThat(second.snapshot(ALICE, GUILD, Set.of()).usedToday()).isEqualTo(99);
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void budgets_manyMembersOfManyCommunitiesOnTwoInstances_neverPassTheBotsOrACommunitysCeiling() throws Exception {
        String url = TestPostgres.freshDatabase();
        BudgetSettings budgets = new BudgetSettings(new BudgetSettings.Ceiling(150, 1_500),
                new BudgetSettings.Ceiling(40, 400), java.util.Map.of(), BudgetSettings.Unlisted.DEFAULT,
                BudgetSettings.Ceiling.NONE);
        QuotaSettings settings = new QuotaSettings(ZoneId.of("UTC"), 100, 1000, 0, 0);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try (Database a = Database.open(url, TestPostgres.USER, "");
                Database b = Database.open(url, TestPostgres.USER, "")) {
            QuotaService one = new QuotaService(a, settings, budgets, Clock.systemUTC(), () -> 0L, Runnable::run);
            QuotaService two = new QuotaService(b, settings, budgets, Clock.systemUTC(), () -> 0L, Runnable::run);
            List<Callable<ReserveDecision>> calls = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                QuotaService instance = i % 2 == 0 ? one : two;
                String taskId = "task-" + i;
                UserKey member = new UserKey(Platform.DISCORD, "m" + i);
                String community = "c" + (i % 6);
                calls.add(() -> instance.reserve(taskId, member, community, Set.of(), 5));
            }
            long granted = 0;
            for (Future<ReserveDecision> f : threads.invokeAll(calls)) {
                granted += f.get() instanceof ReserveDecision.Granted ? 1 : 0;
            }

            assertThat(granted).isEqualTo(30); // the bot's 150 a day at 5 each; each community's 40 allows 8
            for (int c = 0; c < 6; c++) {
                assertThat(one.budget("c" + c).spentToday()).isLessThanOrEqualTo(40);
            }
            assertThat(two.budget("c0").globalSpentToday()).isEqualTo(150);
        } finally {
            threads.shutdown();
        }
    }
}
