package dev.seedancebot.telegram;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Which message shows each task's progress, and when each chat was last edited.
 *
 * <p>The acknowledgement is the progress message. The engine may report progress before the submitting thread has
 * posted it (the create call runs on another thread), so submission and acknowledgement happen under a per-chat
 * lock, and a progress report for a task without a known message takes the same lock first. After a restart nothing
 * is known here; the engine then passes the stored {@code progressMessageId}, or a new message is posted.
 *
 * <p>The lock is the chat's own, held only while someone uses it. It used to be one of 64 shared stripes, and the
 * holder keeps it through database writes and the acknowledgement's HTTP call: in a burst of 500 chats, 32 handlers
 * spent about a quarter of their time waiting for other chats' submissions.
 */
final class ProgressMessages {
    /** Telegram allows about one message per second per chat. */
    static final Duration MIN_EDIT_INTERVAL = Duration.ofSeconds(1);

    /** The lock of each chat in use, with how many threads hold or wait for it; gone when none does. */
    private final Map<Long, ChatLock> chatLocks = new ConcurrentHashMap<>();
    private final Cache<String, Integer> byTask;
    private final Cache<String, String> lastText;
    private final Map<Long, Long> lastEditNanos = new ConcurrentHashMap<>();
    private final Ticker ticker;

    ProgressMessages(Ticker ticker) {
        this.ticker = ticker;
        // tasks end within a day; older entries are only a restart's worth of state
        this.byTask = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(Duration.ofDays(2)).build();
        this.lastText = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(Duration.ofDays(2)).build();
    }

    /** Runs {@code work} (submit, then acknowledge) while progress reports for this chat wait. */
    <T> T whileSubmitting(long chatId, Supplier<T> work) {
        ChatLock lock = chatLocks.compute(chatId, (id, held) -> (held == null ? new ChatLock() : held).join());
        lock.lock.lock();
        try {
            return work.get();
        } finally {
            lock.lock.unlock();
            chatLocks.computeIfPresent(chatId, (id, held) -> held.leave());
        }
    }

    void remember(String taskId, int messageId, String text) {
        byTask.put(taskId, messageId);
        lastText.put(taskId, text);
    }

    /** The progress message of a task; waits for a submission in progress in that chat. */
    Integer messageOf(long chatId, String taskId) {
        return whileSubmitting(chatId, () -> byTask.getIfPresent(taskId));
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

    /** Whether any thread holds or waits for a chat's lock (for tests: entries must not outlive their use). */
    boolean lockInUse(long chatId) {
        return chatLocks.containsKey(chatId);
    }

    /** A chat's lock; {@code users} only changes inside the map's atomic compute for that chat. */
    private static final class ChatLock {
        final ReentrantLock lock = new ReentrantLock();
        int users;

        ChatLock join() {
            users++;
            return this;
        }

        /** The lock itself while others still use it, else {@code null}, which removes it from the map. */
        ChatLock leave() {
            return --users == 0 ? null : this;
        }
    }
}
