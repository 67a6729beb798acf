package dev.seedancebot.testkit.telegram;

import java.util.Objects;

/**
 * A Telegram user as the fake sends it in {@code from}; {@code username} is without the {@code @}, may be null;
 * {@code languageCode} is the IETF tag of the user's app language ({@code es}, {@code pt-br}), or null (not sent).
 */
public record TgUser(long id, String username, String firstName, String languageCode) {
    public TgUser {
        Objects.requireNonNull(firstName, "firstName");
    }

    public TgUser(long id, String username, String firstName) {
        this(id, username, firstName, null);
    }

    /** The same user with their app set to {@code languageCode}. */
    public TgUser speaking(String languageCode) {
        return new TgUser(id, username, firstName, languageCode);
    }
}
