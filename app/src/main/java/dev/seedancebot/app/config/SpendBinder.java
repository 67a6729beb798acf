package dev.seedancebot.app.config;

import dev.seedancebot.core.spend.SpendPrices;
import dev.seedancebot.core.spend.SpendSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.Locale;

/** Builds the {@code spend:} section: the provider's price in money, the daily spend alert and the alert interval. */
final class SpendBinder {
    private static final String PRICE_HINT = "money per million tokens in spend.currency, e.g. 5.6; 0 = not priced";

    private SpendBinder() {}

    static SpendSettings bind(ValueReader r) {
        Currency currency = currency(r);
        BigDecimal p480 = money(r, "spend.per-million-tokens-480p", PRICE_HINT);
        BigDecimal p720 = money(r, "spend.per-million-tokens-720p", PRICE_HINT);
        // audio prices default to the plain ones: most tables price audio the same
        BigDecimal p480Audio = r.raw("spend.per-million-tokens-480p-audio") == null ? p480
                : money(r, "spend.per-million-tokens-480p-audio", PRICE_HINT);
        BigDecimal p720Audio = r.raw("spend.per-million-tokens-720p-audio") == null ? p720
                : money(r, "spend.per-million-tokens-720p-audio", PRICE_HINT);
        SpendPrices prices = new SpendPrices(currency, p480, p720, p480Audio, p720Audio);
        BigDecimal dailyAlert = money(r, "spend.daily-alert", "money spent in a day past which operators are told;"
                + " 0 = no alert");
        if (dailyAlert.signum() > 0 && !prices.isSet()) {
            r.warning("spend.daily-alert is set but no spend.per-million-tokens-* price is: the bot cannot tell"
                    + " money spent, so the daily alert never fires");
        }
        Duration interval = r.duration("spend.alert-interval", Duration.ZERO);
        return new SpendSettings(prices, dailyAlert, interval);
    }

    private static Currency currency(ValueReader r) {
        String raw = r.raw("spend.currency");
        try {
            return Currency.getInstance(raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            r.bad("spend.currency", "use an ISO 4217 currency code such as USD, EUR or CNY");
            return Currency.getInstance("USD");
        }
    }

    private static BigDecimal money(ValueReader r, String key, String hint) {
        String raw = r.raw(key);
        try {
            BigDecimal value = new BigDecimal(raw == null ? "" : raw.strip().replace("_", ""));
            if (value.signum() >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        r.bad(key, "use a number of 0 or more (" + hint + ")");
        return BigDecimal.ZERO;
    }
}
