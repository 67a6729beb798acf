package dev.seedancebot.core.engine;

import java.util.Objects;

/** The answer to cancel, refund and similar button or moderator actions; {@code message} is ready to show. */
public record ActionOutcome(boolean done, String message, boolean silent) {
    public ActionOutcome {
        Objects.requireNonNull(message, "message");
    }

    public ActionOutcome(boolean done, String message) {
        this(done, message, false);
    }

    public static ActionOutcome done(String message) {
        return new ActionOutcome(true, message);
    }

    public static ActionOutcome refused(String message) {
        return new ActionOutcome(false, message);
    }
}
