package dev.seedancebot.core.identity;

import java.util.Objects;

/**
 * Where to answer: the community (Discord guild, Telegram group; {@code null} in private chats), the channel or chat,
 * the thread or forum topic ({@code null} when there is none) and the user's message to reply to ({@code null} when the
 * platform has no such thing, as for a Discord slash command).
 */
public record ChatRef(Platform platform, String communityId, String chatId, String threadId, String replyToMessageId) {
    public ChatRef {
        Objects.requireNonNull(platform, "platform");
        if (chatId == null || chatId.isBlank()) {
            throw new IllegalArgumentException("chatId may not be blank");
        }
    }

    public static ChatRef of(Platform platform, String communityId, String chatId) {
        return new ChatRef(platform, communityId, chatId, null, null);
    }
}
