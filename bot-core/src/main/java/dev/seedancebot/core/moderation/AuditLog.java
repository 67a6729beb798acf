package dev.seedancebot.core.moderation;

import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.storage.Jdbc;
import dev.seedancebot.core.storage.UserKeyColumn;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/** The moderators' audit rows in the database: one per action, no-ops and views included. Thread-safe. */
final class AuditLog {
    private static final int MAX_AUDIT_TEXT = 500;
    private static final String COLUMNS =
            "SELECT id, actor, action, target, community_id, detail, reason, created_at FROM moderation_audit ";

    private final Jdbc jdbc;
    private final Clock clock;

    AuditLog(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void write(UserKey actor, ModerationAction action, String target, String communityId, String detail,
            String reason) {
        Objects.requireNonNull(actor, "actor");
        jdbc.update("INSERT INTO moderation_audit (actor, action, target, community_id, detail, reason, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                UserKeyColumn.format(actor), action.name(), target, communityId, clip(detail), clip(reason),
                clock.instant());
    }

    /** The most recent rows, newest first; {@code communityId} {@code null} for all. */
    List<AuditEntry> latest(String communityId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        Jdbc.RowMapper<AuditEntry> mapper = r -> new AuditEntry(
                r.getLong("id"),
                UserKeyColumn.parse(r.getString("actor")),
                ModerationAction.valueOf(r.getString("action")),
                r.getString("target"),
                r.getString("community_id"),
                r.getString("detail"),
                r.getString("reason"),
                Jdbc.instant(r, "created_at"));
        return communityId == null
                ? jdbc.query(COLUMNS + "ORDER BY id DESC LIMIT ?", mapper, limit)
                : jdbc.query(COLUMNS + "WHERE community_id = ? ORDER BY id DESC LIMIT ?", mapper, communityId, limit);
    }

    private static String clip(String text) {
        return text == null || text.length() <= MAX_AUDIT_TEXT ? text : text.substring(0, MAX_AUDIT_TEXT - 1) + "…";
    }
}
