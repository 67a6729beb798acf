package dev.seedancebot.core.engine.queue;

import dev.seedancebot.core.storage.Jdbc;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Task rows as the engine writes them, for driving the queue on a real database without the engine: waiting rows,
 * and the provider's side (a claimed task accepted, then finished).
 */
final class QueueRows {
    private final Jdbc jdbc;
    private final AtomicLong next = new AtomicLong();
    private final Instant base = Instant.parse("2026-12-01T10:00:00Z");

    QueueRows(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A charged request of {@code user} in {@code community}, queued; its id is {@code community/user/n}. */
    String queued(String community, String user) {
        String id = stored(community, user);
        jdbc.update("UPDATE task SET queue_order = ? WHERE id = ?",
                ChronoUnit.MICROS.between(Instant.EPOCH, createdAt(id)), id);
        return id;
    }

    /** A request stored and charged but not queued yet: what {@link Dispatcher#enqueue} is given. */
    String stored(String community, String user) {
        long n = next.incrementAndGet();
        String id = "t" + n;
        Instant created = base.plusMillis(n);
        jdbc.update("INSERT INTO task (id, platform, user_id, community_id, chat_id, role_ids, state, mode, intent,"
                        + " prompt, options_json, media_json, cost, created_at, updated_at)"
                        + " VALUES (?, 'CONSOLE', ?, ?, 'chat', '', 'RECEIVED', 'TEXT_TO_VIDEO', 'GENERATE', 'p', '{}',"
                        + " '[]', 1, ?, ?)",
                id, user, community, created, created);
        return id;
    }

    Instant createdAt(String id) {
        return jdbc.query("SELECT created_at FROM task WHERE id = ?", r -> Jdbc.instant(r, "created_at"), id).get(0);
    }

    /** The engine started the claimed task's create call. */
    void sending(String id) {
        jdbc.update("UPDATE task SET state = 'SUBMITTING' WHERE id = ?", id);
    }

    /** The provider accepted the claimed task. */
    void accepted(String id) {
        jdbc.update("UPDATE task SET state = 'SUBMITTED', lease_owner = NULL, lease_until = NULL WHERE id = ?", id);
    }

    /** The task left the provider. */
    void finished(String id) {
        jdbc.update("UPDATE task SET state = 'DELIVERED', finished_at = updated_at WHERE id = ?", id);
    }

    String community(String id) {
        return jdbc.query("SELECT community_id FROM task WHERE id = ?", r -> r.getString(1), id).get(0);
    }

    String user(String id) {
        return jdbc.query("SELECT user_id FROM task WHERE id = ?", r -> r.getString(1), id).get(0);
    }

    String state(String id) {
        return jdbc.query("SELECT state FROM task WHERE id = ?", r -> r.getString(1), id).get(0);
    }

    int inFlight() {
        return jdbc.query("SELECT COUNT(*) FROM task WHERE state IN ('SUBMITTING','SUBMITTED')"
                + " OR (state = 'RECEIVED' AND lease_owner IS NOT NULL)", r -> r.getInt(1)).get(0);
    }

    Integer position(String id) {
        return jdbc.query("SELECT queue_position FROM task WHERE id = ?", r -> Jdbc.nullableInt(r, "queue_position"),
                id).get(0);
    }
}
