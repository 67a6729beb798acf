package dev.seedancebot.core.moderation;

import static dev.seedancebot.core.quota.QuotaFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.community.CommunitySetting;
import dev.seedancebot.core.community.CommunitySettingsService;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.quota.DenialReason;
import dev.seedancebot.core.quota.LedgerEntry;
import dev.seedancebot.core.quota.LimitKind;
import dev.seedancebot.core.quota.QuotaFixture;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.quota.ReserveDecision;
import dev.seedancebot.core.quota.UsageWindow;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModerationServiceTest {

    private static final UserKey MOD = user("mod");
    private static final UserKey ALICE = user("alice");
    private static final String GUILD = "guild";

    @TempDir
    Path dir;

    private QuotaFixture fx;
    private QuotaService quota;
    private ModerationService moderation;

    @BeforeEach
    void open() {
        fx = new QuotaFixture(dir, QuotaFixture.settings(30, 100, 2, 0));
        quota = fx.quota;
        moderation = new ModerationService(fx.db, quota,
                new CommunitySettingsService(fx.db, fx.clock, fx.ticker, Runnable::run), fx.clock);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void everyOperation_anyOutcome_writesOneAuditRowWithActorTargetAndReason() {
        quota.reserve("t1", ALICE, GUILD, Set.of(), 10);

        moderation.userUsage(MOD, GUILD, ALICE, Set.of(), "check");
        moderation.communityUsage(MOD, GUILD, 3, "check");
        moderation.setUserLimit(MOD, GUILD, ALICE, LimitKind.DAILY, 50L, "trusted");
        moderation.setCommunityLimit(MOD, GUILD, LimitKind.POOL, 500L, "budget");
        moderation.setRoleLimit(MOD, GUILD, "vip", LimitKind.MONTHLY, 900L, "vips get more");
        moderation.grantBonus(MOD, GUILD, ALICE, 20, "contest");
        moderation.resetUsage(MOD, GUILD, ALICE, UsageWindow.TODAY, "bug");
        moderation.block(MOD, GUILD, ALICE, false, "spam");
        moderation.unblock(MOD, GUILD, ALICE, false, "appeal");
        moderation.refundTask(MOD, GUILD, "t1", "bad output");

        List<AuditEntry> audit = moderation.audit(GUILD, 50);
        assertThat(audit).extracting(AuditEntry::action).containsExactly(
                ModerationAction.REFUND_TASK, ModerationAction.UNBLOCK, ModerationAction.BLOCK,
                ModerationAction.RESET_USAGE, ModerationAction.GRANT_BONUS, ModerationAction.SET_ROLE_LIMIT,
                ModerationAction.SET_COMMUNITY_LIMIT, ModerationAction.SET_USER_LIMIT,
                ModerationAction.VIEW_COMMUNITY_USAGE, ModerationAction.VIEW_USER_USAGE);
        assertThat(audit).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo(MOD);
            assertThat(e.communityId()).isEqualTo(GUILD);
            assertThat(e.at()).isEqualTo(QuotaFixture.NOON);
            assertThat(e.reason()).isNotBlank();
            assertThat(e.detail()).isNotBlank();
        });
        assertThat(audit.get(0).target()).isEqualTo("task t1");
        assertThat(audit.get(7).detail()).isEqualTo("daily limit inherited → 50");
        assertThat(audit.get(0).toText()).contains("discord:mod refund_task task t1: refunded 10 credits to discord:alice",
                "(reason: bad output)");
    }

    @Test
    void settingsOperations_anyOutcome_areAuditedWithBeforeAndAfter() {
        moderation.setSetting(MOD, GUILD, CommunitySetting.MAX_DURATION, 8, "budget");
        moderation.allowChannel(MOD, GUILD, "c1", "<#c1>", true, "one room");
        moderation.allowChannel(MOD, GUILD, "c1", "<#c1>", true, "again");
        moderation.moderatorRole(MOD, GUILD, "helpers", "<@&helpers>", true, "trusted");
        moderation.allowAllChannels(MOD, GUILD, "open up");
        moderation.viewSettings(MOD, GUILD, "check");

        List<AuditEntry> audit = moderation.audit(GUILD, 10);
        assertThat(audit).extracting(AuditEntry::action).containsExactly(
                ModerationAction.VIEW_SETTINGS, ModerationAction.ALLOW_ALL_CHANNELS,
                ModerationAction.ADD_MODERATOR_ROLE, ModerationAction.ALLOW_CHANNEL, ModerationAction.ALLOW_CHANNEL,
                ModerationAction.SET_SETTING);
        assertThat(audit.get(5).detail()).isEqualTo("max-duration inherited → 8s");
        assertThat(audit.get(3).detail()).isEqualTo("allowed <#c1> (no change)");
        assertThat(moderation.communities().get(GUILD).moderatorRoles()).containsExactly("helpers");
        assertThat(moderation.communities().get(GUILD).channels()).isEmpty();
    }

    @Test
    void audit_otherCommunityOrAll_filtersByWhereTheModeratorActed() {
        moderation.block(MOD, GUILD, ALICE, false, "spam");
        moderation.unblock(MOD, "other", ALICE, false, "appeal");
        moderation.grantBonus(MOD, null, ALICE, 5, "from the terminal");

        assertThat(moderation.audit("other", 10)).extracting(AuditEntry::action)
                .containsExactly(ModerationAction.UNBLOCK);
        assertThat(moderation.audit(null, 2)).extracting(AuditEntry::action)
                .containsExactly(ModerationAction.GRANT_BONUS, ModerationAction.UNBLOCK);
    }

    @Test
    void block_twice_secondIsNoOpButAudited() {
        ModerationResult first = moderation.block(MOD, GUILD, ALICE, false, "spam");
        ModerationResult second = moderation.block(MOD, GUILD, ALICE, false, "spam again");

        assertThat(first.changed()).isTrue();
        assertThat(first.text()).isEqualTo("discord:alice is now blocked here.");
        assertThat(second.changed()).isFalse();
        assertThat(second.text()).isEqualTo("discord:alice was already blocked here.");
        assertThat(moderation.audit(GUILD, 10)).hasSize(2);
        assertThat(quota.reserve("t1", ALICE, GUILD, Set.of(), 1))
                .isInstanceOfSatisfying(ReserveDecision.Denied.class,
                        d -> assertThat(d.reason()).isEqualTo(DenialReason.BLOCKED));
    }

    @Test
    void setUserLimit_afterSnapshotWasCached_nextSnapshotShowsNewLimit() {
        assertThat(quota.snapshot(ALICE, GUILD, Set.of()).policy().dailyLimit()).isEqualTo(30);

        moderation.setUserLimit(MOD, GUILD, ALICE, LimitKind.DAILY, 45L, "trusted");

        assertThat(quota.snapshot(ALICE, GUILD, Set.of()).policy().dailyLimit()).isEqualTo(45);
    }

    @Test
    void setRoleLimit_afterSnapshotWasCached_nextSnapshotShowsNewLimit() {
        assertThat(quota.snapshot(ALICE, GUILD, Set.of("vip")).policy().maxConcurrent()).isEqualTo(2);

        moderation.setRoleLimit(MOD, GUILD, "vip", LimitKind.CONCURRENT, 5L, "vips");

        assertThat(quota.snapshot(ALICE, GUILD, Set.of("vip")).policy().maxConcurrent()).isEqualTo(5);
    }

    @Test
    void block_afterSnapshotWasCached_nextSnapshotShowsBlocked() {
        assertThat(quota.snapshot(ALICE, GUILD, Set.of()).policy().blocked()).isFalse();

        moderation.block(MOD, GUILD, ALICE, false, "spam");

        assertThat(quota.snapshot(ALICE, GUILD, Set.of()).policy().blocked()).isTrue();
    }

    @Test
    void grantBonus_afterSnapshotWasCached_nextSnapshotShowsBonus() {
        assertThat(quota.snapshot(ALICE, GUILD, Set.of()).bonusRemaining()).isZero();

        ModerationResult result = moderation.grantBonus(MOD, GUILD, ALICE, 12, "contest");

        assertThat(result.text()).isEqualTo("Granted discord:alice 12 bonus credits to spend here.");
        assertThat(quota.snapshot(ALICE, GUILD, Set.of()).bonusRemaining()).isEqualTo(12);
    }

    @Test
    void resetUsage_usedDay_keepsReserveRowsAndZeroesTheWindow() {
        quota.reserve("t1", ALICE, GUILD, Set.of(), 30);
        quota.commit("t1");

        ModerationResult result = moderation.resetUsage(MOD, GUILD, ALICE, UsageWindow.TODAY, "bug");

        assertThat(result.changed()).isTrue();
        assertThat(result.text()).contains("30 daily and 0 monthly credits given back");
        assertThat(quota.snapshot(ALICE, GUILD, Set.of()).usedToday()).isZero().isEqualTo(fx.ledgerUsedToday(ALICE));
        assertThat(fx.count("SELECT COUNT(*) FROM quota_ledger WHERE user_key = ?", ALICE.toString())).isEqualTo(2);
        assertThat(fx.count("SELECT COUNT(*) FROM quota_ledger WHERE kind = 'RESET' AND actor = ?", MOD.toString()))
                .isEqualTo(1);
    }

    @Test
    void refundTask_committed_refundsThroughLedger() {
        quota.reserve("t1", ALICE, GUILD, Set.of(), 10);
        quota.commit("t1");

        ModerationResult result = moderation.refundTask(MOD, GUILD, "t1", "bad output");

        assertThat(result.changed()).isTrue();
        assertThat(result.text()).isEqualTo("Task t1: refunded 10 credits to discord:alice.");
        assertThat(quota.entry("t1")).get().extracting(LedgerEntry::state, LedgerEntry::settleReason)
                .containsExactly(ChargeState.REFUNDED, "bad output");
        assertThat(fx.ledgerUsedToday(ALICE)).isZero();
    }

    @Test
    void refundTask_alreadyRefundedOrUnknown_changesNothingButIsAudited() {
        quota.reserve("t1", ALICE, GUILD, Set.of(), 10);
        quota.refund("t1", "provider failed");

        ModerationResult again = moderation.refundTask(MOD, GUILD, "t1", "double click");
        ModerationResult unknown = moderation.refundTask(MOD, GUILD, "nope", "typo");

        assertThat(again.changed()).isFalse();
        assertThat(again.text()).isEqualTo("Task t1: nothing to refund: the charge is refunded.");
        assertThat(unknown.text()).isEqualTo("Task nope: no charge found.");
        assertThat(fx.count("SELECT COUNT(*) FROM quota_ledger WHERE kind = 'REFUND'")).isEqualTo(1);
        assertThat(moderation.audit(GUILD, 10)).hasSize(2);
    }

    @Test
    void userUsage_activeUser_rendersFiguresAndLimits() {
        quota.reserve("t1", ALICE, GUILD, Set.of(), 12);

        UsageReport<?> report = moderation.userUsage(MOD, GUILD, ALICE, Set.of(), null);

        assertThat(report.text()).contains(
                "Today: 12 of 30 used, 18 left", "This month: 12 of 100 used, 88 left",
                "In progress: 1 of 2 tasks (12 credits reserved)", "Bonus: 0 credits");
    }

    @Test
    void communityUsage_withPool_rendersPoolAndTopUsers() {
        moderation.setCommunityLimit(MOD, GUILD, LimitKind.POOL, 100L, "budget");
        quota.reserve("t1", ALICE, GUILD, Set.of(), 12);
        quota.reserve("t2", user("bob"), GUILD, Set.of(), 20);

        UsageReport<?> report = moderation.communityUsage(MOD, GUILD, 5, null);

        assertThat(report.text()).contains("Today: 32 credits used of the 100 pool, 68 left",
                "1. discord:bob: 20", "2. discord:alice: 12");
    }
}
