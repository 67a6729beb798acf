package dev.seedancebot.telegram;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Lets the long-poll loop fetch new updates while earlier batches are still being handled, without confirming any
 * update before it is handled.
 *
 * <p>Telegram confirms every update below the offset of the next getUpdates. Polling only after the whole batch was
 * handled kept everything that arrived meanwhile queued at Telegram behind the batch's slowest update: in one run of
 * the intake benchmark the first poll of a burst of 500 {@code /video} caught 83, and the other 417 were fetched only
 * 0.9 s later, once those 83 were answered.
 * Here each batch is handled on a runner thread while the loop polls on. The offset stays at the first update of the
 * oldest batch not yet handled, so Telegram re-sends the batches in progress (TelegramBots drops them: it has received
 * them) together with whatever is new, and a process killed at any point gets every unhandled update again.
 *
 * <p>Pacing: when a poll brought nothing new, or {@code maxBatches} batches are in progress, the poll thread waits
 * for the oldest batch, so re-polling follows the pace at which batches finish and never spins. Telegram answers at
 * most 100 updates from the offset, so an unfinished batch of 100 leaves no room for new ones: the gain is for bursts
 * whose first poll catches only part of them.
 *
 * <p>Thread-safe; {@link #nextOffset} and {@link #accept} are called on the poll thread, batches finish on runners.
 */
final class PollWindow {
    private static final Logger log = LoggerFactory.getLogger(PollWindow.class);

    private final Consumer<List<Update>> handler;
    private final Executor runners;
    private final int maxBatches;
    private final Duration batchWait;
    /** Batches not known to be handled, oldest first. Guarded by {@code this}. */
    private final Deque<Batch> open = new ArrayDeque<>();

    private record Batch(int firstUpdateId, CompletableFuture<Void> handled) {}

    /**
     * @param handler handles a batch and returns once it is handled ({@link UpdateHandler#consume})
     * @param runners runs {@code handler}, one thread per batch in progress (at most {@code maxBatches} at once)
     * @param batchWait the longest the poll thread waits for a batch before it polls again regardless
     */
    PollWindow(Consumer<List<Update>> handler, Executor runners, int maxBatches, Duration batchWait) {
        if (maxBatches < 1) {
            throw new IllegalArgumentException("maxBatches must be at least 1, was " + maxBatches);
        }
        this.handler = handler;
        this.runners = runners;
        this.maxBatches = maxBatches;
        this.batchWait = batchWait;
    }

    /** The getUpdates offset after {@code lastReceived}: confirms the updates of the batches handled so far, no more. */
    synchronized int nextOffset(int lastReceived) {
        dropHandled();
        return open.isEmpty() ? lastReceived + 1 : open.getFirst().firstUpdateId();
    }

    /**
     * Starts handling {@code updates} (the new ones of a poll; empty when it only brought re-sent ones) and returns,
     * or first waits for the oldest batch when nothing was new or the window is full.
     */
    void accept(List<Update> updates) {
        Batch oldest;
        synchronized (this) {
            if (!updates.isEmpty()) {
                open.addLast(start(List.copyOf(updates)));
            }
            dropHandled();
            if (open.isEmpty() || (!updates.isEmpty() && open.size() < maxBatches)) {
                return;
            }
            oldest = open.getFirst();
        }
        try {
            oldest.handled().get(batchWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("a batch of Telegram updates failed: {}", e.getCause().toString());
        } catch (TimeoutException e) {
            log.warn("a batch of Telegram updates is still being handled after {} s; polling on without confirming it",
                    batchWait.toSeconds());
        }
    }

    private Batch start(List<Update> batch) {
        int first = batch.stream().mapToInt(Update::getUpdateId).min().orElseThrow();
        try {
            return new Batch(first, CompletableFuture.runAsync(() -> handler.accept(batch), runners));
        } catch (RejectedExecutionException e) {
            // shutting down: the batch stays unconfirmed, so the next poller (or this bot after a restart) gets it
            log.debug("a batch of {} Telegram updates was not started: the adapter is shutting down", batch.size());
            return new Batch(first, new CompletableFuture<>());
        }
    }

    /** Forgets finished batches, wherever they are: a later batch may finish first. */
    private void dropHandled() {
        open.removeIf(b -> b.handled().isDone());
    }
}
