package dev.seedancebot.core.history;

import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.storage.Jdbc;
import dev.seedancebot.core.storage.UserKeyColumn;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Which tasks make up a person's history in one place: theirs, on their platform, made in {@code communityId} (or in
 * private chats when it is {@code null}), newest first. Only ids: the engine reads the tasks themselves, so the rows
 * are decoded in one place. The {@code task_user} index covers the filter. Thread-safe.
 */
public final class HistoryStore {
    private final Jdbc jdbc;

    public HistoryStore(Jdbc jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /**
     * Marks a task's posted video deleted by {@code by}; {@code false} when it already was (so two presses delete
     * once).
     */
    public boolean markDeleted(String taskId, UserKey by, Instant at) {
        return jdbc.update("UPDATE task SET deleted_at = ?, deleted_by = ? WHERE id = ? AND deleted_at IS NULL", at,
                UserKeyColumn.format(by), taskId) == 1;
    }

    /** Whether the task's posted video was deleted. */
    public boolean isDeleted(String taskId) {
        return !jdbc.query("SELECT id FROM task WHERE id = ? AND deleted_at IS NOT NULL", r -> r.getString(1), taskId)
                .isEmpty();
    }

    /** Up to {@code limit} task ids after skipping {@code offset}, newest first. */
    public List<String> ids(UserKey user, String communityId, int offset, int limit) {
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must not be negative and limit must be positive");
        }
        String place = communityId == null ? "community_id IS NULL" : "community_id = ?";
        Object[] params = communityId == null
                ? new Object[] {user.platform().name(), user.userId()}
                : new Object[] {user.platform().name(), user.userId(), communityId};
        // id breaks ties between tasks of one instant, so pages never repeat or skip one
        return jdbc.query("SELECT id FROM task WHERE platform = ? AND user_id = ? AND " + place
                + " ORDER BY created_at DESC, id DESC OFFSET " + offset + " ROWS FETCH NEXT " + limit + " ROWS ONLY",
                r -> r.getString(1), params);
    }
}
