package dev.seedancebot.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-chat lock: a submission holds up its own chat's progress reports and nobody else. */
class ProgressMessagesTest {
    private static final long WAIT_MILLIS = 5_000;
    /** How long a call must stay blocked to count as waiting (a bounded get, no sleep). */
    private static final long STILL_WAITING_MILLIS = 150;
    /** Chats 1 and 65 shared one of the 64 lock stripes the class used to have. */
    private static final long CHAT = 1;
    private static final long SAME_STRIPE_CHAT = 65;

    private final ProgressMessages progress = new ProgressMessages(Ticker.systemTicker());
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch submitting = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        threads.shutdownNow();
    }

    @Test
    void messageOf_submissionInSameChat_waitsForTheAcknowledgement() throws Exception {
        CompletableFuture<Void> submission = holdChat(CHAT, () -> progress.remember("t1", 42, "queued"));

        CompletableFuture<Integer> report = CompletableFuture.supplyAsync(() -> progress.messageOf(CHAT, "t1"),
                threads);

        assertThatThrownBy(() -> report.get(STILL_WAITING_MILLIS, TimeUnit.MILLISECONDS))
                .isInstanceOf(TimeoutException.class);
        release.countDown();
        submission.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(report.get(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo(42);
    }

    @Test
    void whileSubmitting_otherChat_doesNotWait() throws Exception {
        holdChat(CHAT, () -> { });

        CompletableFuture<String> other = CompletableFuture.supplyAsync(
                () -> progress.whileSubmitting(SAME_STRIPE_CHAT, () -> "done"), threads);

        assertThat(other.get(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo("done");
        assertThat(progress.messageOf(SAME_STRIPE_CHAT, "unknown")).isNull();
    }

    @Test
    void whileSubmitting_nestedInSameChat_doesNotDeadlock() {
        String result = progress.whileSubmitting(CHAT, () -> progress.whileSubmitting(CHAT, () -> "inner"));

        assertThat(result).isEqualTo("inner");
        assertThat(progress.lockInUse(CHAT)).isFalse();
    }

    @Test
    void whileSubmitting_workThrows_releasesTheChat() {
        assertThatThrownBy(() -> progress.whileSubmitting(CHAT, () -> {
            throw new IllegalStateException("submit failed");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(progress.lockInUse(CHAT)).isFalse();
        assertThat(progress.whileSubmitting(CHAT, () -> "again")).isEqualTo("again");
    }

    @Test
    void whileSubmitting_manyThreadsOneChat_runOneAtATimeAndLeaveNoLock() throws Exception {
        int[] inside = {0};
        int[] maxInside = {0};
        CompletableFuture<?>[] all = new CompletableFuture<?>[16];
        for (int i = 0; i < all.length; i++) {
            all[i] = CompletableFuture.runAsync(() -> {
                for (int k = 0; k < 200; k++) {
                    progress.whileSubmitting(CHAT, () -> {
                        maxInside[0] = Math.max(maxInside[0], ++inside[0]);
                        inside[0]--;
                        return null;
                    });
                }
            }, threads);
        }

        CompletableFuture.allOf(all).get(WAIT_MILLIS, TimeUnit.MILLISECONDS);

        assertThat(maxInside[0]).isEqualTo(1);
        assertThat(progress.lockInUse(CHAT)).isFalse();
    }

    /** Starts a submission in {@code chatId} that runs {@code work}, then holds the chat until {@link #release}. */
    private CompletableFuture<Void> holdChat(long chatId, Runnable work) throws InterruptedException {
        CompletableFuture<Void> held = CompletableFuture.runAsync(() -> progress.whileSubmitting(chatId, () -> {
            work.run();
            submitting.countDown();
            try {
                release.await(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }), threads);
        assertThat(submitting.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
        return held;
    }
}
