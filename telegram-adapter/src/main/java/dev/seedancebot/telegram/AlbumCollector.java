package dev.seedancebot.telegram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Gathers the items of an album. Telegram sends each item as its own update with a shared {@code media_group_id}
 * and no count or end marker, so an album counts as complete {@code debounce} after its last item arrived, or at
 * once when it reaches Telegram's maximum of {@value #MAX_ITEMS} items (fewer than the 9 images, 3 videos and 3 audio
 * files one Seedance request can use, so no usable album is cut short).
 *
 * <p>Albums wait in memory before anyone is admitted, so their number is bounded: at most
 * {@value #MAX_PENDING_PER_CHAT} per chat and {@value #MAX_PENDING} in all. Items of further albums are dropped; the
 * first such album meant for the bot in a chat is answered once (until that chat's albums have all completed).
 * Thread-safe.
 */
final class AlbumCollector {
    static final int MAX_ITEMS = 10;
    static final int MAX_PENDING_PER_CHAT = 3;
    static final int MAX_PENDING = 1000;

    private final Duration debounce;
    private final ScheduledExecutorService scheduler;
    private final Consumer<List<Message>> onComplete;
    private final Predicate<Message> forTheBot;
    private final Consumer<Message> onTooMany;
    private final Map<String, Album> albums = new HashMap<>();
    private final Map<Long, Integer> pendingPerChat = new HashMap<>();
    private final Set<Long> warned = new HashSet<>();

    private static final class Album {
        final long chatId;
        final List<Message> items = new ArrayList<>();
        ScheduledFuture<?> flush;

        Album(long chatId) {
            this.chatId = chatId;
        }
    }

    /**
     * @param forTheBot whether an item carries a command for this bot (only those hear that they were dropped)
     * @param onTooMany answers the first dropped album meant for the bot in a chat; runs on the scheduler
     */
    AlbumCollector(Duration debounce, ScheduledExecutorService scheduler, Consumer<List<Message>> onComplete,
            Predicate<Message> forTheBot, Consumer<Message> onTooMany) {
        this.debounce = debounce;
        this.scheduler = scheduler;
        this.onComplete = onComplete;
        this.forTheBot = forTheBot;
        this.onTooMany = onTooMany;
    }

    synchronized void add(Message item) {
        long chatId = item.getChatId();
        String key = chatId + "/" + item.getMediaGroupId();
        Album album = albums.get(key);
        if (album == null) {
            if (pendingPerChat.getOrDefault(chatId, 0) >= MAX_PENDING_PER_CHAT || albums.size() >= MAX_PENDING) {
                if (forTheBot.test(item) && warned.add(chatId)) {
                    scheduler.execute(() -> onTooMany.accept(item));
                }
                return;
            }
            album = new Album(chatId);
            albums.put(key, album);
            pendingPerChat.merge(chatId, 1, Integer::sum);
        }
        album.items.add(item);
        if (album.flush != null) {
            album.flush.cancel(false);
        }
        if (album.items.size() >= MAX_ITEMS) {
            scheduler.execute(() -> flush(key));
        } else {
            album.flush = scheduler.schedule(() -> flush(key), debounce.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void flush(String key) {
        List<Message> items;
        synchronized (this) {
            Album album = albums.remove(key);
            if (album == null) {
                return;
            }
            items = List.copyOf(album.items);
            if (pendingPerChat.merge(album.chatId, -1, Integer::sum) <= 0) {
                pendingPerChat.remove(album.chatId);
                warned.remove(album.chatId);
            }
        }
        onComplete.accept(items);
    }
}
