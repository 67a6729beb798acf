package dev.seedancebot.core.spend;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * The operator's money settings and how alerts reach them.
 *
 * @param prices the provider's price per million tokens
 * @param dailyAlert the day's spend (in {@code prices}' currency) past which operators are told, once that day;
 *     zero = no alert
 * @param alertInterval the least time between two alerts of one kind (out of balance), so a burst of refused
 *     requests sends one message, not one per request
 */
public record SpendSettings(SpendPrices prices, BigDecimal dailyAlert, Duration alertInterval) {
    public static final SpendSettings DEFAULTS = new SpendSettings(SpendPrices.NOT_SET, BigDecimal.ZERO,
            Duration.ofHours(1));

    public SpendSettings {
        Objects.requireNonNull(prices, "prices");
        if (dailyAlert == null || dailyAlert.signum() < 0) {
            throw new IllegalArgumentException("dailyAlert must be 0 (off) or more, was " + dailyAlert);
        }
        if (alertInterval == null || alertInterval.isNegative()) {
            throw new IllegalArgumentException("alertInterval must not be negative");
        }
    }

    public boolean dailyAlertOn() {
        return dailyAlert.signum() > 0 && prices.isSet();
    }
}
