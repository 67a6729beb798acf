package dev.seedancebot.core.quota;

import static dev.seedancebot.core.quota.QuotaFixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.BudgetSettings.Ceiling;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's budgets against what chat can do: moderators of one community granting, lifting limits, refunding;
 * strangers in private chats; racing threads. Nothing passes a ceiling, and what a community grants stays there.
 */
class BudgetTest {
    private static final String GUILD = "111";
    private static final String OTHER = "222";
    private static final UserKey MOD = user("mod");
    private static final UserKey MALLORY = user("mallory");
    private static final QuotaSettings GENEROUS = QuotaFixture.settings(1_000, 10_000, 0, 0);

    @TempDir
    Path dir;
    private QuotaFixture fx;
    private final ExecutorService pool = Executors.newFixedThreadPool(32);

    @AfterEach
    void close() {
        pool.shutdownNow();
        if (fx != null) {
            fx.close();
        }
    }

    private QuotaService open(BudgetSettings budgets) {
        fx = new QuotaFixture(dir, GENEROUS, budgets);
        return fx.quota;
    }

    private static BudgetSettings budgets(Ceiling global, Ceiling community) {
        return new BudgetSettings(global, community, Map.of(), BudgetSettings.Unlisted.DEFAULT, new Ceiling(50, 500));
    }

    @Test
    void selfGrantByAModeratorOfOneCommunity_spentInAnother_refused() {
        QuotaService tight = open(budgets(Ceiling.NONE, new Ceiling(600, 6_000)));
        tight.setUserLimit(OTHER, MALLORY, LimitKind.DAILY, 10L);
        tight.grantBonus(GUILD, MALLORY, 500, MALLORY, "to myself");

        ReserveDecision elsewhere = tight.reserve("t1", MALLORY, OTHER, Set.of(), 100);
        ReserveDecision privately = tight.reserve("t2", MALLORY, null, Set.of(), 100);

        assertThat(elsewhere).isInstanceOfSatisfying(ReserveDecision.Denied.class,
                d -> assertThat(d.reason()).isEqualTo(DenialReason.DAILY_LIMIT));
        assertThat(privately).isInstanceOfSatisfying(ReserveDecision.Denied.class,
                d -> assertThat(d.reason()).isEqualTo(DenialReason.COMMUNITY_BUDGET));
        assertThat(tight.snapshot(MALLORY, GUILD, Set.of()).bonusRemaining()).isEqualTo(500);
        assertThat(tight.snapshot(MALLORY, OTHER, Set.of()).bonusRemaining()).isZero();
    }

    @Test
    void moderatorSetsUnlimitedLimitsAndPool_refusedWithTheReason() {
        QuotaService quota = open(budgets(Ceiling.NONE, new Ceiling(600, 6_000)));

        assertThatThrownBy(() -> quota.setUserLimit(GUILD, MALLORY, LimitKind.DAILY, 0L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from 1 to 600")
                .hasMessageContaining("0 would mean no limit");
        assertThatThrownBy(() -> quota.setUserLimit(GUILD, MALLORY, LimitKind.MONTHLY, 0L))
                .hasMessageContaining("from 1 to 6000");
        assertThatThrownBy(() -> quota.setCommunityLimit(GUILD, LimitKind.POOL, 0L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> quota.setRoleLimit(GUILD, "everyone", LimitKind.CONCURRENT, 0L))
                .hasMessageContaining("1 to 10");
    }

    @Test
    void moderatorLimitOrGrantAboveTheCommunityBudget_refused() {
        QuotaService quota = open(budgets(Ceiling.NONE, new Ceiling(600, 6_000)));

        assertThatThrownBy(() -> quota.setUserLimit(GUILD, MALLORY, LimitKind.DAILY, 1_000_000L))
                .hasMessage("1000000 credits is more than this community's daily budget of 600 credits, which the"
                        + " bot's operator set; choose 1 to 600");
        assertThatThrownBy(() -> quota.grantBonus(GUILD, MALLORY, 1_000_000, MOD, "win"))
                .hasMessageContaining("at most 6000 credits");
        assertThat(quota.setUserLimit(GUILD, MALLORY, LimitKind.DAILY, 600L)).isNull();
    }

    @Test
    void communityBudget_32ThreadsOfManyMembersRacing_spendStopsExactlyAtTheCeiling() throws Exception {
        QuotaService quota = open(budgets(Ceiling.NONE, new Ceiling(100, 1_000)));

        List<ReserveDecision> decisions = race(64, i -> () -> quota.reserve("t" + i, user("m" + i), GUILD, Set.of(), 3));

        long granted = decisions.stream().filter(d -> d instanceof ReserveDecision.Granted).count();
        assertThat(granted).isEqualTo(33);
        assertThat(decisions).filteredOn(d -> d instanceof ReserveDecision.Denied)
                .allSatisfy(d -> assertThat(((ReserveDecision.Denied) d).reason())
                        .isEqualTo(DenialReason.COMMUNITY_BUDGET));
        assertThat(quota.budget(GUILD).spentToday()).isEqualTo(99);
    }

    @Test
    void globalBudget_manyCommunitiesRacing_neverOverTheBotsCeiling() throws Exception {
        QuotaService quota = open(budgets(new Ceiling(200, 2_000), new Ceiling(600, 6_000)));

        List<ReserveDecision> decisions = race(96, i -> () -> quota.reserve("t" + i, user("m" + i), "c" + (i % 12),
                Set.of(), 7));

        long granted = decisions.stream().filter(d -> d instanceof ReserveDecision.Granted).count();
        assertThat(granted).isEqualTo(200 / 7);
        assertThat(quota.budget("c0").globalSpentToday()).isEqualTo(granted * 7).isLessThanOrEqualTo(200);
    }

    @Test
    void moderatorRefundsOfDeliveredVideos_doNotFreeTheBudget_failuresDo() {
        QuotaService quota = open(budgets(Ceiling.NONE, new Ceiling(30, 300)));
        quota.reserve("delivered", MALLORY, GUILD, Set.of(), 10);
        quota.commit("delivered");
        quota.reserve("failed", MALLORY, GUILD, Set.of(), 10);

        quota.refundByModerator("delivered", "moderator refund");
        quota.refund("failed", "provider error");

        assertThat(quota.budget(GUILD).spentToday()).isEqualTo(10);
        assertThat(quota.snapshot(MALLORY, GUILD, Set.of()).usedToday()).isZero();
        quota.reserve("again", MALLORY, GUILD, Set.of(), 20);
        assertThat(quota.reserve("over", MALLORY, GUILD, Set.of(), 1)).isInstanceOf(ReserveDecision.Denied.class);
    }

    @Test
    void moderatorRefundsOwnVideosWhileTheyRender_budgetStaysSpent() {
        QuotaService quota = open(budgets(Ceiling.NONE, new Ceiling(30, 300)));
        for (int i = 0; i < 3; i++) {
            quota.reserve("own" + i, MALLORY, GUILD, Set.of(), 10);
            quota.refundByModerator("own" + i, "refunding myself while it renders");
            quota.commit("own" + i);
        }

        assertThat(quota.budget(GUILD).spentToday()).isEqualTo(30);
        assertThat(quota.reserve("fourth", MALLORY, GUILD, Set.of(), 10)).isInstanceOfSatisfying(
                ReserveDecision.Denied.class, d -> assertThat(d.reason()).isEqualTo(DenialReason.COMMUNITY_BUDGET));
    }

    @Test
    void undeliverableVideosRefundedAfterTheProviderRanThem_budgetStaysSpent() {
        QuotaService quota = open(budgets(Ceiling.NONE, new Ceiling(30, 300)));
        quota.reserve("dm-closed", MALLORY, GUILD, Set.of(), 30);

        quota.refundKeepingSpend("dm-closed", "delivery failed");

        assertThat(quota.snapshot(MALLORY, GUILD, Set.of()).usedToday()).isZero();
        assertThat(quota.precheck(MALLORY, GUILD, Set.of())).get().asString().contains("This community has used");
    }

    @Test
    void strangersInPrivateChats_shareOnePrivateBudget() {
        QuotaService quota = open(budgets(Ceiling.NONE, new Ceiling(600, 6_000)));
        int granted = 0;
        for (int i = 0; i < 20; i++) {
            granted += quota.reserve("p" + i, user("stranger" + i), null, Set.of(), 10)
                    instanceof ReserveDecision.Granted ? 1 : 0;
        }

        assertThat(granted).isEqualTo(5);
        assertThat(quota.precheck(user("stranger99"), null, Set.of())).get().asString()
                .contains("Private chats with the bot have used its daily video budget");
    }

    @Test
    void unlistedCommunity_whenOperatorServesListedOnly_refusedUntilGivenABudget() {
        QuotaService quota = open(new BudgetSettings(Ceiling.NONE, new Ceiling(600, 6_000),
                Map.of(GUILD, new Ceiling(100, 1_000)), BudgetSettings.Unlisted.DENY, Ceiling.NONE));

        ReserveDecision listed = quota.reserve("t1", MALLORY, GUILD, Set.of(), 10);
        ReserveDecision unlisted = quota.reserve("t2", MALLORY, OTHER, Set.of(), 10);
        quota.setBudget(OTHER, false, true, 50L, MOD);
        ReserveDecision afterOperator = quota.reserve("t3", MALLORY, OTHER, Set.of(), 10);

        assertThat(listed).isInstanceOf(ReserveDecision.Granted.class);
        assertThat(unlisted).isInstanceOfSatisfying(ReserveDecision.Denied.class,
                d -> assertThat(d.reason()).isEqualTo(DenialReason.NOT_SERVED));
        assertThat(afterOperator).isInstanceOf(ReserveDecision.Granted.class);
        assertThat(quota.budget(OTHER).ceiling()).isEqualTo(new Ceiling(50, 6_000));
    }

    @Test
    void operatorBudget_beatsTheConfiguration_untilSetBackToDefault() {
        QuotaService quota = open(budgets(new Ceiling(100, 1_000), new Ceiling(600, 6_000)));

        Ceiling before = quota.setBudget(null, true, true, Ceiling.UNLIMITED, MOD);
        ReserveDecision big = quota.reserve("t1", MALLORY, GUILD, Set.of(), 500);
        quota.setBudget(null, true, true, null, MOD);

        assertThat(before).isEqualTo(new Ceiling(100, 1_000));
        assertThat(big).isInstanceOf(ReserveDecision.Granted.class);
        assertThat(quota.budget(GUILD).globalCeiling()).isEqualTo(new Ceiling(100, 1_000));
        assertThat(quota.precheck(user("next"), GUILD, Set.of())).get().asString().contains("The bot has used");
    }

    @Test
    void repairAfterUncleanStop_recountsTheBudgetFromTheCharges() {
        QuotaService quota = open(budgets(Ceiling.NONE, new Ceiling(100, 1_000)));
        quota.reserve("t1", MALLORY, GUILD, Set.of(), 30);
        fx.db.jdbc().update("UPDATE budget_spend SET credits = 0");

        quota.repairTornCharges();

        assertThat(quota.budget(GUILD).spentToday()).isEqualTo(30);
        assertThat(quota.budget(GUILD).globalSpentMonth()).isEqualTo(30);
    }

    private List<ReserveDecision> race(int n, java.util.function.IntFunction<Callable<ReserveDecision>> call)
            throws Exception {
        List<Future<ReserveDecision>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(pool.submit(call.apply(i)));
        }
        List<ReserveDecision> decisions = new ArrayList<>();
        for (Future<ReserveDecision> f : futures) {
            decisions.add(f.get());
        }
        return decisions;
    }
}
