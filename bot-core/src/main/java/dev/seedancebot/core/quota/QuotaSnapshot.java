package dev.seedancebot.core.quota;

import dev.seedancebot.core.identity.UserKey;
import java.time.Instant;

/**
 * A user's quota as of now, for display and the fast path. Every usage figure is a ledger sum; reserved (in-flight)
 * credits are already included in {@code usedToday} and {@code usedMonth}. Remaining figures are
 * {@link Long#MAX_VALUE} when unlimited.
 *
 * @param communityId the community the limits were resolved for; {@code null} outside one
 * @param reservedCredits credits held by tasks still in flight
 * @param runningTasks tasks in flight (counted against {@link EffectivePolicy#maxConcurrent()})
 * @param bonusRemaining bonus credits left; spent only when the windows cannot cover a video
 * @param remainingToday credits the user can spend today: the tighter window plus bonus, capped by the community pool
 * @param communityUsedToday credits the whole community used today (0 outside a community)
 */
public record QuotaSnapshot(
        UserKey user,
        String communityId,
        EffectivePolicy policy,
        long usedToday,
        long usedMonth,
        long reservedCredits,
        int runningTasks,
        long bonusRemaining,
        long remainingToday,
        long remainingMonth,
        long communityUsedToday,
        Instant dailyResetsAt,
        Instant monthlyResetsAt) {}
