package dev.seedancebot.core.policy;

/** What someone wants to do with an existing task; the policy checks it against where the task belongs. */
public enum TaskAction {
    CANCEL,
    REROLL,
    EXTEND,
    /** A moderator gives the task's credits back. */
    REFUND,
    /** The kept file of a delivered video posted again, from {@code /history}: the requester's alone. */
    RESEND,
    /** A posted video taken down: its requester or a moderator of its community. */
    DELETE,
    /** A posted video reported to the community's moderators: anyone who can see it. */
    REPORT
}
