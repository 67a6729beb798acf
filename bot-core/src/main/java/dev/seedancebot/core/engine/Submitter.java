package dev.seedancebot.core.engine;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.engine.queue.Dispatcher;
import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationException;
import dev.seedancebot.core.generation.VideoGenerator;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.task.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the create call of a task the queue leased to this instance. A create is never sent twice: the task moves to
 * {@link TaskState#SUBMITTING} before the call, and a task found in that state later (a crash mid-call) is failed and
 * refunded by {@link Recovery}, not sent again.
 */
final class Submitter {
    private static final Logger log = LoggerFactory.getLogger(Submitter.class);
    /**
     * Create refusals for load, answered before the provider accepted anything: the task waits again. Model
     * unavailable is anyfast's 503 {@code model_not_found}, "no available channel" (API-NOTES: capacity, retry later).
     */
    private static final Set<ErrorKind> PUSH_BACK = EnumSet.of(ErrorKind.RATE_LIMITED, ErrorKind.SERVER_ERROR,
            ErrorKind.NETWORK, ErrorKind.MODEL_UNAVAILABLE);

    private final TaskStore store;
    private final TaskTransitions transitions;
    private final VideoGenerator generator;
    private final Dispatcher queue;
    private final EngineListener listener;
    private final Settlement settlement;
    private final Notices notices;
    private final TaskWork work;
    private final Duration firstPollAfter;
    private final Clock clock;

    Submitter(TaskStore store, TaskTransitions transitions, VideoGenerator generator, Dispatcher queue,
            EngineListener listener, Settlement settlement, Notices notices, TaskWork work, Duration firstPollAfter,
            Clock clock) {
        this.store = store;
        this.transitions = transitions;
        this.generator = generator;
        this.queue = queue;
        this.listener = listener;
        this.settlement = settlement;
        this.notices = notices;
        this.work = work;
        this.firstPollAfter = firstPollAfter;
        this.clock = clock;
    }

    void send(String id) {
        Instant now = clock.instant();
        if (!transitions.markSubmitting(id, now)) {
            return; // cancelled meanwhile
        }
        listener.stateChanged(id, TaskState.RECEIVED, TaskState.SUBMITTING);
        TaskRecord task = store.find(id).orElseThrow();
        VideoRequest request = task.request();
        String providerId;
        try {
            providerId = generator.create(request);
        } catch (GenerationException e) {
            log.warn("task {} create failed: {} {} {}", id, e.kind(), e.code().orElse(""), e.getMessage());
            listener.providerError(e.kind(), e.code().orElse(""));
            if (e.kind() == ErrorKind.MODEL_UNAVAILABLE && modelGone(task, e.code().orElse(""))) {
                return;
            }
            if (PUSH_BACK.contains(e.kind())) {
                queue.pushedBack(id, e.retryAfter().orElse(null), clock.instant());
                return;
            }
            if (e.kind() == ErrorKind.INSUFFICIENT_BALANCE) {
                queue.pauseForBalance(clock.instant()); // this task fails and is refunded; the others wait
            }
            String why = e.kind() == ErrorKind.OUTCOME_UNKNOWN
                    ? t("task.unconfirmed")
                    : TaskTexts.failure(e.kind()) + TaskTexts.blamedInput(request, e);
            settlement.fail(task, TaskState.SUBMITTING, e.kind(), why, true);
            return;
        } catch (RuntimeException e) {
            log.error("task {} create failed unexpectedly", id, e);
            settlement.fail(task, TaskState.SUBMITTING, ErrorKind.OUTCOME_UNKNOWN,
                    t("task.unexpectedSendError"), true);
            return;
        }
        Instant after = clock.instant();
        boolean moved = transitions.markSubmitted(id, providerId, after.plus(work.withJitter(firstPollAfter)), after);
        if (!moved) {
            // cancelled while the create call was in flight: the provider task exists and bills; it stays recorded
            transitions.recordProviderTaskOfCancelled(id, providerId, after);
            return;
        }
        queue.accepted();
        log.info("task {} submitted as provider task {}", id, providerId);
        listener.stateChanged(id, TaskState.SUBMITTING, TaskState.SUBMITTED);
        notices.showProgress(id);
    }

    /**
     * "Model not found" is push-back while it passes; once it has lasted past the alert time the operators are told,
     * and past the give-up time the refused task fails instead of waiting forever with its credits reserved. The
     * provider accepted nothing, so the refund is in full. Returns whether the task was failed.
     */
    private boolean modelGone(TaskRecord task, String code) {
        Dispatcher.ModelStreak streak = queue.modelUnavailable(clock.instant());
        if (streak.alert()) {
            listener.modelUnavailable(code, streak.lasted());
        }
        if (!streak.giveUp()) {
            return false;
        }
        settlement.fail(task, TaskState.SUBMITTING, ErrorKind.MODEL_UNAVAILABLE, t("task.modelGone"), true);
        return true;
    }
}
