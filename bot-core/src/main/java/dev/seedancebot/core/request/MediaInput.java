package dev.seedancebot.core.request;

import java.util.Objects;

/**
 * One image, video or audio input with its role. {@code label} is how the user knows the input (its file name or
 * "attachment 2"); every validation message names the input by it.
 */
public record MediaInput(MediaRole role, MediaSource source, String label) {
    public MediaInput {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(source, "source");
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("label may not be blank");
        }
    }

    public MediaKind kind() {
        return role.kind();
    }
}
