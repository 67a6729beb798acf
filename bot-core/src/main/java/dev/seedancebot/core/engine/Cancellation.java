package dev.seedancebot.core.engine;

import static dev.seedancebot.core.i18n.Texts.t;
import static dev.seedancebot.core.i18n.Texts.tn;

import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.task.TaskState;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Cancels tasks for their owner or a moderator. The cancellation is a conditional state change, so it races a create
 * or a delivery safely: whoever moves the task first wins, and a lost race is simply tried again from the new state.
 */
final class Cancellation {
    private final TaskStore store;
    private final TaskTransitions transitions;
    private final QuotaService quota;
    private final EngineListener listener;
    private final Notices notices;
    private final Clock clock;

    Cancellation(TaskStore store, TaskTransitions transitions, QuotaService quota, EngineListener listener,
            Notices notices, Clock clock) {
        this.store = store;
        this.transitions = transitions;
        this.quota = quota;
        this.listener = listener;
        this.notices = notices;
        this.clock = clock;
    }

    /**
     * Cancels a task for its owner or a moderator. Before the create call the credits are refunded; afterwards the
     * provider keeps running and billing (it has no cancel call), so the credits stay used and the user is told.
     */
    ActionOutcome cancel(String taskId, UserKey actor, boolean moderator) {
        Optional<TaskRecord> found = store.find(taskId);
        if (found.isEmpty()) {
            return ActionOutcome.refused(t("task.noSuchVideo", "taskId", taskId));
        }
        TaskRecord task = found.get();
        if (!moderator && !task.requester().equals(actor)) {
            return ActionOutcome.refused(t("task.cancel.notYours", "taskId", taskId));
        }
        Instant now = clock.instant();
        switch (task.state()) {
            case RECEIVED -> {
                String ending = notices.inRequesterLanguage(taskId, () -> t("task.cancel.beforeSentEnding"));
                if (transitions.markCancelled(taskId, TaskState.RECEIVED, ending, now)) {
                    quota.refund(taskId, "cancelled before submission by " + actor);
                    notices.notifyQuietly(taskId, new Notice(Notice.Kind.CANCELLED,
                            notices.inRequesterLanguage(taskId, () -> t("task.cancel.beforeSent", "taskId", taskId))));
                    listener.stateChanged(taskId, TaskState.RECEIVED, TaskState.CANCELLED);
                    notices.showProgress(taskId);
                    return ActionOutcome.done(t("task.cancel.beforeSent", "taskId", taskId));
                }
                return cancel(taskId, actor, moderator);
            }
            case SUBMITTING, SUBMITTED -> {
                String ending = notices.inRequesterLanguage(taskId,
                        () -> t("task.cancel.startedEnding", "stillBilled", stillBilled(task.cost())));
                if (transitions.markCancelled(taskId, task.state(), ending, now)) {
                    quota.commit(taskId);
                    notices.notifyQuietly(taskId, new Notice(Notice.Kind.CANCELLED,
                            notices.inRequesterLanguage(taskId, () -> startedText(taskId, task.cost()))));
                    listener.stateChanged(taskId, task.state(), TaskState.CANCELLED);
                    // the progress message must end as cancelled, without the Cancel button that now does nothing
                    notices.showProgress(taskId);
                    return ActionOutcome.done(startedText(taskId, task.cost()));
                }
                return cancel(taskId, actor, moderator);
            }
            case SUCCEEDED, DELIVERING -> {
                return ActionOutcome.refused(t("task.cancel.alreadyPosting", "taskId", taskId));
            }
            default -> {
                return ActionOutcome.refused(t("task.cancel.alreadyEnded", "taskId", taskId));
            }
        }
    }

    /** Cancelled after the create call: the provider bills the video anyway, so the credits stay used. */
    private static String startedText(String taskId, long cost) {
        return t("task.cancel.started", "taskId", taskId, "stillBilled", stillBilled(cost));
    }

    private static String stillBilled(long cost) {
        return t("task.cancel.stillBilled", "credits", tn("unit.credits", cost));
    }
}
