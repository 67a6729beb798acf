package dev.seedancebot.core.quota;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Quota defaults, used wherever no community, role or user override applies. Limits are in credits; 0 means
 * unlimited.
 *
 * @param zone daily windows reset at local midnight in this zone, monthly windows on the 1st
 * @param defaultDailyLimit credits per user per day
 * @param defaultMonthlyLimit credits per user per month
 * @param defaultMaxConcurrent tasks a user may have in flight (reserved, not yet committed or refunded)
 * @param defaultCommunityDailyPool credits all members of one community may spend together per day
 */
public record QuotaSettings(
        ZoneId zone,
        long defaultDailyLimit,
        long defaultMonthlyLimit,
        int defaultMaxConcurrent,
        long defaultCommunityDailyPool) {

    /** UTC, 60 credits a day, 600 a month, 2 tasks at once, no community pool. */
    public static final QuotaSettings DEFAULTS = new QuotaSettings(ZoneId.of("UTC"), 60, 600, 2, 0);

    public QuotaSettings {
        Objects.requireNonNull(zone, "zone");
        requireNotNegative(defaultDailyLimit, "defaultDailyLimit");
        requireNotNegative(defaultMonthlyLimit, "defaultMonthlyLimit");
        requireNotNegative(defaultMaxConcurrent, "defaultMaxConcurrent");
        requireNotNegative(defaultCommunityDailyPool, "defaultCommunityDailyPool");
    }

    static void requireNotNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " may not be negative (0 means unlimited), was " + value);
        }
    }
}
