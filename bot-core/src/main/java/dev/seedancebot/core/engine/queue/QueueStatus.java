package dev.seedancebot.core.engine.queue;

import java.time.Duration;
import java.time.Instant;

/**
 * The queue as one instance sees it, for metrics, health and moderators.
 *
 * @param depth tasks waiting, across all instances
 * @param inFlight tasks sent to the provider and not finished there
 * @param maxInFlight the configured cap
 * @param effectiveCap the cap as lowered by push-back (AIMD), never above {@code maxInFlight}
 * @param paused whether dispatch is paused because the provider account is out of balance
 * @param holdUntil when dispatch resumes after a push-back or pause, or {@code null}
 * @param waitP50 median wait from request to dispatch of the tasks this instance dispatched recently ({@code ZERO}
 *     while none)
 */
public record QueueStatus(
        int depth,
        int inFlight,
        int maxInFlight,
        double effectiveCap,
        boolean paused,
        Instant holdUntil,
        Duration waitP50,
        Duration waitP90,
        Duration waitP99,
        long dispatched,
        long pushBacks) {}
