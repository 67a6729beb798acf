package dev.seedancebot.core.moderation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.storage.Jdbc;
import dev.seedancebot.core.storage.UserKeyColumn;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The moderators' audit rows in the database: one per action, no-ops and views included. A row keeps what happened as
 * a key and its arguments (V15), worded when read; its {@code detail} column holds the English wording too, for
 * whoever reads the table itself, and is all that rows from before V15 have. Thread-safe.
 */
final class AuditLog {
    private static final int MAX_AUDIT_TEXT = 500;
    /** The size of {@code moderation_audit.text_args} (V15). */
    private static final int MAX_ARGS = 2000;
    private static final String COLUMNS =
            "SELECT id, actor, action, target, community_id, detail, text_key, text_args, reason, created_at"
                    + " FROM moderation_audit ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> ARGS = new TypeReference<>() {};

    private final Jdbc jdbc;
    private final Clock clock;

    AuditLog(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void write(UserKey actor, ModerationAction action, String target, String communityId, AuditDetail detail,
            String reason) {
        Objects.requireNonNull(actor, "actor");
        String english;
        try (Texts.Scope ignored = Texts.use(Languages.ENGLISH)) {
            english = detail.text();
        }
        String args = json(detail.args());
        // arguments too long for their column (a long list typed by a moderator) keep the row as clipped English text
        // rather than failing the moderator's action
        boolean fits = args.length() <= MAX_ARGS;
        jdbc.update("INSERT INTO moderation_audit (actor, action, target, community_id, detail, text_key, text_args,"
                        + " reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                UserKeyColumn.format(actor), action.name(), target, communityId, clip(english),
                fits ? detail.key() : null, fits ? args : null, clip(reason), clock.instant());
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
                detail(r.getString("text_key"), r.getString("text_args"), r.getString("detail")),
                r.getString("reason"),
                Jdbc.instant(r, "created_at"));
        return communityId == null
                ? jdbc.query(COLUMNS + "ORDER BY id DESC LIMIT ?", mapper, limit)
                : jdbc.query(COLUMNS + "WHERE community_id = ? ORDER BY id DESC LIMIT ?", mapper, communityId, limit);
    }

    private static AuditDetail detail(String key, String args, String stored) {
        if (key == null) {
            return AuditDetail.stored(stored);
        }
        try {
            return new AuditDetail(key, JSON.readValue(args, ARGS));
        } catch (JsonProcessingException e) {
            // only this class writes the column; a row it cannot read still shows what it said then
            return AuditDetail.stored(stored);
        }
    }

    private static String json(Map<String, String> args) {
        try {
            return JSON.writeValueAsString(args);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    private static String clip(String text) {
        return text == null || text.length() <= MAX_AUDIT_TEXT ? text : text.substring(0, MAX_AUDIT_TEXT - 1) + "…";
    }
}
