package dev.seedancebot.core.engine.queue;

import dev.seedancebot.core.storage.DataAccessException;
import dev.seedancebot.core.storage.Jdbc;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;

/**
 * How long the provider has been answering "model not found" (anyfast's 503 {@code model_not_found}, "no available
 * channel") with no accepted create in between, shared by every instance on the database.
 *
 * <p>The start of the streak is one row of {@code operator_alert} (kind {@value #KIND}, on a fixed day), so that
 * no migration is needed: inserted by the first refusal, deleted by the next accepted create on any instance.
 */
final class ModelOutage {
    static final String KIND = "MODEL_UNAVAILABLE_SINCE";
    private static final LocalDate STREAK_ROW = LocalDate.EPOCH;

    private final Jdbc jdbc;

    ModelOutage(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Records a refusal at {@code now}; returns how long refusals have lasted (zero for the first of a streak). */
    Duration refused(Instant now, String code) {
        List<Instant> since = since();
        if (since.isEmpty()) {
            try {
                jdbc.update("INSERT INTO operator_alert (kind, alert_day, detail, sent_at) VALUES (?, ?, ?, ?)",
                        KIND, STREAK_ROW, code == null || code.isBlank() ? "-" : code, now);
            } catch (DataAccessException e) {
                // another instance started the streak at the same moment: its start counts
            }
            since = since();
        }
        return since.isEmpty() || since.get(0).isAfter(now) ? Duration.ZERO : Duration.between(since.get(0), now);
    }

    /** A create was accepted: the model is there, the streak ends. */
    void accepted() {
        jdbc.update("DELETE FROM operator_alert WHERE kind = ? AND alert_day = ?", KIND, STREAK_ROW);
    }

    private List<Instant> since() {
        return jdbc.query("SELECT sent_at FROM operator_alert WHERE kind = ? AND alert_day = ?",
                r -> Jdbc.instant(r, "sent_at"), KIND, STREAK_ROW);
    }
}
