package dev.seedancebot.core.quota;

import static dev.seedancebot.core.quota.QuotaFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.identity.UserKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random reserve/commit/refund/grant/reset/clock steps; after every step the (cached) snapshot must equal the ledger
 * sums read straight from SQL, and the ledger must agree with the charge table.
 */
class QuotaRandomizedTest {

    private static final long SEED = 20250311L;
    private static final List<UserKey> USERS = List.of(user("a"), user("b"), user("c"));
    private static final List<String> COMMUNITIES = List.of("g1", "g2");
    private static final long DAILY = 40;
    private static final long MONTHLY = 150;
    private static final long POOL = 70;

    @TempDir
    Path dir;

    @Test
    void randomOperations_anyOrder_snapshotEqualsLedgerSumsAfterEveryStep() {
        Random random = new Random(SEED);
        try (QuotaFixture fx = new QuotaFixture(dir, QuotaFixture.settings(DAILY, MONTHLY, 3, POOL))) {
            QuotaService quota = fx.quota;
            List<String> tasks = new ArrayList<>();
            int granted = 0;
            for (int step = 0; step < 400; step++) {
                UserKey user = USERS.get(random.nextInt(USERS.size()));
                String community = COMMUNITIES.get(random.nextInt(COMMUNITIES.size()));
                int op = random.nextInt(100);
                if (op < 40) {
                    String task = "t" + step;
                    if (quota.reserve(task, user, community, Set.of(), 1 + random.nextInt(15))
                            instanceof ReserveDecision.Granted) {
                        tasks.add(task);
                        granted++;
                    }
                } else if (op < 60 && !tasks.isEmpty()) {
                    quota.commit(tasks.get(random.nextInt(tasks.size())));
                } else if (op < 78 && !tasks.isEmpty()) {
                    String task = tasks.get(random.nextInt(tasks.size()));
                    if (random.nextBoolean()) {
                        quota.refundByModerator(task, "random");
                    } else {
                        quota.refund(task, "random");
                    }
                } else if (op < 83 && !tasks.isEmpty()) {
                    // a retried reserve of a known task must change nothing (refunded ones throw instead)
                    String task = tasks.get(random.nextInt(tasks.size()));
                    LedgerEntry entry = quota.entry(task).orElseThrow();
                    if (entry.state() != ChargeState.REFUNDED) {
                        quota.reserve(task, entry.user(), entry.communityId(), Set.of(), entry.credits());
                    }
                } else if (op < 88) {
                    quota.grantBonus(community, user, 1 + random.nextInt(10), user("mod"), "random");
                } else if (op < 92) {
                    quota.resetUsage(community, user, UsageWindow.values()[random.nextInt(3)], user("mod"),
                            "random");
                } else {
                    fx.clock.advance(Duration.ofHours(1 + random.nextInt(20)));
                }
                for (UserKey u : USERS) {
                    for (String c : COMMUNITIES) {
                        assertConsistent(fx, u, c, step);
                    }
                }
            }
            assertThat(granted).as("the run must exercise grants, not only denials").isGreaterThan(30);
        }
    }

    private static void assertConsistent(QuotaFixture fx, UserKey user, String community, int step) {
        QuotaSnapshot s = fx.quota.snapshot(user, community, Set.of());
        String at = "step " + step + ", " + user + " in " + community;
        String scope = QuotaScope.of(community);
        assertThat(s.usedToday()).as(at).isEqualTo(fx.ledgerUsedToday(user, scope));
        assertThat(s.usedMonth()).as(at).isEqualTo(fx.ledgerUsedMonth(user, scope));
        assertThat(s.bonusRemaining()).as(at).isEqualTo(fx.ledgerBonus(user, scope)).isNotNegative();
        assertThat(s.communityUsedToday()).as(at).isEqualTo(fx.ledgerCommunityToday(community)).isLessThanOrEqualTo(POOL);
        assertThat(s.reservedCredits()).as(at).isEqualTo(fx.count("SELECT COALESCE(SUM(credits), 0) FROM quota_charge"
                + " WHERE user_key = ? AND scope_id = ? AND state = 'RESERVED'", user.toString(), scope));
        assertThat(s.usedToday()).as(at).isLessThanOrEqualTo(DAILY);
        assertThat(s.usedMonth()).as(at).isLessThanOrEqualTo(MONTHLY);
        // the ledger agrees with the charges: live window credits plus reset adjustments
        long fromCharges = fx.count("SELECT COALESCE(SUM(window_credits), 0) FROM quota_charge WHERE user_key = ?"
                        + " AND scope_id = ? AND window_day = ? AND state <> 'REFUNDED'", user.toString(), scope, fx.today())
                + fx.count("SELECT COALESCE(SUM(amount), 0) FROM quota_ledger WHERE user_key = ? AND scope_id = ?"
                        + " AND kind = 'RESET' AND window_day = ?", user.toString(), scope, fx.today());
        assertThat(s.usedToday()).as(at).isEqualTo(fromCharges);
        // the budget counters agree with the charges not given back to the budget
        assertThat(fx.count("SELECT COALESCE(SUM(credits), 0) FROM budget_spend WHERE scope_id = ? AND period = 'D'"
                + " AND starts = ?", scope, fx.today())).as(at).isEqualTo(fx.count("SELECT COALESCE(SUM(credits), 0)"
                + " FROM quota_charge WHERE scope_id = ? AND window_day = ? AND NOT budget_released", scope, fx.today()));
    }
}
