package dev.seedancebot.testkit.telegram;

import java.util.Objects;

/**
 * A chat as the fake sends it. Group ids are negative, as on Telegram. In a {@link #forum} chat the fake answers a
 * send with {@code message_thread_id=1} (the General topic) with "message thread not found", as Telegram does.
 */
public record TgChat(long id, String type, String title, boolean isForum) {
    public TgChat {
        Objects.requireNonNull(type, "type");
    }

    /** The private chat with {@code user}; its id is the user's id. */
    public static TgChat privateWith(TgUser user) {
        return new TgChat(user.id(), "private", null, false);
    }

    public static TgChat group(long id, String title) {
        return new TgChat(id, "supergroup", title, false);
    }

    /** A supergroup with topics enabled. */
    public static TgChat forum(long id, String title) {
        return new TgChat(id, "supergroup", title, true);
    }
}
