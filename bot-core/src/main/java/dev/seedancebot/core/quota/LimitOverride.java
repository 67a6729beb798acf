package dev.seedancebot.core.quota;

/**
 * Limits set for a user, a role or a community. Each field is {@code null} to inherit from the layer below, 0 for
 * unlimited, or a positive cap in credits (tasks for {@code maxConcurrent}).
 */
public record LimitOverride(Long dailyLimit, Long monthlyLimit, Integer maxConcurrent) {

    public LimitOverride {
        if (dailyLimit != null) {
            QuotaSettings.requireNotNegative(dailyLimit, "dailyLimit");
        }
        if (monthlyLimit != null) {
            QuotaSettings.requireNotNegative(monthlyLimit, "monthlyLimit");
        }
        if (maxConcurrent != null) {
            QuotaSettings.requireNotNegative(maxConcurrent, "maxConcurrent");
        }
    }
}
