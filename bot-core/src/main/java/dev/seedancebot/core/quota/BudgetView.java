package dev.seedancebot.core.quota;

import dev.seedancebot.core.quota.BudgetSettings.Ceiling;
import java.time.Instant;

/**
 * One scope's budget as of now, and the bot's: the ceilings in force and the credits spent against them.
 *
 * @param served whether the bot makes videos in this scope at all (the operator may serve listed communities only)
 */
public record BudgetView(
        String scope, Ceiling ceiling, boolean served, long spentToday, long spentMonth, Ceiling globalCeiling,
        long globalSpentToday, long globalSpentMonth, Instant dayResetsAt, Instant monthResetsAt) {

    /** Whether any ceiling is already reached, so that no request can pass it whatever it costs. */
    public boolean exhausted() {
        return !served || spentToday >= ceiling.daily() || spentMonth >= ceiling.monthly()
                || globalSpentToday >= globalCeiling.daily() || globalSpentMonth >= globalCeiling.monthly();
    }
}
