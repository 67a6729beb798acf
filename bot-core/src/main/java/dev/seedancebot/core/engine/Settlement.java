package dev.seedancebot.core.engine;

import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.task.TaskState;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends failed tasks and settles their charge. A task is settled once: the failure is a conditional state change, and
 * only the caller whose change wins refunds and tells the user; refunds are idempotent in the ledger besides, so a
 * restart that settles again (see {@link Recovery}) does no harm.
 */
final class Settlement {
    private static final Logger log = LoggerFactory.getLogger(Settlement.class);

    private final TaskTransitions transitions;
    private final QuotaService quota;
    private final EngineListener listener;
    private final Notices notices;
    private final Clock clock;

    Settlement(TaskTransitions transitions, QuotaService quota, EngineListener listener, Notices notices, Clock clock) {
        this.transitions = transitions;
        this.quota = quota;
        this.listener = listener;
        this.notices = notices;
        this.clock = clock;
    }

    /**
     * Ends a task as failed, refunds it if it was charged and tells the user. The notice stays pending in the
     * database until it is posted, so a crash in between makes the next start post it ({@link Recovery}).
     */
    void fail(TaskRecord task, TaskState from, ErrorKind kind, String why, boolean charged) {
        Instant now = clock.instant();
        if (!transitions.markFailed(task.id(), from, kind, TaskTexts.shorten(why, 2000), now)) {
            return;
        }
        boolean refunded = refund(task, kind, kind.name());
        log.info("task {} failed ({}), refunded={}", task.id(), kind, refunded);
        listener.stateChanged(task.id(), from, TaskState.FAILED);
        announceFailure(task.id(), why, charged || refunded);
    }

    /**
     * Refunds the requester. The budgets get the credits back only when the provider cannot have billed the task:
     * it has no provider job and the create call's outcome is not unknown.
     */
    boolean refund(TaskRecord task, ErrorKind kind, String reason) {
        boolean mayBeBilled = task.providerTaskId() != null || kind == ErrorKind.OUTCOME_UNKNOWN;
        return mayBeBilled ? quota.refundKeepingSpend(task.id(), reason) : quota.refund(task.id(), reason);
    }

    /** Posts a failed task's notice (once it has been tried, it is no longer pending) and its final progress. */
    void announceFailure(String id, String why, boolean charged) {
        String text = charged
                ? TaskTexts.notCharged(id, why)
                : TaskTexts.nothingCharged(id, why);
        notices.notifyQuietly(id, new Notice(Notice.Kind.FAILED, text));
        transitions.failureNoticePosted(id);
        notices.showProgress(id);
    }
}
