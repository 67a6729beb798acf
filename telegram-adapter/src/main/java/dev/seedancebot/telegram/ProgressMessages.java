package dev.seedancebot.telegram;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Which message shows each task's progress, and when each chat was last edited.
 *
 * <p>The acknowledgement is the progress message. The engine may report progress before the submitting thread has
 * posted it (the create call runs on another thread), so submission and acknowledgement happen under a per-chat
 * lock, and a progress report for a task without a known message takes the same lock first. After a restart nothing
 * is known here; the engine then passes the stored {@code progressMessageId}, or a new message is posted.
 */
final class ProgressMessages {
    /** Telegram allows about one message per second per chat. */
    static final Duration MIN_EDIT_INTERVAL = Duration.ofSeconds(1);
    private static final int STRIPES = 64;

    private final Object[] locks = new Object[STRIPES];
    private final Cache<String, Integer> byTask;
    private final Cache<String, String> lastText;
    private final Map<Long, Long> lastEditNanos = new ConcurrentHashMap<>();
    private final Ticker ticker;

    ProgressMessages(Ticker ticker) {
        this.ticker = ticker;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
        // tasks end within a day; older entries are only a restart's worth of state
        this.byTask = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(Duration.ofDays(2)).build();
        this.lastText = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(Duration.ofDays(2)).build();
    }

    /** Runs {@code work} (submit, then acknowledge) while progress reports for this chat wait. */
    <T> T whileSubmitting(long chatId, Supplier<T> work) {
        synchronized (lockOf(chatId)) {
            return work.get();
        }
    }

    void remember(String taskId, int messageId, String text) {
        byTask.put(taskId, messageId);
        lastText.put(taskId, text);
    }

    /** The progress message of a task; waits for a submission in progress in that chat. */
    Integer messageOf(long chatId, String taskId) {
        synchronized (lockOf(chatId)) {
            return byTask.getIfPresent(taskId);
        }
    }

    /** True when {@code text} differs from what the task's message shows. */
    boolean changed(String taskId, String text) {
        return !text.equals(lastText.getIfPresent(taskId));
    }

    /**
     * Nanoseconds to wait before the next edit in this chat, keeping to {@link #MIN_EDIT_INTERVAL}; 0 when an edit
     * may go now.
     */
    long waitBeforeEdit(long chatId) {
        Long last = lastEditNanos.get(chatId);
        if (last == null) {
            return 0;
        }
        return Math.max(0, last + MIN_EDIT_INTERVAL.toNanos() - ticker.read());
    }

    void edited(long chatId) {
        lastEditNanos.put(chatId, ticker.read());
    }

    private Object lockOf(long chatId) {
        return locks[Math.floorMod(Long.hashCode(chatId), STRIPES)];
    }
}
