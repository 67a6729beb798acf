package dev.seedancebot.core.engine;

import dev.seedancebot.core.i18n.Texts;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs pieces of a task's work on the engine's threads: now on a worker, or later from the scheduler, each in the
 * task's log context and its requester's language. A piece refused because the executors are shutting down is not
 * lost: the task is in the database and resumes on the next start.
 */
final class TaskWork {
    private static final Logger log = LoggerFactory.getLogger(TaskWork.class);

    private final TaskStore store;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final Random random;
    private final double jitter;

    TaskWork(TaskStore store, ScheduledExecutorService scheduler, ExecutorService workers, Random random,
            double jitter) {
        this.store = store;
        this.scheduler = scheduler;
        this.workers = workers;
        this.random = random;
        this.jitter = jitter;
    }

    void runAsync(String id, Runnable work) {
        try {
            workers.execute(() -> inContext(id, work));
        } catch (RejectedExecutionException e) {
            log.warn("task {} work not started: engine is shutting down; it resumes on the next start", id);
        }
    }

    void later(String id, Duration delay, Runnable work) {
        try {
            scheduler.schedule(() -> runAsync(id, work), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.warn("task {} retry not scheduled: engine is shutting down; it resumes on the next start", id);
        }
    }

    /**
     * Runs one piece of a task's work. If it fails unexpectedly (a database fault, say), the task's lease is given
     * up, so that the next poll tick or lease upkeep, here or on another instance, picks the task up again instead
     * of the lease being renewed with nobody working on it.
     */
    void inContext(String id, Runnable work) {
        MDC.put("task", id);
        try (Texts.Scope language = Texts.use(store.language(id))) {
            work.run();
        } catch (RuntimeException e) {
            log.error("task {} work failed", id, e);
            try {
                store.release(id);
            } catch (RuntimeException releaseFailure) {
                log.warn("task {} lease not released, it lapses instead: {}", id, releaseFailure.getMessage());
            }
        } finally {
            MDC.remove("task");
        }
    }

    Duration withJitter(Duration base) {
        if (jitter == 0 || base.isZero()) {
            return base;
        }
        // only ever shortens the interval, so a finished task is noticed within one interval (plus a tick)
        double factor = 1 - random.nextDouble() * jitter;
        return Duration.ofMillis(Math.round(base.toMillis() * factor));
    }
}
