package dev.seedancebot.core.engine;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a poll's "task not found" ends the task. Tasks belong to the API key that created them (new-api
 * scopes them per user and key), so after the operator rotates the key every unfinished task answers "not found"
 * although it still runs and bills; ending them at the first such answer turned each into a loss. A task counts as
 * lost only after it has stayed unknown for the grace, measured from its first "not found" as stored
 * ({@link TaskTransitions#recordNotFound}), so restarts and other instances polling it share one window. A poll that
 * finds the task again clears it.
 */
final class TaskNotFoundGrace {
    private static final Logger log = LoggerFactory.getLogger(TaskNotFoundGrace.class);

    private final TaskTransitions transitions;
    private final Duration grace;

    /** @param grace zero ends a task at its first "not found" */
    TaskNotFoundGrace(TaskTransitions transitions, Duration grace) {
        this.transitions = transitions;
        this.grace = grace;
    }

    /**
     * Records {@code now} as the task's first "not found" unless an earlier one is recorded, and says whether the task
     * is still within its grace and should be polled again.
     */
    boolean tolerate(String taskId, Instant now) {
        if (grace.isZero()) {
            return false;
        }
        Instant since = transitions.recordNotFound(taskId, now);
        Instant until = since.plus(grace);
        if (now.isBefore(until)) {
            log.warn("task {}: Seedance does not know it (since {}); if the API key was changed, tasks of the old key"
                    + " are hidden from the new one; polling on until {} before it counts as lost", taskId, since,
                    until);
            return true;
        }
        log.warn("task {}: Seedance has not known it since {}; it counts as lost", taskId, since);
        return false;
    }
}
