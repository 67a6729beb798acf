package dev.seedancebot.core.engine.queue;

import dev.seedancebot.core.storage.Jdbc;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * How long the provider has been answering "model not found" (anyfast's 503 {@code model_not_found}, "no available
 * channel") with no accepted create in between, shared by every instance on the database: the start of the streak
 * is {@code queue_gate.model_unavailable_since} (V17), set by the first refusal and cleared by the next accepted
 * create on any instance. Setting it with {@code COALESCE} in one statement keeps the earliest start when instances
 * are refused at the same moment.
 */
final class ModelOutage {
    private final Jdbc jdbc;

    ModelOutage(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Records a refusal at {@code now}; returns how long refusals have lasted (zero for the first of a streak). */
    Duration refused(Instant now) {
        jdbc.update("UPDATE queue_gate SET model_unavailable_since = COALESCE(model_unavailable_since, ?)"
                + " WHERE id = 1", now);
        Instant since = jdbc.query("SELECT model_unavailable_since FROM queue_gate WHERE id = 1",
                r -> Jdbc.instant(r, "model_unavailable_since")).get(0);
        return since == null || since.isAfter(now) ? Duration.ZERO : Duration.between(since, now);
    }

    /** A create was accepted: the model is there, the streak ends. Writes only while a streak is recorded. */
    void accepted() {
        jdbc.update("UPDATE queue_gate SET model_unavailable_since = NULL WHERE id = 1"
                + " AND model_unavailable_since IS NOT NULL");
    }
}
