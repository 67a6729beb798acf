package dev.seedancebot.telegram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Gathers the items of an album. Telegram sends each item as its own update with a shared {@code media_group_id}
 * and no count or end marker, so an album counts as complete {@code debounce} after its last item arrived, or at
 * once when it reaches Telegram's maximum of 10 items.
 */
final class AlbumCollector {
    private static final int MAX_ITEMS = 10;

    private final Duration debounce;
    private final ScheduledExecutorService scheduler;
    private final Consumer<List<Message>> onComplete;
    private final Map<String, Album> albums = new ConcurrentHashMap<>();

    private static final class Album {
        final List<Message> items = new ArrayList<>();
        ScheduledFuture<?> flush;
    }

    AlbumCollector(Duration debounce, ScheduledExecutorService scheduler, Consumer<List<Message>> onComplete) {
        this.debounce = debounce;
        this.scheduler = scheduler;
        this.onComplete = onComplete;
    }

    void add(Message item) {
        String id = item.getMediaGroupId();
        Album album = albums.computeIfAbsent(id, k -> new Album());
        synchronized (album) {
            album.items.add(item);
            if (album.flush != null) {
                album.flush.cancel(false);
            }
            if (album.items.size() >= MAX_ITEMS) {
                scheduler.execute(() -> flush(id));
            } else {
                album.flush = scheduler.schedule(() -> flush(id), debounce.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void flush(String id) {
        Album album = albums.remove(id);
        if (album == null) {
            return;
        }
        List<Message> items;
        synchronized (album) {
            items = List.copyOf(album.items);
        }
        onComplete.accept(items);
    }
}
