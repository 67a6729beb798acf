package dev.seedancebot.core.moderation;

/** What a moderator did; stored in the audit log by name. */
public enum ModerationAction {
    VIEW_USER_USAGE,
    VIEW_COMMUNITY_USAGE,
    SET_USER_LIMIT,
    SET_COMMUNITY_LIMIT,
    SET_ROLE_LIMIT,
    GRANT_BONUS,
    RESET_USAGE,
    BLOCK,
    UNBLOCK,
    REFUND_TASK,
    VIEW_SETTINGS,
    SET_SETTING,
    ALLOW_CHANNEL,
    DISALLOW_CHANNEL,
    ALLOW_ALL_CHANNELS,
    ADD_MODERATOR_ROLE,
    REMOVE_MODERATOR_ROLE,
    BLOCK_EVERYWHERE,
    UNBLOCK_EVERYWHERE,
    VIEW_BUDGET,
    SET_BUDGET,
    ADD_BLOCKED_WORD,
    REMOVE_BLOCKED_WORD
}
