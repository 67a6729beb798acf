package dev.seedancebot.core.moderation;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.identity.UserKey;
import java.time.Instant;
import java.util.Locale;

/**
 * One row of the moderation audit log. Its words are chosen when it is read, in the reader's language
 * ({@link dev.seedancebot.core.i18n.Texts#use}); values (users, amounts, labels, reasons) stay as they were given.
 *
 * @param target what the action was about, as stored: a user ("discord:42"), "community 456", "role 123", "task t1"
 * @param communityId where the moderator acted; {@code null} in private chats and the terminal
 * @param what what happened, including the outcome ("daily limit 60 → 100", "task was already refunded")
 * @param reason why, as the moderator gave it; may be {@code null}
 */
public record AuditEntry(
        long id,
        UserKey actor,
        ModerationAction action,
        String target,
        String communityId,
        AuditDetail what,
        String reason,
        Instant at) {

    /** What happened, in the current language. */
    public String detail() {
        return what.text();
    }

    /** One line for chat or the terminal, in the current language. */
    public String toText() {
        return at + " " + actor + " " + action.name().toLowerCase(Locale.ROOT) + " " + what.target(target) + ": "
                + detail() + (reason == null || reason.isBlank() ? "" : " " + t("audit.reason", "reason", reason));
    }
}
