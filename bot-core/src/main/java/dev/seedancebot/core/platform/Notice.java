package dev.seedancebot.core.platform;

import java.util.Objects;

/** Something the user must be told about their task, in plain words ({@link #text()} is ready to post). */
public record Notice(Kind kind, String text) {
    public Notice {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    public enum Kind {
        /** The task failed or could not be sent; the text says why and that the user was not charged. */
        FAILED,
        /** The task is taking longer than usual; it is still running. */
        SLOW,
        /** The task goes on, but not quite as asked (its refused soundtrack was dropped); it is still running. */
        CHANGED,
        /** The user or a moderator cancelled the task. */
        CANCELLED,
        /** A moderator refunded the task. */
        REFUNDED
    }
}
