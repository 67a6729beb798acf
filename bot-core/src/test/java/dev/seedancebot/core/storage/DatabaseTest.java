package dev.seedancebot.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.BudgetSettings;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.quota.FakeTicker;
import dev.seedancebot.core.quota.LedgerEntry;
import dev.seedancebot.core.quota.LimitKind;
import dev.seedancebot.core.quota.QuotaFixture;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.quota.QuotaSnapshot;
import dev.seedancebot.testkit.MutableClock;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    private static final UserKey ALICE = new UserKey(Platform.DISCORD, "alice");

    @TempDir
    Path dir;

    @Test
    void h2FileUrl_directory_pointsAtFileInPostgresMode() {
        String url = Database.h2FileUrl(dir);

        assertThat(url).startsWith("jdbc:h2:file:" + dir.toAbsolutePath().toString().replace('\\', '/') + "/seedance-bot;")
                .contains(";MODE=PostgreSQL;");
    }

    @Test
    void userKeyColumn_idWithColon_roundTrips() {
        UserKey odd = new UserKey(Platform.TELEGRAM, "a:b");

        assertThat(UserKeyColumn.parse(UserKeyColumn.format(odd))).isEqualTo(odd);
        assertThat(UserKeyColumn.format(odd)).isEqualTo("telegram:a:b");
    }

    @Test
    void open_emptyDirectory_createsFileAndAppliesV1() {
        try (Database db = Database.open(Database.h2FileUrl(dir), "sa", "")) {
            assertThat(dir.resolve("seedance-bot.mv.db")).exists();
            assertThat(db.jdbc().query("SELECT COUNT(*) FROM flyway_schema_history WHERE version = '1' AND success",
                            r -> r.getLong(1)))
                    .containsExactly(1L);
            assertThat(db.jdbc().query("SELECT COUNT(*) FROM quota_ledger", r -> r.getLong(1))).containsExactly(0L);
        }
    }

    @Test
    void inTransaction_workThrows_rollsBackEveryStatement() {
        try (Database db = Database.open(Database.h2FileUrl(dir), "sa", "")) {
            assertThatThrownBy(() -> db.jdbc().inTransaction(c -> {
                        Jdbc.update(c, "INSERT INTO quota_community (community_id, created_at) VALUES (?, ?)", "g",
                                QuotaFixture.NOON);
                        throw new IllegalStateException("boom");
                    }))
                    .hasMessage("boom");

            assertThat(db.jdbc().query("SELECT COUNT(*) FROM quota_community", r -> r.getLong(1)))
                    .containsExactly(0L);
        }
    }

    @Test
    void update_duplicateKey_throwsDataAccessExceptionWithSqlState() {
        try (Database db = Database.open(Database.h2FileUrl(dir), "sa", "")) {
            String insert = "INSERT INTO quota_community (community_id, created_at) VALUES (?, ?)";
            db.jdbc().update(insert, "g", QuotaFixture.NOON);

            assertThatThrownBy(() -> db.jdbc().update(insert, "g", QuotaFixture.NOON))
                    .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("23505"));
        }
    }

    @Test
    void open_afterClose_statePersists() {
        MutableClock clock = new MutableClock(QuotaFixture.NOON);
        try (QuotaFixture fx = new QuotaFixture(dir, QuotaFixture.settings(30, 100, 0, 0), clock)) {
            fx.quota.reserve("t1", ALICE, "guild", Set.of(), 10);
            fx.quota.commit("t1");
            fx.quota.reserve("t2", ALICE, "guild", Set.of(), 5);
            fx.quota.grantBonus("guild", ALICE, 7, ALICE, "persist me");
            fx.quota.setUserLimit("guild", ALICE, LimitKind.DAILY, 20L);
        }

        try (Database reopened = Database.open(Database.h2FileUrl(dir), "sa", "")) {
            QuotaService quota = new QuotaService(reopened, QuotaFixture.settings(30, 100, 0, 0), BudgetSettings.NONE, clock,
                    new FakeTicker(), Runnable::run);
            QuotaSnapshot snapshot = quota.snapshot(ALICE, "guild", Set.of());

            assertThat(snapshot.usedToday()).isEqualTo(15);
            assertThat(snapshot.reservedCredits()).isEqualTo(5);
            assertThat(snapshot.bonusRemaining()).isEqualTo(7);
            assertThat(snapshot.policy().dailyLimit()).isEqualTo(20);
            assertThat(quota.entry("t1")).get().extracting(LedgerEntry::state).isEqualTo(ChargeState.COMMITTED);
            assertThat(quota.refund("t2", "after restart")).isTrue();
        }
    }
}
