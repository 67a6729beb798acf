package dev.seedancebot.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * The poll window never confirms an update before its batch is handled, lets polling go on while batches are handled,
 * and makes the poll thread wait when a poll brought nothing new or the window is full. Batches are held by latches,
 * so every test decides exactly when each batch finishes.
 */
class PollWindowTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** How long a call must stay blocked to count as waiting (a bounded get, no sleep). */
    private static final long STILL_WAITING_MILLIS = 150;

    private final ExecutorService runners = Executors.newCachedThreadPool();
    private final ExecutorService pollThread = Executors.newSingleThreadExecutor();
    /** Each batch, by its first update id, waits for its latch. */
    private final Map<Integer, CountDownLatch> gates = new ConcurrentHashMap<>();
    /** Counted down once a batch's runner task is over (its future then is complete), by first update id. */
    private final Map<Integer, CountDownLatch> finished = new ConcurrentHashMap<>();
    /** The first update id of the batch the current runner thread handles. */
    private final ThreadLocal<Integer> running = new ThreadLocal<>();
    /** Runs batches on {@link #runners} and reports when each runner task, future completion included, is over. */
    private final Executor reportingRunners = task -> runners.execute(() -> {
        try {
            task.run();
        } finally {
            finished(running.get()).countDown();
            running.remove();
        }
    });

    @AfterEach
    void stop() {
        gates.values().forEach(CountDownLatch::countDown);
        runners.shutdownNow();
        pollThread.shutdownNow();
    }

    @Test
    void nextOffset_nothingInProgress_confirmsEverythingReceived() {
        PollWindow window = window(4);

        assertThat(window.nextOffset(41)).isEqualTo(42);
    }

    @Test
    void accept_batchStillHandled_returnsAtOnceAndKeepsItUnconfirmed() throws Exception {
        PollWindow window = window(4);

        window.accept(updates(5, 6, 7));

        assertThat(window.nextOffset(7)).as("the batch in progress is fetched again, not confirmed").isEqualTo(5);
        finish(5);
        assertThat(window.nextOffset(7)).isEqualTo(8);
    }

    @Test
    void accept_laterBatchFinishesFirst_earlierOneStaysUnconfirmed() throws Exception {
        PollWindow window = window(4);
        window.accept(updates(5, 6));
        window.accept(updates(7, 8));

        finish(7);

        assertThat(window.nextOffset(8)).isEqualTo(5);
        finish(5);
        assertThat(window.nextOffset(8)).isEqualTo(9);
    }

    @Test
    void accept_pollBroughtNothingNew_waitsForTheOldestBatch() throws Exception {
        PollWindow window = window(4);
        window.accept(updates(5));

        CompletableFuture<Void> poll = CompletableFuture.runAsync(() -> window.accept(List.of()), pollThread);

        assertStillWaiting(poll);
        finish(5);
        poll.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(window.nextOffset(5)).isEqualTo(6);
    }

    @Test
    void accept_windowFull_waitsForTheOldestBatch() throws Exception {
        PollWindow window = window(2);
        window.accept(updates(1));

        CompletableFuture<Void> poll = CompletableFuture.runAsync(() -> window.accept(updates(2)), pollThread);

        assertStillWaiting(poll);
        finish(1);
        poll.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(window.nextOffset(2)).as("the second batch is still in progress").isEqualTo(2);
    }

    @Test
    void accept_nothingInProgress_returnsAtOnce() {
        PollWindow window = window(1);

        window.accept(List.of());

        assertThat(window.nextOffset(3)).isEqualTo(4);
    }

    @Test
    void accept_runnersShutDown_batchIsNeverConfirmed() {
        PollWindow window = new PollWindow(batch -> { }, task -> {
            throw new RejectedExecutionException("shut down");
        }, 4, WAIT);

        window.accept(updates(9, 10));

        assertThat(window.nextOffset(10)).isEqualTo(9);
    }

    @Test
    void constructor_noRoomForABatch_isRefused() {
        assertThatThrownBy(() -> new PollWindow(batch -> { }, runners, 0, WAIT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBatches");
    }

    // ---------------------------------------------------------------- helpers

    private PollWindow window(int maxBatches) {
        Consumer<List<Update>> handler = batch -> {
            int first = batch.get(0).getUpdateId();
            running.set(first);
            try {
                if (!gate(first).await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("batch " + first + " was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        return new PollWindow(handler, reportingRunners, maxBatches, WAIT);
    }

    private CountDownLatch gate(int firstUpdateId) {
        return gates.computeIfAbsent(firstUpdateId, k -> new CountDownLatch(1));
    }

    private CountDownLatch finished(int firstUpdateId) {
        return finished.computeIfAbsent(firstUpdateId, k -> new CountDownLatch(1));
    }

    /** Lets the batch starting at {@code firstUpdateId} finish and waits until its future is complete. */
    private void finish(int firstUpdateId) throws InterruptedException {
        gate(firstUpdateId).countDown();
        assertThat(finished(firstUpdateId).await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    private static void assertStillWaiting(CompletableFuture<Void> call) {
        assertThatThrownBy(() -> call.get(STILL_WAITING_MILLIS, TimeUnit.MILLISECONDS))
                .isInstanceOf(TimeoutException.class);
    }

    private static List<Update> updates(int... ids) {
        return Arrays.stream(ids).mapToObj(id -> {
            Update u = new Update();
            u.setUpdateId(id);
            return u;
        }).toList();
    }
}
