package dev.seedancebot.telegram;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChatAdministrators;

/**
 * Who administers each group, from getChatAdministrators, cached for a while so that every command does not cost a
 * Bot API call. A failed lookup counts as "no admins" and is not cached.
 */
final class ChatAdmins {
    private final LoadingCache<Long, Set<Long>> admins;

    ChatAdmins(BotApi api, Duration ttl, Ticker ticker) {
        this.admins = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .ticker(ticker)
                .maximumSize(10_000)
                .build(chatId -> api.call(new GetChatAdministrators(String.valueOf(chatId))).stream()
                        .map(member -> member.getUser().getId())
                        .collect(Collectors.toUnmodifiableSet()));
    }

    boolean isAdmin(long chatId, long userId) {
        if (chatId > 0) {
            return false; // a private chat has no admins
        }
        try {
            return admins.get(chatId).contains(userId);
        } catch (BotApiException e) {
            return false;
        }
    }
}
