package dev.seedancebot.core.quota;

/** Which limit a moderator sets. {@link #POOL} exists only for communities. Worded for people by the bundles. */
public enum LimitKind {
    /** Credits per day. */
    DAILY("daily_limit"),
    /** Credits per month. */
    MONTHLY("monthly_limit"),
    /** Tasks in flight at once. */
    CONCURRENT("max_concurrent"),
    /** Credits the whole community may spend per day. */
    POOL("daily_pool");

    private final String column;

    LimitKind(String column) {
        this.column = column;
    }

    String column() {
        return column;
    }
}
