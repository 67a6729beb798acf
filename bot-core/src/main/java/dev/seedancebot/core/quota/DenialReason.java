package dev.seedancebot.core.quota;

/** Why a reservation was denied, in the order the checks run. */
public enum DenialReason {
    BLOCKED,
    TOO_MANY_RUNNING,
    DAILY_LIMIT,
    MONTHLY_LIMIT,
    COMMUNITY_POOL,
    /** The operator's ceiling for this community (or for private chats) is reached. */
    COMMUNITY_BUDGET,
    /** The operator's ceiling for the whole bot is reached. */
    GLOBAL_BUDGET,
    /** The operator serves only listed communities, and this is not one. */
    NOT_SERVED
}
