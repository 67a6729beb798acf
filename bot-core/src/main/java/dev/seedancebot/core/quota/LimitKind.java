package dev.seedancebot.core.quota;

/** Which limit a moderator sets. {@link #POOL} exists only for communities. */
public enum LimitKind {
    /** Credits per day. */
    DAILY("daily_limit", "daily limit"),
    /** Credits per month. */
    MONTHLY("monthly_limit", "monthly limit"),
    /** Tasks in flight at once. */
    CONCURRENT("max_concurrent", "concurrent task limit"),
    /** Credits the whole community may spend per day. */
    POOL("daily_pool", "community daily pool");

    private final String column;
    private final String label;

    LimitKind(String column, String label) {
        this.column = column;
        this.label = label;
    }

    String column() {
        return column;
    }

    /** Lower-case words for messages, e.g. "daily limit". */
    public String label() {
        return label;
    }
}
