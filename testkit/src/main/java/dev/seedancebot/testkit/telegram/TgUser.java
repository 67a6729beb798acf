package dev.seedancebot.testkit.telegram;

import java.util.Objects;

/** A Telegram user as the fake sends it in {@code from}; {@code username} is without the {@code @}, may be null. */
public record TgUser(long id, String username, String firstName) {
    public TgUser {
        Objects.requireNonNull(firstName, "firstName");
    }
}
