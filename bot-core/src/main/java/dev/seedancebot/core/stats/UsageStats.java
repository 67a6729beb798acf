package dev.seedancebot.core.stats;

import dev.seedancebot.core.quota.DailyUsage;
import java.util.List;
import java.util.Objects;

/**
 * What the usage chart shows, built by the core for one scope: the data behind the picture, kept apart from it so
 * that tests (and any other rendering) check figures, not pixels.
 *
 * @param scopeLabel where the figures are from, as people say it ("this server", "all communities")
 * @param days one entry per local day, oldest first, none missing
 * @param topUsers the biggest spenders over the same days, with the names the platform gave them
 * @param money what was spent in money; {@link MoneySpend#NOT_RECORDED} until the provider's bill is recorded
 */
public record UsageStats(String scopeLabel, List<DailyUsage.Day> days, List<NamedTotal> topUsers, MoneySpend money) {

    /** A spender as the chart labels them. */
    public record NamedTotal(String name, long credits) {}

    public UsageStats {
        Objects.requireNonNull(scopeLabel, "scopeLabel");
        days = List.copyOf(days);
        topUsers = List.copyOf(topUsers);
        Objects.requireNonNull(money, "money");
    }

    public long totalVideos() {
        return days.stream().mapToLong(DailyUsage.Day::videos).sum();
    }

    public long totalCredits() {
        return days.stream().mapToLong(DailyUsage.Day::credits).sum();
    }
}
