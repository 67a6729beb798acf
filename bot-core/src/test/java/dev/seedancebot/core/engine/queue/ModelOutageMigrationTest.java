package dev.seedancebot.core.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.storage.Database;
import dev.seedancebot.core.storage.OldSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A "model not found" streak recorded by the version before V17 (a row of {@code operator_alert}) is carried over to
 * the gate row, so an upgrade in the middle of an outage neither restarts its clock nor leaves the old row behind.
 */
class ModelOutageMigrationTest {
    private static final Instant STARTED = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void migrateV16_streakInProgress_keepsItsStartAndDropsTheOldRow() throws Exception {
        String url = OldSchema.at(dir, "16");
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                PreparedStatement s = c.prepareStatement("INSERT INTO operator_alert (kind, alert_day, detail,"
                        + " sent_at) VALUES ('MODEL_UNAVAILABLE_SINCE', ?, 'model_not_found', ?)")) {
            s.setObject(1, LocalDate.EPOCH);
            s.setObject(2, STARTED.atOffset(ZoneOffset.UTC));
            s.executeUpdate();
        }

        try (Database db = Database.open(url, "sa", "")) {
            Dispatcher queue = new Dispatcher(db.dataSource(), "instance-a", Duration.ofSeconds(30), false,
                    QueueSettings.fast(), Clock.fixed(STARTED, ZoneOffset.UTC), id -> { }, id -> { });

            Dispatcher.ModelStreak streak = queue.modelUnavailable(STARTED.plus(Duration.ofMinutes(11)));

            assertThat(streak.lasted()).isEqualTo(Duration.ofMinutes(11));
            assertThat(db.jdbc().query("SELECT COUNT(*) FROM operator_alert", r -> r.getLong(1)))
                    .containsExactly(0L);
            queue.accepted();
            assertThat(queue.modelUnavailable(STARTED.plus(Duration.ofMinutes(12))).lasted()).isZero();
        }
    }
}
