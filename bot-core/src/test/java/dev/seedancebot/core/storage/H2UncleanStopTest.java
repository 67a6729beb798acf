package dev.seedancebot.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.seedancebot.core.quota.QuotaFixture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2UncleanStopTest {
    /**
     * The H2 file a SIGKILL left in a crash run (100 tasks, 5 kills), as the next start found it. Task txtuyvgq has a
     * row version of a transaction that no longer exists: an UPDATE of it spun at 100% CPU for as long as we waited.
     */
    private static final String KILLED_FILE = "/h2/killed-during-crash-run.mv.db.gz";
    private static final String RELEASE_LEASES =
            "UPDATE task SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL";

    @TempDir
    Path dir;

    @Test
    void open_fileLeftByAKilledProcess_rebuildsItAndItsRowsCanBeUpdated() throws IOException {
        try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream(KILLED_FILE))) {
            Files.copy(in, dir.resolve("seedance-bot.mv.db"));
        }
        Files.writeString(dir.resolve("seedance-bot.in-use"), "the killed process");

        try (Database db = Database.open(Database.h2FileUrl(dir), "", "")) {
            int released = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> db.jdbc().update(RELEASE_LEASES));

            assertThat(released).isEqualTo(24);
            assertThat(db.afterUncleanStop()).isTrue();
            assertThat(db.jdbc().query("SELECT COUNT(*) FROM task", r -> r.getLong(1))).containsExactly(100L);
            assertThat(db.jdbc().query("SELECT state FROM task WHERE id = 'txtuyvgq'", r -> r.getString(1)))
                    .containsExactly("SUBMITTED");
            assertThat(dir.resolve("seedance-bot.in-use")).exists();
        }
        assertThat(dir.resolve("seedance-bot.before-rebuild.mv.db")).exists();
        assertThat(dir.resolve("seedance-bot.in-use")).doesNotExist();
        assertThat(dir.resolve("seedance-bot.rebuild.sql")).doesNotExist();
    }

    @Test
    void open_afterCleanClose_doesNotRebuild() {
        try (Database db = Database.open(Database.h2FileUrl(dir), "", "")) {
            db.jdbc().update("INSERT INTO quota_community (community_id, created_at) VALUES (?, ?)", "g",
                    QuotaFixture.NOON);
        }
        try (Database db = Database.open(Database.h2FileUrl(dir), "", "")) {
            assertThat(db.jdbc().query("SELECT community_id FROM quota_community", r -> r.getString(1)))
                    .containsExactly("g");
            assertThat(db.afterUncleanStop()).isFalse();
        }
        assertThat(dir.resolve("seedance-bot.before-rebuild.mv.db")).doesNotExist();
    }

    @Test
    void open_secondTimeInTheSameProcess_doesNotTakeTheFirstForAKilledOne() {
        try (Database first = Database.open(Database.h2FileUrl(dir), "", "")) {
            first.jdbc().update("INSERT INTO quota_community (community_id, created_at) VALUES (?, ?)", "g",
                    QuotaFixture.NOON);
            try (Database second = Database.open(Database.h2FileUrl(dir), "", "")) {
                assertThat(second.jdbc().query("SELECT community_id FROM quota_community", r -> r.getString(1)))
                        .containsExactly("g");
            }
            // the first is still open, its marker still there, and nothing was rebuilt under it
            assertThat(first.jdbc().query("SELECT COUNT(*) FROM quota_community", r -> r.getLong(1)))
                    .containsExactly(1L);
            assertThat(dir.resolve("seedance-bot.in-use")).exists();
        }
        assertThat(dir.resolve("seedance-bot.in-use")).doesNotExist();
        assertThat(dir.resolve("seedance-bot.before-rebuild.mv.db")).doesNotExist();
    }

    @Test
    void of_urlForms_recoverEmbeddedFilesOnly() {
        assertThat(H2UncleanStop.of("jdbc:h2:file:./data/db/x;MODE=PostgreSQL")).isPresent();
        assertThat(H2UncleanStop.of("jdbc:h2:./data/db/x")).isPresent();
        assertThat(H2UncleanStop.of("jdbc:h2:~/x")).isPresent();
        assertThat(H2UncleanStop.of("jdbc:h2:mem:x")).isEmpty();
        assertThat(H2UncleanStop.of("jdbc:h2:tcp://localhost/~/x")).isEmpty();
        assertThat(H2UncleanStop.of("jdbc:h2:file:./x;AUTO_SERVER=TRUE")).isEmpty();
        assertThat(H2UncleanStop.of("jdbc:postgresql://localhost/x")).isEmpty();
    }

    @Test
    void open_afterKillWithIfExistsInTheUrl_stillRebuilds() throws IOException {
        try (Database db = Database.open(Database.h2FileUrl(dir), "", "")) {
            db.jdbc().update("INSERT INTO quota_community (community_id, created_at) VALUES (?, ?)", "g",
                    QuotaFixture.NOON);
        }
        Files.writeString(dir.resolve("seedance-bot.in-use"), "a killed process");

        try (Database db = Database.open(Database.h2FileUrl(dir) + ";IFEXISTS=TRUE", "", "")) {
            assertThat(db.jdbc().query("SELECT community_id FROM quota_community", r -> r.getString(1)))
                    .containsExactly("g");
        }
        assertThat(dir.resolve("seedance-bot.before-rebuild.mv.db")).exists();
    }

    @Test
    void open_copyOfARunningDatabase_keepsCommittedRowsAndDropsUncommittedOnes() throws Exception {
        Path running = Files.createDirectories(dir.resolve("running"));
        Path crashed = Files.createDirectories(dir.resolve("crashed"));
        String url = Database.h2FileUrl(running);
        String insert = "INSERT INTO quota_community (community_id, created_at) VALUES (?, ?)";
        try (Database db = Database.open(url, "", "");
                Connection open = DriverManager.getConnection(url, "", "")) {
            db.jdbc().update(insert, "committed", QuotaFixture.NOON);
            open.setAutoCommit(false);
            insertCommunity(open, insert, "uncommitted");
            // another commit writes the store, the open transaction's row included
            db.jdbc().update(insert, "committed-later", QuotaFixture.NOON);
            // what a kill at this moment leaves on disk: the file and the marker of a process still using it
            Files.copy(running.resolve("seedance-bot.mv.db"), crashed.resolve("seedance-bot.mv.db"));
            Files.copy(running.resolve("seedance-bot.in-use"), crashed.resolve("seedance-bot.in-use"));
            open.rollback();
        }

        try (Database db = Database.open(Database.h2FileUrl(crashed), "", "")) {
            assertThat(db.jdbc().query("SELECT community_id FROM quota_community ORDER BY community_id",
                    r -> r.getString(1))).containsExactly("committed", "committed-later");
        }
        assertThat(crashed.resolve("seedance-bot.before-rebuild.mv.db")).exists();
    }

    private static void insertCommunity(Connection c, String insert, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, id);
            ps.setObject(2, QuotaFixture.NOON.atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }
}
