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
 * Bot API call. A fresh lookup asks Telegram now and refreshes the cache: the core asks for one before an admin's
 * action changes money, so an admin demoted a minute ago cannot spend on a stale list. A failed lookup counts as "no
 * admins" and is not cached.
 */
final class ChatAdmins {
    private final BotApi api;
    private final LoadingCache<Long, Set<Long>> admins;

    ChatAdmins(BotApi api, Duration ttl, Ticker ticker) {
        this.api = api;
        this.admins = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .ticker(ticker)
                .maximumSize(10_000)
                .build(this::fetch);
    }

    boolean isAdmin(long chatId, long userId, boolean fresh) {
        if (chatId > 0) {
            return false; // a private chat has no admins
        }
        try {
            Set<Long> ids;
            if (fresh) {
                ids = fetch(chatId);
                admins.put(chatId, ids);
            } else {
                ids = admins.get(chatId);
            }
            return ids.contains(userId);
        } catch (BotApiException e) {
            return false;
        }
    }

    private Set<Long> fetch(long chatId) {
        return api.call(new GetChatAdministrators(String.valueOf(chatId))).stream()
                .map(member -> member.getUser().getId())
                .collect(Collectors.toUnmodifiableSet());
    }
}
