package dev.seedancebot.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.BudgetSettings;
import dev.seedancebot.core.quota.DenialReason;
import dev.seedancebot.core.quota.FakeTicker;
import dev.seedancebot.core.quota.QuotaFixture;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.quota.ReserveDecision;
import dev.seedancebot.testkit.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written by the version before trust boundaries (schema V6), with the rows its global moderator actions
 * left, migrated to V7: the README's "Trust and budgets" says what each old row means now, and this checks it.
 */
class ScopedQuotaMigrationTest {
    private static final UserKey MALLORY = new UserKey(Platform.DISCORD, "6666");
    private static final UserKey SPAMMER = new UserKey(Platform.DISCORD, "7777");

    @TempDir
    Path dir;

    @Test
    void migrateV6_oldGlobalGrantsLimitsAndBlocks_meanWhatTheReadmeSays() throws Exception {
        String url = OldSchema.at(dir, "6");
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            // the exploit of old: a global unlimited limit and a global grant, set from some community
            s.execute("INSERT INTO quota_account (user_key, daily_limit, monthly_limit, blocked, created_at)"
                    + " VALUES ('discord:6666', 0, 0, FALSE, CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO quota_account (user_key, blocked, blocked_reason, created_at)"
                    + " VALUES ('discord:7777', TRUE, 'spam', CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO quota_ledger (user_key, community_id, task_id, kind, bucket, amount, actor,"
                    + " created_at) VALUES ('discord:6666', NULL, NULL, 'GRANT', 'BONUS', -1000000, 'discord:6666',"
                    + " CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO quota_community (community_id, daily_limit, daily_pool, created_at)"
                    + " VALUES ('111', 0, 0, CURRENT_TIMESTAMP)");
            // a video reserved in a group, still running, so its spend counts against the new budget
            s.execute("INSERT INTO quota_charge (task_id, user_key, community_id, credits, window_credits,"
                    + " bonus_credits, window_day, state, reserved_at) VALUES ('t1', 'discord:1001', '111', 40, 40, 0,"
                    + " DATE '2025-03-11', 'RESERVED', CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO quota_ledger (user_key, community_id, task_id, kind, bucket, amount, window_day,"
                    + " window_month, created_at) VALUES ('discord:1001', '111', 't1', 'RESERVE', 'WINDOW', 40,"
                    + " DATE '2025-03-11', DATE '2025-03-01', CURRENT_TIMESTAMP)");
        }

        try (Database db = Database.open(url, "sa", "")) {
            BudgetSettings budgets = new BudgetSettings(BudgetSettings.Ceiling.NONE,
                    new BudgetSettings.Ceiling(100, 1_000), java.util.Map.of(), BudgetSettings.Unlisted.DEFAULT,
                    BudgetSettings.Ceiling.NONE);
            QuotaService quota = new QuotaService(db, QuotaFixture.settings(60, 600, 2, 0), budgets,
                    new MutableClock(QuotaFixture.NOON), new FakeTicker(), Runnable::run);

            assertThat(quota.snapshot(MALLORY, "111", Set.of()).policy().dailyLimit())
                    .as("the old unlimited limit is gone").isEqualTo(60);
            assertThat(quota.snapshot(MALLORY, "111", Set.of()).bonusRemaining())
                    .as("the old global grant is history, spendable nowhere").isZero();
            assertThat(quota.snapshot(MALLORY, null, Set.of()).bonusRemaining()).isZero();
            assertThat(quota.snapshot(SPAMMER, "111", Set.of()).policy().blocked())
                    .as("an old block stays a block everywhere").isTrue();
            assertThat(quota.snapshot(SPAMMER, "222", Set.of()).policy().blocked()).isTrue();
            assertThat(quota.snapshot(MALLORY, "111", Set.of()).policy().communityDailyPool())
                    .as("the community's unlimited pool goes back to the default").isZero();
            assertThat(quota.budget("111").spentToday()).as("spend before the upgrade counts").isEqualTo(40);
            assertThat(quota.reserve("t2", MALLORY, "111", Set.of(), 60)).isInstanceOf(ReserveDecision.Granted.class);
            assertThat(quota.reserve("t3", new UserKey(Platform.DISCORD, "1002"), "111", Set.of(), 1))
                    .as("40 before the upgrade + 60 now = the community's daily 100")
                    .isInstanceOfSatisfying(ReserveDecision.Denied.class,
                            d -> assertThat(d.reason()).isEqualTo(DenialReason.COMMUNITY_BUDGET));
        }
    }
}
