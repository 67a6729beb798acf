package dev.seedancebot.core.stats;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Money spent over the chart's days, from the provider's recorded token usage at the operator's price; or nothing,
 * when no price is set, and the chart says so instead of multiplying credits by a guess.
 */
public interface MoneySpend {
    /** Nothing recorded: the chart states it. */
    MoneySpend NOT_RECORDED = () -> Optional.empty();

    /** The total over the chart's days, in the operator's currency, formatted ("USD 12.40"); empty when unknown. */
    Optional<String> total();

    /** Money per day, one entry per chart day, oldest first; empty when unknown. */
    default List<BigDecimal> perDay() {
        return List.of();
    }

    /** The ISO currency code the amounts are in; empty when unknown. */
    default String currency() {
        return "";
    }

    /** Recorded money: the daily amounts, their currency and the formatted total. */
    record Recorded(String currency, List<BigDecimal> perDay, String formattedTotal) implements MoneySpend {
        public Recorded {
            perDay = List.copyOf(perDay);
        }

        @Override
        public Optional<String> total() {
            return Optional.of(formattedTotal);
        }
    }

    /** Where the usage chart gets the money of a scope. */
    interface Source {
        Source NOT_RECORDED = (scope, from, to) -> MoneySpend.NOT_RECORDED;

        /**
         * @param scope a community id, {@code quota.QuotaScope.PRIVATE}, or {@code null} for the whole bot
         */
        MoneySpend over(String scope, LocalDate from, LocalDate to);
    }
}
