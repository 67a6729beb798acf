package dev.seedancebot.core.quota;

/** Why a reservation was denied, in the order the checks run. */
public enum DenialReason {
    BLOCKED,
    TOO_MANY_RUNNING,
    DAILY_LIMIT,
    MONTHLY_LIMIT,
    COMMUNITY_POOL
}
