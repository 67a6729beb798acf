package dev.seedancebot.core.ports.in;

import java.util.Objects;

/**
 * A text answer to a chat command. {@code silent}: send nothing at all (a flood past its first warning, where every
 * answer would feed it).
 */
public record Answer(String text, boolean silent) {
    public Answer {
        Objects.requireNonNull(text, "text");
    }

    public static Answer of(String text) {
        return new Answer(text, false);
    }
}
