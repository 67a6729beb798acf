package dev.seedancebot.telegram;

import java.util.Locale;

/** A Bot API call failed; {@link #kind} is what the adapter reacts to. */
final class BotApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    enum Kind {
        RATE_LIMITED,
        THREAD_NOT_FOUND,
        REPLY_TARGET_GONE,
        CANT_EDIT,
        NOT_MODIFIED,
        /** Blocked, kicked, chat gone, no rights: retrying will not help. */
        FORBIDDEN,
        TOO_LARGE,
        /** Network trouble or a 5xx: worth retrying. */
        TRANSIENT,
        OTHER
    }

    private final Kind kind;

    BotApiException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    static Kind classify(Integer code, String description) {
        String d = description == null ? "" : description.toLowerCase(Locale.ROOT);
        int c = code == null ? 0 : code;
        if (c == 429) {
            return Kind.RATE_LIMITED;
        }
        if (d.contains("message thread not found")) {
            return Kind.THREAD_NOT_FOUND;
        }
        if (d.contains("message to be replied not found") || d.contains("replied message not found")) {
            return Kind.REPLY_TARGET_GONE;
        }
        if (d.contains("message is not modified")) {
            return Kind.NOT_MODIFIED;
        }
        if (d.contains("message to edit not found") || d.contains("message can't be edited")) {
            return Kind.CANT_EDIT;
        }
        if (c == 413 || d.contains("too big") || d.contains("too large")) {
            return Kind.TOO_LARGE;
        }
        if (c == 401 || c == 403 || d.contains("chat not found")) {
            return Kind.FORBIDDEN;
        }
        if (c >= 500 || c == 0) {
            return Kind.TRANSIENT;
        }
        return Kind.OTHER;
    }
}
