package dev.seedancebot.core.quota;

import static dev.seedancebot.core.quota.QuotaFixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedancebot.core.identity.UserKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuotaServiceTest {

    private static final UserKey ALICE = user("alice");
    private static final UserKey BOB = user("bob");
    private static final UserKey MOD = user("mod");

    @TempDir
    Path dir;

    private QuotaFixture fx;

    private QuotaService open(long daily, long monthly, int concurrent, long pool) {
        fx = new QuotaFixture(dir, QuotaFixture.settings(daily, monthly, concurrent, pool));
        return fx.quota;
    }

    @AfterEach
    void close() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void reserve_withinLimits_grantsAndCountsUsage() {
        QuotaService quota = open(30, 100, 0, 0);

        ReserveDecision decision = quota.reserve("t1", ALICE, null, Set.of(), 10);

        assertThat(decision).isEqualTo(new ReserveDecision.Granted(10, 20));
        QuotaSnapshot snapshot = quota.snapshot(ALICE, null, Set.of());
        assertThat(snapshot.usedToday()).isEqualTo(10).isEqualTo(fx.ledgerUsedToday(ALICE));
        assertThat(snapshot.usedMonth()).isEqualTo(10);
        assertThat(snapshot.reservedCredits()).isEqualTo(10);
        assertThat(snapshot.runningTasks()).isEqualTo(1);
        assertThat(quota.entry("t1")).get().extracting(LedgerEntry::state).isEqualTo(ChargeState.RESERVED);
    }

    @Test
    void repairTornCharges_refundedWithoutRefundRow_booksTheRefundOnce() {
        QuotaService quota = open(30, 100, 0, 0);
        quota.reserve("t1", ALICE, null, Set.of(), 10);
        quota.refund("t1", "failed");
        // what H2 brought back once after a SIGKILL during the refund's commit
        fx.db.jdbc().update("DELETE FROM quota_ledger WHERE task_id = 't1' AND kind = 'REFUND'");

        assertThat(quota.repairTornCharges()).isEqualTo(1);
        assertThat(quota.repairTornCharges()).isZero();

        assertThat(fx.ledgerUsedToday(ALICE)).isZero();
        assertThat(quota.snapshot(ALICE, null, Set.of()).usedToday()).isZero();
        assertThat(fx.count("SELECT COUNT(*) FROM quota_ledger WHERE task_id = 't1' AND kind = 'REFUND'")).isEqualTo(1);
    }

    @Test
    void repairTornCharges_refundRowWithoutRefundedState_marksTheChargeRefunded() {
        QuotaService quota = open(30, 100, 0, 0);
        quota.reserve("t1", ALICE, null, Set.of(), 10);
        quota.refund("t1", "failed");
        fx.db.jdbc().update("UPDATE quota_charge SET state = 'RESERVED' WHERE task_id = 't1'");

        assertThat(quota.repairTornCharges()).isEqualTo(1);

        assertThat(quota.entry("t1")).get().extracting(LedgerEntry::state).isEqualTo(ChargeState.REFUNDED);
        assertThat(fx.ledgerUsedToday(ALICE)).isZero();
    }

    @Test
    void repairTornCharges_chargeWithoutReserveRow_booksTheReservation() {
        QuotaService quota = open(30, 100, 0, 0);
        quota.reserve("t1", ALICE, null, Set.of(), 10);
        fx.db.jdbc().update("DELETE FROM quota_ledger WHERE task_id = 't1'");

        assertThat(quota.repairTornCharges()).isEqualTo(1);

        assertThat(fx.ledgerUsedToday(ALICE)).isEqualTo(10);
        assertThat(quota.snapshot(ALICE, null, Set.of()).usedToday()).isEqualTo(10);
    }

    @Test
    void repairTornCharges_reserveRowWithoutCharge_reversesIt() {
        QuotaService quota = open(30, 100, 0, 0);
        quota.reserve("t1", ALICE, null, Set.of(), 10);
        fx.db.jdbc().update("DELETE FROM quota_charge WHERE task_id = 't1'");

        assertThat(quota.repairTornCharges()).isEqualTo(1);
        assertThat(quota.repairTornCharges()).isZero();

        assertThat(fx.ledgerUsedToday(ALICE)).isZero();
    }

    @Test
    void repairTornCharges_chargeMissingOnlyItsBonusRow_booksThatRowAlone() {
        QuotaService quota = open(10, 100, 0, 0);
        quota.grantBonus(null, ALICE, 15, MOD, "contest winner");
        quota.reserve("t1", ALICE, null, Set.of(), 18); // 10 from the day's window, 8 from the bonus
        fx.db.jdbc().update("DELETE FROM quota_ledger WHERE task_id = 't1' AND bucket = 'BONUS'");

        assertThat(quota.repairTornCharges()).isEqualTo(1);
        assertThat(quota.repairTornCharges()).isZero();

        assertThat(fx.ledgerUsedToday(ALICE)).isEqualTo(10);
        assertThat(fx.ledgerBonus(ALICE)).isEqualTo(7);
        quota.refund("t1", "failed");
        assertThat(fx.ledgerBonus(ALICE)).isEqualTo(15);
        assertThat(fx.ledgerUsedToday(ALICE)).isZero();
    }

    @Test
    void repairTornCharges_consistentLedger_changesNothing() {
        QuotaService quota = open(30, 100, 0, 0);
        quota.reserve("t1", ALICE, null, Set.of(), 10);
        quota.reserve("t2", ALICE, null, Set.of(), 5);
        quota.commit("t1");
        quota.refund("t2", "failed");

        assertThat(quota.repairTornCharges()).isZero();
        assertThat(fx.ledgerUsedToday(ALICE)).isEqualTo(10);
    }

    @Test
    void reserve_sameTaskTwice_writesOneChargeAndOneLedgerRow() {
        QuotaService quota = open(30, 100, 0, 0);

        ReserveDecision first = quota.reserve("t1", ALICE, null, Set.of(), 10);
        ReserveDecision second = quota.reserve("t1", ALICE, null, Set.of(), 10);

        assertThat(second).isEqualTo(first);
        assertThat(fx.count("SELECT COUNT(*) FROM quota_charge")).isEqualTo(1);
        assertThat(fx.count("SELECT COUNT(*) FROM quota_ledger")).isEqualTo(1);
        assertThat(fx.ledgerUsedToday(ALICE)).isEqualTo(10);
    }

    @Test
    void reserve_taskIdOfAnotherUser_throws() {
        QuotaService quota = open(30, 100, 0, 0);
        quota.reserve("t1", ALICE, null, Set.of(), 10);

        assertThatThrownBy(() -> quota.reserve("t1", BOB, null, Set.of(), 10))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("belongs to discord:alice");
    }

    @Test
    void refund_twice_refundsOnce() {
        QuotaService quota = open(30, 100, 0, 0);
        quota.reserve("t1", ALICE, null, Set.of(), 10);

        boolean first = quota.refund("t1", "provider failed");
        boolean second = quota.refund("t1", "provider failed");

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(fx.count("SELECT COUNT(*) FROM quota_ledger WHERE kind = 'REFUND'")).isEqualTo(1);
        assertThat(fx.ledgerUsedToday(ALICE)).isZero();
        assertThat(quota.snapshot(ALICE, null, Set.of()).usedToday()).isZero();
        assertThat(quota.entry("t1")).get().satisfies(e -> {
            assertThat(e.state()).isEqualTo(ChargeState.REFUNDED);
            assertThat(e.settleReason()).isEqualTo("provider failed");
        });
    }

    @Test
    void commit_twice_commitsOnceAndKeepsCharge() {
        QuotaService quota = open(30, 100, 0, 0);
        quota.reserve("t1", ALICE, null, Set.of(), 10);

        assertThat(quota.commit("t1")).isTrue();
        assertThat(quota.commit("t1")).isFalse();

        QuotaSnapshot snapshot = quota.snapshot(ALICE, null, Set.of());
        assertThat(snapshot.usedToday()).isEqualTo(10);
        assertThat(snapshot.reservedCredits()).isZero();
        assertThat(snapshot.runningTasks()).isZero();
    }

    @Test
    void commit_unknownOrRefundedTask_returnsFalse() {
        QuotaService quota = open(30, 100, 0, 0);
        quota.reserve("t1", ALICE, null, Set.of(), 10);
        quota.refund("t1", "expired");

        assertThat(quota.commit("t1")).isFalse();
        assertThat(quota.commit("nope")).isFalse();
        assertThat(quota.refund("nope", "x")).isFalse();
    }

    @Test
    void refund_committedCharge_onlyWithIncludeCommitted() {
        QuotaService quota = open(30, 100, 0, 0);
        quota.reserve("t1", ALICE, null, Set.of(), 10);
        quota.commit("t1");

        boolean plain = quota.refund("t1", "late failure");
        boolean moderator = quota.refundByModerator("t1", "bad video");

        assertThat(plain).isFalse();
        assertThat(moderator).isTrue();
        assertThat(fx.ledgerUsedToday(ALICE)).isZero();
    }

    @Test
    void reserve_afterRefund_sameTaskId_throws() {
        QuotaService quota = open(30, 100, 0, 0);
        quota.reserve("t1", ALICE, null, Set.of(), 10);
        quota.refund("t1", "rejected");

        assertThatThrownBy(() -> quota.reserve("t1", ALICE, null, Set.of(), 10))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refunded");
    }

    @Test
    void reserve_dailyLimitReached_deniedUntilNextLocalMidnight() {
        QuotaService quota = open(30, 100, 0, 0);
        quota.reserve("t1", ALICE, null, Set.of(), 25);

        ReserveDecision decision = quota.reserve("t2", ALICE, null, Set.of(), 10);

        assertThat(decision).isInstanceOfSatisfying(ReserveDecision.Denied.class, d -> {
            assertThat(d.reason()).isEqualTo(DenialReason.DAILY_LIMIT);
            assertThat(d.resetsAt()).isEqualTo(Instant.parse("2025-03-11T23:00:00Z"));
            assertThat(d.message())
                    .contains("costs 10 credits", "5 credits left", "daily 30 credits",
                            "Mar 12, 00:00 Europe/Berlin", "in 12 h 0 min");
        });
        assertThat(fx.count("SELECT COUNT(*) FROM quota_charge")).isEqualTo(1);
    }

    @Test
    void reserve_monthlyLimitReached_deniedUntilFirstOfNextMonth() {
        QuotaService quota = open(30, 40, 0, 0);
        quota.reserve("t1", ALICE, null, Set.of(), 30);
        fx.clock.advance(Duration.ofDays(1));

        ReserveDecision decision = quota.reserve("t2", ALICE, null, Set.of(), 20);

        assertThat(decision).isInstanceOfSatisfying(ReserveDecision.Denied.class, d -> {
            assertThat(d.reason()).isEqualTo(DenialReason.MONTHLY_LIMIT);
            assertThat(d.resetsAt()).isEqualTo(Instant.parse("2025-03-31T22:00:00Z")); // April 1, CEST
        });
    }

    @Test
    void reserve_justAfterLocalMidnight_dailyWindowRolledOver() {
        QuotaService quota = open(30, 100, 0, 0);
        fx.clock.set(Instant.parse("2025-03-11T22:59:00Z")); // 23:59 in Berlin, still 11 March locally
        quota.reserve("t1", ALICE, null, Set.of(), 30);
        assertThat(quota.reserve("t2", ALICE, null, Set.of(), 1)).isInstanceOf(ReserveDecision.Denied.class);

        fx.clock.advance(Duration.ofMinutes(1)); // 00:00 on 12 March in Berlin, 23:00 UTC on the 11th

        assertThat(quota.reserve("t3", ALICE, null, Set.of(), 30)).isEqualTo(new ReserveDecision.Granted(30, 0));
        QuotaSnapshot snapshot = quota.snapshot(ALICE, null, Set.of());
        assertThat(snapshot.usedToday()).isEqualTo(30);
        assertThat(snapshot.usedMonth()).isEqualTo(60);
        assertThat(snapshot.dailyResetsAt()).isEqualTo(Instant.parse("2025-03-12T23:00:00Z"));
    }

    @Test
    void snapshot_nextMonth_monthlyWindowRolledOver() {
        QuotaService quota = open(0, 40, 0, 0);
        quota.reserve("t1", ALICE, null, Set.of(), 40);
        assertThat(quota.snapshot(ALICE, null, Set.of()).remainingMonth()).isZero();

        fx.clock.set(Instant.parse("2025-03-31T22:00:00Z")); // April 1, 00:00 in Berlin (CEST)

        QuotaSnapshot snapshot = quota.snapshot(ALICE, null, Set.of());
        assertThat(snapshot.usedMonth()).isZero();
        assertThat(snapshot.remainingMonth()).isEqualTo(40);
        assertThat(snapshot.monthlyResetsAt()).isEqualTo(Instant.parse("2025-04-30T22:00:00Z"));
    }

    @Test
    void refund_afterMidnight_givesCreditsBackToTheReservationDay() {
        QuotaService quota = open(30, 100, 0, 0);
        quota.reserve("t1", ALICE, null, Set.of(), 20);
        fx.clock.advance(Duration.ofDays(1));
        quota.reserve("t2", ALICE, null, Set.of(), 5);

        quota.refund("t1", "expired");

        QuotaSnapshot snapshot = quota.snapshot(ALICE, null, Set.of());
        assertThat(snapshot.usedToday()).isEqualTo(5);
        assertThat(snapshot.usedMonth()).isEqualTo(5);
    }

    @Test
    void reserve_communityPoolExhausted_deniesOtherMembers() {
        QuotaService quota = open(30, 100, 0, 40);
        quota.reserve("t1", ALICE, "guild", Set.of(), 30);

        ReserveDecision bob = quota.reserve("t2", BOB, "guild", Set.of(), 20);
        ReserveDecision bobElsewhere = quota.reserve("t3", BOB, "other", Set.of(), 20);

        assertThat(bob).isInstanceOfSatisfying(ReserveDecision.Denied.class, d -> {
            assertThat(d.reason()).isEqualTo(DenialReason.COMMUNITY_POOL);
            assertThat(d.message()).contains("only 10 credits left", "shared daily 40 credits");
            assertThat(d.resetsAt()).isEqualTo(Instant.parse("2025-03-11T23:00:00Z"));
        });
        assertThat(bobElsewhere).isInstanceOf(ReserveDecision.Granted.class);
        assertThat(quota.snapshot(BOB, "guild", Set.of()).communityUsedToday())
                .isEqualTo(30)
                .isEqualTo(fx.ledgerCommunityToday("guild"));
    }

    @Test
    void reserve_refundInCommunity_freesThePool() {
        QuotaService quota = open(30, 100, 0, 40);
        quota.reserve("t1", ALICE, "guild", Set.of(), 30);
        quota.refund("t1", "failed");

        assertThat(quota.reserve("t2", BOB, "guild", Set.of(), 30)).isInstanceOf(ReserveDecision.Granted.class);
    }

    @Test
    void snapshot_severalRoles_mostGenerousRoleWins() {
        QuotaService quota = open(10, 100, 1, 0);
        quota.setRoleLimit("guild", "helper", LimitKind.DAILY, 20L);
        quota.setRoleLimit("guild", "vip", LimitKind.DAILY, 50L);
        quota.setRoleLimit("guild", "vip", LimitKind.CONCURRENT, 3L);
        quota.setRoleLimit("guild", "staff", LimitKind.CONCURRENT, 5L);

        EffectivePolicy helperAndVip = quota.snapshot(ALICE, "guild", Set.of("helper", "vip")).policy();
        EffectivePolicy all = quota.snapshot(ALICE, "guild", Set.of("helper", "vip", "staff")).policy();
        EffectivePolicy elsewhere = quota.snapshot(ALICE, "other", Set.of("vip")).policy();

        assertThat(helperAndVip.dailyLimit()).isEqualTo(50);
        assertThat(helperAndVip.maxConcurrent()).isEqualTo(3);
        assertThat(helperAndVip.monthlyLimit()).isEqualTo(100);
        assertThat(all.maxConcurrent()).isEqualTo(5);
        assertThat(elsewhere.dailyLimit()).isEqualTo(10);
    }

    @Test
    void reserve_userOverride_beatsRolesAndCommunityDefaults() {
        QuotaService quota = open(10, 100, 0, 0);
        quota.setCommunityLimit("guild", LimitKind.DAILY, 15L);
        quota.setRoleLimit("guild", "vip", LimitKind.DAILY, 50L);
        quota.setUserLimit("guild", ALICE, LimitKind.DAILY, 5L);

        ReserveDecision alice = quota.reserve("t1", ALICE, "guild", Set.of("vip"), 6);
        ReserveDecision bobVip = quota.reserve("t2", BOB, "guild", Set.of("vip"), 40);
        ReserveDecision bobPlain = quota.reserve("t3", user("carol"), "guild", Set.of(), 15);

        assertThat(alice).isInstanceOf(ReserveDecision.Denied.class);
        assertThat(bobVip).isInstanceOf(ReserveDecision.Granted.class);
        assertThat(bobPlain).isEqualTo(new ReserveDecision.Granted(15, 0));
    }

    @Test
    void reserve_telegramAdminPseudoRole_getsRoleLimit() {
        QuotaService quota = open(10, 100, 0, 0);
        quota.setRoleLimit("-100123", "telegram:admin", LimitKind.DAILY, 60L);
        UserKey admin = new UserKey(dev.seedancebot.core.identity.Platform.TELEGRAM, "42");

        ReserveDecision decision = quota.reserve("t1", admin, "-100123", Set.of("telegram:admin"), 50);

        assertThat(decision).isInstanceOf(ReserveDecision.Granted.class);
    }

    @Test
    void reserve_concurrencyCapReached_deniedUntilOneSettles() {
        QuotaService quota = open(100, 1000, 2, 0);
        quota.reserve("t1", ALICE, null, Set.of(), 1);
        quota.reserve("t2", ALICE, null, Set.of(), 1);

        ReserveDecision third = quota.reserve("t3", ALICE, null, Set.of(), 1);
        quota.commit("t1");
        ReserveDecision afterCommit = quota.reserve("t4", ALICE, null, Set.of(), 1);

        assertThat(third).isInstanceOfSatisfying(ReserveDecision.Denied.class, d -> {
            assertThat(d.reason()).isEqualTo(DenialReason.TOO_MANY_RUNNING);
            assertThat(d.resetsAt()).isNull();
            assertThat(d.message()).contains("2 videos in progress");
        });
        assertThat(afterCommit).isInstanceOf(ReserveDecision.Granted.class);
    }

    @Test
    void reserve_blockedUser_deniedUntilUnblocked() {
        QuotaService quota = open(100, 1000, 0, 0);
        quota.setBlocked("guild", false, ALICE, true, "spam");

        ReserveDecision blocked = quota.reserve("t1", ALICE, "guild", Set.of("vip"), 1);
        quota.setBlocked("guild", false, ALICE, false, null);
        ReserveDecision unblocked = quota.reserve("t2", ALICE, "guild", Set.of("vip"), 1);

        assertThat(blocked).isInstanceOfSatisfying(ReserveDecision.Denied.class, d -> {
            assertThat(d.reason()).isEqualTo(DenialReason.BLOCKED);
            assertThat(d.resetsAt()).isNull();
        });
        assertThat(unblocked).isInstanceOf(ReserveDecision.Granted.class);
    }

    @Test
    void reserve_beyondDailyLimitWithBonus_spendsBonusForTheRest() {
        QuotaService quota = open(10, 100, 0, 0);
        quota.grantBonus(null, ALICE, 15, MOD, "contest winner");

        ReserveDecision decision = quota.reserve("t1", ALICE, null, Set.of(), 18);

        assertThat(decision).isEqualTo(new ReserveDecision.Granted(18, 7));
        assertThat(quota.entry("t1")).get().extracting(LedgerEntry::bonusCredits).isEqualTo(8L);
        QuotaSnapshot snapshot = quota.snapshot(ALICE, null, Set.of());
        assertThat(snapshot.usedToday()).isEqualTo(10);
        assertThat(snapshot.bonusRemaining()).isEqualTo(7).isEqualTo(fx.ledgerBonus(ALICE));

        quota.refund("t1", "failed");

        assertThat(quota.snapshot(ALICE, null, Set.of()).bonusRemaining()).isEqualTo(15);
        assertThat(fx.ledgerUsedToday(ALICE)).isZero();
    }

    @Test
    void reserve_moreThanWindowsAndBonus_deniedMentioningBonus() {
        QuotaService quota = open(10, 100, 0, 0);
        quota.grantBonus(null, ALICE, 5, MOD, null);

        ReserveDecision decision = quota.reserve("t1", ALICE, null, Set.of(), 16);

        assertThat(decision).isInstanceOfSatisfying(ReserveDecision.Denied.class,
                d -> assertThat(d.message()).contains("10 credits plus 5 credits bonus left"));
    }

    @Test
    void resetUsage_today_writesAdjustmentRowAndKeepsHistory() {
        QuotaService quota = open(30, 100, 0, 0);
        quota.reserve("t1", ALICE, null, Set.of(), 30);
        quota.commit("t1");

        UsageReset reset = quota.resetUsage(null, ALICE, UsageWindow.TODAY, MOD, "bug compensation");

        assertThat(reset).isEqualTo(new UsageReset(30, 0));
        QuotaSnapshot snapshot = quota.snapshot(ALICE, null, Set.of());
        assertThat(snapshot.usedToday()).isZero().isEqualTo(fx.ledgerUsedToday(ALICE));
        assertThat(snapshot.usedMonth()).isEqualTo(30);
        assertThat(fx.count("SELECT COUNT(*) FROM quota_ledger WHERE kind = 'RESERVE'")).isEqualTo(1);
        assertThat(quota.reserve("t2", ALICE, null, Set.of(), 30)).isInstanceOf(ReserveDecision.Granted.class);
    }

    @Test
    void resetUsage_withTaskInFlight_keepsItsCreditsSoALaterRefundBalances() {
        QuotaService quota = open(30, 100, 0, 0);
        quota.reserve("done", ALICE, null, Set.of(), 10);
        quota.commit("done");
        quota.reserve("running", ALICE, null, Set.of(), 15);

        UsageReset reset = quota.resetUsage(null, ALICE, UsageWindow.BOTH, MOD, null);
        quota.refund("running", "failed");

        assertThat(reset).isEqualTo(new UsageReset(10, 10));
        QuotaSnapshot snapshot = quota.snapshot(ALICE, null, Set.of());
        assertThat(snapshot.usedToday()).isZero();
        assertThat(snapshot.usedMonth()).isZero();
    }

    @Test
    void snapshot_directDatabaseChange_servedFromCacheUntilTtlOrInvalidation() {
        QuotaService quota = open(30, 100, 0, 0);
        quota.reserve("t1", ALICE, null, Set.of(), 5);
        assertThat(quota.snapshot(ALICE, null, Set.of()).policy().dailyLimit()).isEqualTo(30);
        fx.db.jdbc().update("UPDATE quota_member SET daily_limit = 7 WHERE scope_id = 'private' AND user_key = ?", ALICE.toString());

        long cached = quota.snapshot(ALICE, null, Set.of()).policy().dailyLimit();
        fx.ticker.advance(Duration.ofMinutes(2));
        long expired = quota.snapshot(ALICE, null, Set.of()).policy().dailyLimit();
        quota.setUserLimit(null, ALICE, LimitKind.DAILY, 9L);
        long invalidated = quota.snapshot(ALICE, null, Set.of()).policy().dailyLimit();

        assertThat(cached).isEqualTo(30);
        assertThat(expired).isEqualTo(7);
        assertThat(invalidated).isEqualTo(9);
    }

    @Test
    void snapshot_cachedThenReserveAndRefund_reflectsEveryLedgerWrite() {
        QuotaService quota = open(30, 100, 0, 50);
        assertThat(quota.snapshot(ALICE, "guild", Set.of()).usedToday()).isZero();

        quota.reserve("t1", BOB, "guild", Set.of(), 20);
        assertThat(quota.snapshot(ALICE, "guild", Set.of()).communityUsedToday()).isEqualTo(20);
        assertThat(quota.snapshot(ALICE, "guild", Set.of()).remainingToday()).isEqualTo(30);
        quota.reserve("t2", ALICE, "guild", Set.of(), 10);
        assertThat(quota.snapshot(ALICE, "guild", Set.of()).usedToday()).isEqualTo(10);
        quota.refund("t1", "failed");

        QuotaSnapshot snapshot = quota.snapshot(ALICE, "guild", Set.of());
        assertThat(snapshot.communityUsedToday()).isEqualTo(10).isEqualTo(fx.ledgerCommunityToday("guild"));
        assertThat(snapshot.remainingToday()).isEqualTo(20);
    }

    @Test
    void setLimit_poolForUser_throws() {
        QuotaService quota = open(30, 100, 0, 0);

        assertThatThrownBy(() -> quota.setUserLimit(null, ALICE, LimitKind.POOL, 5L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("only communities have a daily pool");
    }

    @Test
    void communityUsage_severalSpenders_sumsAndRanksThem() {
        QuotaService quota = open(100, 1000, 0, 500);
        quota.reserve("a1", ALICE, "guild", Set.of(), 30);
        quota.reserve("b1", BOB, "guild", Set.of(), 50);
        quota.reserve("b2", BOB, "other", Set.of(), 70);
        quota.reserve("a2", ALICE, "guild", Set.of(), 5);
        quota.refund("a2", "failed");

        CommunityUsage usage = quota.communityUsage("guild", 5);

        assertThat(usage.usedToday()).isEqualTo(80);
        assertThat(usage.usedMonth()).isEqualTo(80);
        assertThat(usage.poolRemaining()).isEqualTo(420);
        assertThat(usage.topUsersThisMonth()).containsExactly(new UserTotal(BOB, 50), new UserTotal(ALICE, 30));
    }
}
