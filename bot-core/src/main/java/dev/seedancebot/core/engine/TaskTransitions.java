package dev.seedancebot.core.engine;

import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.task.TaskState;
import java.net.URI;
import java.time.Instant;

/**
 * The state changes of a stored task, one typed method per step of its life (see {@link TaskState}), so that the
 * engine names the step and only the store knows how it is kept. Every change is a compare-and-set on the task's
 * state, so two threads, or a restart racing a late callback, can never both move a task forward; a change to a task
 * the instance holds also requires its lease ({@link TaskStore}). Each returns false when the task was not in the
 * expected state or, where the holder must act, the lease is no longer this instance's.
 */
interface TaskTransitions {
    /** {@code RECEIVED → SUBMITTING}, just before the create call: from here a crash leaves its outcome unknown. */
    boolean markSubmitting(String id, Instant now);

    /**
     * {@code SUBMITTED → SUBMITTING} to send the task again with {@code options} (the provider refused only its
     * soundtrack); like the first create it passes through {@code SUBMITTING}, so it is never sent a third time.
     */
    boolean markResubmitting(String id, VideoOptions options, Instant now);

    /**
     * {@code SUBMITTING → SUBMITTED}: the provider accepted the task as {@code providerId}; it is polled from
     * {@code firstPollAt}.
     */
    boolean markSubmitted(String id, String providerId, Instant firstPollAt, Instant now);

    /**
     * Records the provider task of a task cancelled while its create call was in flight: it exists and bills, so it
     * stays on record.
     */
    void recordProviderTaskOfCancelled(String id, String providerId, Instant now);

    /** A poll that found the task still running: its progress, whether the slow notice is now sent, the next poll. */
    boolean recordPoll(String id, int progress, String providerState, int pollCount, boolean slowNoticeSent,
            Instant nextPollAt, Instant now);

    /** Sets when a submitted task is polled next (after a failed poll or a rate limit). */
    boolean schedulePoll(String id, Instant nextPollAt, Instant now);

    /** {@code SUBMITTED → SUCCEEDED} with the result link and the provider's token count (nullable). */
    boolean markSucceeded(String id, URI resultUrl, Long completionTokens, int pollCount, Instant now);

    /** Counts a failed download or post of a task in {@code state}; the caller retries or gives up. */
    boolean recordDeliveryAttempts(String id, TaskState state, int attempts, Instant now);

    /** {@code SUCCEEDED → DELIVERING}: the video ({@code resultBytes}, 0 if only linked) is about to be posted. */
    boolean markDelivering(String id, long resultBytes, Instant now);

    /** {@code DELIVERING → DELIVERED}: the post is recorded; only the caller whose change wins commits the charge. */
    boolean markDelivered(String id, String messageId, Instant now);

    /**
     * {@code from → FAILED} with its failure notice pending: the holder keeps the lease until
     * {@link #failureNoticePosted}, so no other claim posts the notice meanwhile; if the holder dies first, whoever
     * claims the task next posts it.
     */
    boolean markFailed(String id, TaskState from, ErrorKind kind, String message, Instant now);

    /**
     * {@code from → CANCELLED} with how its progress message ends, whoever holds the task (a cancel can arrive on any
     * instance); the lease is released, so the holder's own next change fails and it stops.
     */
    boolean markCancelled(String id, TaskState from, String ending, Instant now);

    /** Remembers the platform message that shows the task's progress (cosmetic: any holder, lease untouched). */
    void recordProgressMessage(String id, TaskState state, String messageId, Instant now);

    /** Clears a failed task's pending notice and releases the owner's lease on it. */
    void failureNoticePosted(String id);

    /**
     * Records {@code now} as the task's first "not found" unless an earlier one is recorded, whoever holds the task
     * (restarts and other instances share one window), and returns the first; a poll that finds the task again
     * clears it ({@link #recordPoll}).
     */
    Instant recordNotFound(String id, Instant now);
}
