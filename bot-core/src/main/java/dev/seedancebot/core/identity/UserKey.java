package dev.seedancebot.core.identity;

import java.util.Objects;

/** A user as the platform identifies them; quotas and ownership are keyed on this. */
public record UserKey(Platform platform, String userId) {
    public UserKey {
        Objects.requireNonNull(platform, "platform");
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("userId may not be blank");
        }
    }

    @Override
    public String toString() {
        return platform.name().toLowerCase(java.util.Locale.ROOT) + ":" + userId;
    }
}
