package dev.seedancebot.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.storage.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instances compete for one leader role on a real PostgreSQL; on H2 the single instance always leads. */
class LeaderLockTest {
    private static final String ROLE = "telegram-receiver";

    @TempDir
    Path dir;

    private Database first;
    private Database second;

    @BeforeEach
    void openTwoInstances() {
        String url = TestPostgres.freshDatabase();
        first = Database.open(url, TestPostgres.USER, "");
        second = Database.open(url, TestPostgres.USER, "");
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    @Test
    void tryAcquire_heldByOtherInstance_refusedUntilHolderCloses() {
        try (LeaderLock a = first.leaderLock(ROLE);
                LeaderLock b = second.leaderLock(ROLE)) {
            assertThat(a.tryAcquire()).isTrue();
            assertThat(a.tryAcquire()).as("acquiring again keeps it").isTrue();
            assertThat(b.tryAcquire()).isFalse();

            a.close();

            assertThat(a.isHeld()).isFalse();
            assertThat(b.tryAcquire()).isTrue();
            assertThat(a.tryAcquire()).isFalse();
        }
    }

    @Test
    void tryAcquire_holdersSessionDies_otherInstanceTakesOver() throws SQLException {
        try (LeaderLock a = first.leaderLock(ROLE);
                LeaderLock b = second.leaderLock(ROLE);
                LeaderLock otherRole = second.leaderLock("discord-shards-0-1")) {
            assertThat(a.tryAcquire()).isTrue();
            assertThat(otherRole.tryAcquire()).as("roles are independent").isTrue();
            assertThat(b.tryAcquire()).isFalse();

            killSessionHolding(AdvisoryLeaderLock.keyOf(ROLE)); // as a crash or a network cut would end it

            await().atMost(Duration.ofSeconds(5)).until(b::tryAcquire);
            assertThat(a.isHeld()).isFalse();
            assertThat(a.tryAcquire()).isFalse();
            assertThat(otherRole.isHeld()).isTrue();
        }
    }

    @Test
    void tryAcquire_onH2_alwaysGranted() {
        try (Database h2 = Database.open(Database.h2FileUrl(dir), "", "");
                LeaderLock a = h2.leaderLock(ROLE);
                LeaderLock b = h2.leaderLock(ROLE)) {
            assertThat(a.tryAcquire()).isTrue();
            assertThat(b.tryAcquire()).isTrue();
            assertThat(a.isHeld()).isTrue();
        }
    }

    private void killSessionHolding(long key) throws SQLException {
        try (Connection admin = first.dataSource().getConnection();
                Statement s = admin.createStatement()) {
            // a bigint advisory key shows in pg_locks as classid (high 32 bits) and objid (low 32 bits)
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1"
                    + " AND classid::bigint = " + (key >>> 32) + " AND objid::bigint = " + (key & 0xFFFFFFFFL));
        }
    }
}
