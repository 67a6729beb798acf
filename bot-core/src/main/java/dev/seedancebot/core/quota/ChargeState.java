package dev.seedancebot.core.quota;

/** Where a task's charge stands. RESERVED → COMMITTED or REFUNDED; a moderator may refund a COMMITTED charge. */
public enum ChargeState {
    RESERVED,
    COMMITTED,
    REFUNDED
}
