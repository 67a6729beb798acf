package dev.seedancebot.core.quota;

import java.time.Instant;
import java.util.Objects;

/** The answer to {@link QuotaService#reserve}: a denial is a normal outcome, not an exception. */
public sealed interface ReserveDecision {

    /**
     * The credits are held for the task until {@link QuotaService#commit} or {@link QuotaService#refund}.
     *
     * @param remainingToday credits the user can still spend today after this reservation, bonus included
     *     ({@link Long#MAX_VALUE} when unlimited)
     */
    record Granted(long credits, long remainingToday) implements ReserveDecision {}

    /**
     * Nothing was reserved.
     *
     * @param message user-facing: what ran out and when it resets, or what to do
     * @param resetsAt when the exhausted window resets; {@code null} when waiting will not help by itself (blocked,
     *     too many tasks running)
     */
    record Denied(DenialReason reason, String message, Instant resetsAt) implements ReserveDecision {
        public Denied {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
