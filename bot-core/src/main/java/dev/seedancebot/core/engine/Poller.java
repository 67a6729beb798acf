package dev.seedancebot.core.engine;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationException;
import dev.seedancebot.core.generation.GenerationStatus;
import dev.seedancebot.core.generation.VideoGenerator;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.task.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the provider for submitted tasks that are due, under this instance's leases: progress, the slow notice,
 * giving up, the provider's rate limit (which pauses all polls) and "not found" within its grace. A success hands the
 * task to {@link TaskDelivery}. At most {@link EngineSettings#maxPollsInFlight()} polls are in flight at once.
 */
final class Poller {
    private static final Logger log = LoggerFactory.getLogger(Poller.class);

    private final TaskStore store;
    private final TaskTransitions transitions;
    private final VideoGenerator generator;
    private final EngineListener listener;
    private final Settlement settlement;
    private final Notices notices;
    private final TaskDelivery delivery;
    private final TaskWork work;
    private final TaskNotFoundGrace notFound;
    private final SilentRetry silentRetry;
    private final EngineSettings settings;
    private final Clock clock;
    private final Executor workers;
    private final Semaphore pollPermits;
    private final AtomicReference<Instant> pausedUntil = new AtomicReference<>(Instant.EPOCH);
    private final AtomicLong pollsSent = new AtomicLong();

    Poller(TaskStore store, TaskTransitions transitions, VideoGenerator generator, EngineListener listener,
            Settlement settlement, Notices notices, TaskDelivery delivery, TaskWork work, TaskNotFoundGrace notFound,
            SilentRetry silentRetry, EngineSettings settings, Clock clock, Executor workers) {
        this.store = store;
        this.transitions = transitions;
        this.generator = generator;
        this.listener = listener;
        this.settlement = settlement;
        this.notices = notices;
        this.delivery = delivery;
        this.work = work;
        this.notFound = notFound;
        this.silentRetry = silentRetry;
        this.settings = settings;
        this.clock = clock;
        this.workers = workers;
        this.pollPermits = new Semaphore(settings.maxPollsInFlight());
    }

    long pollsSent() {
        return pollsSent.get();
    }

    /**
     * One step: claims the tasks due by {@code now} and hands them to the workers until the poll slots are full or
     * nothing more is due, so one tick can start far more polls than there are slots (a tick that took only one batch
     * capped the engine at {@code maxPollsInFlight} polls per tick). Not to be called concurrently with itself.
     */
    void tick(Instant now) {
        try {
            while (true) {
                if (now.isBefore(pausedUntil.get())) {
                    return;
                }
                int free = pollPermits.availablePermits();
                if (free == 0) {
                    return;
                }
                // only this thread takes permits, so each of the (at most free) claimed tasks gets one
                List<TaskRecord> claimed = store.claimDueForPoll(now, free);
                for (int i = 0; i < claimed.size(); i++) {
                    TaskRecord task = claimed.get(i);
                    pollPermits.acquireUninterruptibly();
                    try {
                        workers.execute(() -> {
                            try {
                                work.inContext(task.id(), () -> poll(task));
                            } finally {
                                pollPermits.release();
                            }
                        });
                    } catch (RejectedExecutionException e) {
                        pollPermits.release();
                        claimed.subList(i, claimed.size()).forEach(t -> store.release(t.id()));
                        return;
                    }
                }
                if (claimed.size() < free) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.error("poll tick failed", e);
        }
    }

    private void poll(TaskRecord task) {
        String id = task.id();
        Instant now = clock.instant();
        GenerationStatus status;
        try {
            pollsSent.incrementAndGet();
            status = generator.poll(task.providerTaskId());
        } catch (GenerationException e) {
            listener.providerError(e.kind(), e.code().orElse(""));
            onPollError(task, e, now);
            return;
        } catch (RuntimeException e) {
            log.error("task {} poll failed unexpectedly", id, e);
            reschedule(task, now, settings.retryDelay());
            return;
        }
        listener.polled(id, status);
        if (status instanceof GenerationStatus.Succeeded ok) {
            if (transitions.markSucceeded(id, ok.videoUrl(), ok.completionTokens(), task.pollCount() + 1, now)) {
                log.info("task {} succeeded after {} polls", id, task.pollCount() + 1);
                listener.stateChanged(id, TaskState.SUBMITTED, TaskState.SUCCEEDED);
                notices.showProgress(id);
                delivery.deliver(id);
            }
        } else if (status instanceof GenerationStatus.Failed failed) {
            // the provider's own words stay in the log: users get the bot's sentence for the kind
            log.info("task {} failed at the provider: {} {} {}", id, failed.kind(), failed.code(), failed.message());
            listener.providerError(failed.kind(), failed.code() == null ? "" : failed.code());
            switch (silentRetry.retry(task, failed, work.withJitter(settings.firstPollAfter()))) {
                case RESENT -> {
                    notices.notifyQuietly(id, new Notice(Notice.Kind.CHANGED, TaskTexts.soundtrackRefused(id)));
                    notices.showProgress(id);
                }
                case NOT_SENT -> settlement.fail(task, TaskState.SUBMITTING, failed.kind(),
                        TaskTexts.failure(failed.kind()), true);
                case NOT_APPLICABLE -> settlement.fail(task, TaskState.SUBMITTED, failed.kind(),
                        TaskTexts.failure(failed.kind()), true);
                case GONE -> { }
            }
        } else if (status instanceof GenerationStatus.Pending pending) {
            onPending(task, pending, now);
        }
    }

    private void onPending(TaskRecord task, GenerationStatus.Pending pending, Instant now) {
        String id = task.id();
        Duration age = Duration.between(task.submittedAt() == null ? task.createdAt() : task.submittedAt(), now);
        if (age.compareTo(settings.giveUpAfter()) >= 0) {
            settlement.fail(task, TaskState.SUBMITTED, ErrorKind.PROVIDER_TIMEOUT,
                    t("task.gaveUp", "hours", settings.giveUpAfter().toHours()), true);
            return;
        }
        boolean changed = pending.progressPercent() != task.progress() || !pending.state().equals(task.providerState());
        boolean slow = !task.slowNoticeSent() && age.compareTo(settings.slowNoticeAfter()) >= 0;
        Duration interval =
                age.compareTo(settings.lateAfter()) >= 0 ? settings.latePollInterval() : settings.pollInterval();
        transitions.recordPoll(id, pending.progressPercent(), pending.state(), task.pollCount() + 1,
                task.slowNoticeSent() || slow, now.plus(work.withJitter(interval)), now);
        if (changed) {
            notices.showProgress(id);
        }
        if (slow) {
            notices.notifyQuietly(id, new Notice(Notice.Kind.SLOW, TaskTexts.slow(id)));
        }
    }

    private void onPollError(TaskRecord task, GenerationException e, Instant now) {
        switch (e.kind()) {
            case RATE_LIMITED -> {
                Duration pause = e.retryAfter().orElse(settings.rateLimitPause());
                pausedUntil.accumulateAndGet(now.plus(pause), (a, b) -> a.isAfter(b) ? a : b);
                log.warn("provider rate limit: pausing all polls for {}", pause);
                reschedule(task, now, pause);
            }
            case TASK_NOT_FOUND -> {
                if (notFound.tolerate(task.id(), now)) {
                    reschedule(task, now, settings.latePollInterval());
                } else {
                    settlement.fail(task, TaskState.SUBMITTED, ErrorKind.TASK_NOT_FOUND,
                            ErrorKind.TASK_NOT_FOUND.userMessage(), true);
                }
            }
            case AUTHENTICATION, INSUFFICIENT_BALANCE -> {
                // the task may still finish and bill once an operator fixes the account: slow down, don't abandon
                log.error("task {} poll refused ({}); fix the API key or balance", task.id(), e.kind());
                reschedule(task, now, settings.latePollInterval());
            }
            default -> {
                log.warn("task {} poll failed ({}), retrying: {}", task.id(), e.kind(), e.getMessage());
                reschedule(task, now, settings.retryDelay());
            }
        }
    }

    private void reschedule(TaskRecord task, Instant now, Duration delay) {
        transitions.schedulePoll(task.id(), now.plus(work.withJitter(delay)), now);
    }
}
