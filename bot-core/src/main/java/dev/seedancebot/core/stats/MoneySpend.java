package dev.seedancebot.core.stats;

import java.util.Optional;

/**
 * The seam for money. The bot records credits, not what the provider billed for them: nothing stores a price in
 * money yet, so the chart says so instead of multiplying credits by a guess. When the provider's cost per task is
 * recorded, an implementation reading it goes here and the chart gains its series.
 */
public interface MoneySpend {
    /** Nothing recorded: the chart states it. */
    MoneySpend NOT_RECORDED = () -> Optional.empty();

    /** The total over the chart's days, in the operator's currency, formatted ("$12.40"); empty when unknown. */
    Optional<String> total();
}
