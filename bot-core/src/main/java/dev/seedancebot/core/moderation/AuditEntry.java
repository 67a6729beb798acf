package dev.seedancebot.core.moderation;

import dev.seedancebot.core.identity.UserKey;
import java.time.Instant;
import java.util.Locale;

/**
 * One row of the moderation audit log.
 *
 * @param target what the action was about: a user ("discord:42"), a community, a role ("role 123 in 456") or a task
 * @param communityId where the moderator acted; {@code null} in private chats and the terminal
 * @param detail what happened, including the outcome ("daily limit 60 → 100", "task was already refunded")
 * @param reason why, as the moderator gave it; may be {@code null}
 */
public record AuditEntry(
        long id,
        UserKey actor,
        ModerationAction action,
        String target,
        String communityId,
        String detail,
        String reason,
        Instant at) {

    /** One line for chat or the terminal. */
    public String toText() {
        return at + " " + actor + " " + action.name().toLowerCase(Locale.ROOT) + " " + target + ": " + detail
                + (reason == null || reason.isBlank() ? "" : " (reason: " + reason + ")");
    }
}
