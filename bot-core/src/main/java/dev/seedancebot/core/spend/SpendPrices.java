package dev.seedancebot.core.spend;

import dev.seedancebot.core.request.Resolution;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;

/**
 * What the provider charges the operator, in money per million output tokens ({@code usage.completion_tokens}), by
 * resolution and whether audio was generated (Volcengine's and resellers' tables price them apart). Money is
 * {@link BigDecimal}, exact until it is shown: tokens × price / 1,000,000 keeps every digit, and only the shown
 * amount is rounded to the currency's minor unit, so sums of many small videos do not drift.
 *
 * @param currency ISO 4217 code, e.g. USD or CNY
 * @param perMillion480p price of a million tokens at 480p without audio
 * @param perMillion720p the same at 720p
 * @param perMillion480pAudio at 480p with generated audio
 * @param perMillion720pAudio at 720p with generated audio
 */
public record SpendPrices(Currency currency, BigDecimal perMillion480p, BigDecimal perMillion720p,
        BigDecimal perMillion480pAudio, BigDecimal perMillion720pAudio) {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /** No price set: spend is counted in tokens and credits, not money. */
    public static final SpendPrices NOT_SET = flat(Currency.getInstance("USD"), BigDecimal.ZERO);

    public SpendPrices {
        Objects.requireNonNull(currency, "currency");
        for (BigDecimal price : new BigDecimal[] {perMillion480p, perMillion720p, perMillion480pAudio,
                perMillion720pAudio}) {
            if (price == null || price.signum() < 0) {
                throw new IllegalArgumentException("prices per million tokens must be 0 or more, was " + price);
            }
        }
    }

    /** One price for every resolution, with or without audio. */
    public static SpendPrices flat(Currency currency, BigDecimal perMillion) {
        return new SpendPrices(currency, perMillion, perMillion, perMillion, perMillion);
    }

    /** Whether the operator set any price; until then the bot shows tokens and credits only. */
    public boolean isSet() {
        return perMillion480p.signum() > 0 || perMillion720p.signum() > 0 || perMillion480pAudio.signum() > 0
                || perMillion720pAudio.signum() > 0;
    }

    public BigDecimal perMillion(Resolution resolution, boolean audio) {
        return switch (resolution) {
            case P480 -> audio ? perMillion480pAudio : perMillion480p;
            case P720 -> audio ? perMillion720pAudio : perMillion720p;
        };
    }

    /** What {@code tokens} cost, exact (not rounded to the minor unit). */
    public BigDecimal money(long tokens, Resolution resolution, boolean audio) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must be 0 or more, was " + tokens);
        }
        return perMillion(resolution, audio).multiply(BigDecimal.valueOf(tokens)).divide(MILLION);
    }

    /** {@code amount} rounded half-up to the currency's minor unit, e.g. "CNY 12.40", "JPY 1,235". */
    public String format(BigDecimal amount) {
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        BigDecimal shown = amount.setScale(digits, RoundingMode.HALF_UP);
        return currency.getCurrencyCode() + " " + String.format(Locale.ENGLISH, "%,." + digits + "f", shown);
    }
}
