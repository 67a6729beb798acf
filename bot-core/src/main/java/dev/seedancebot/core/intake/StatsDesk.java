package dev.seedancebot.core.intake;

import dev.seedancebot.core.command.ModCommand;
import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.policy.IntakePolicy;
import dev.seedancebot.core.policy.Verdict;
import dev.seedancebot.core.ports.in.Answer;
import dev.seedancebot.core.ports.in.UsageStatsQueries;
import dev.seedancebot.core.quota.DailyUsage;
import dev.seedancebot.core.stats.MoneySpend;
import dev.seedancebot.core.stats.StatsTexts;
import dev.seedancebot.core.stats.UsageChart;
import dev.seedancebot.core.stats.UsageStats;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@code /videomod stats}: the moderation policy decides whose figures (moderators their community, operators any or
 * all), {@link DailyUsage} reads them, {@link UsageChart} draws them. Thread-safe.
 */
public final class StatsDesk implements UsageStatsQueries {
    static final int DAYS = 30;
    static final int TOP = 5;

    private final IntakePolicy policy;
    private final DailyUsage usage;
    private final MoneySpend.Source money;

    public StatsDesk(IntakePolicy policy, DailyUsage usage, MoneySpend.Source money) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.money = Objects.requireNonNull(money, "money");
    }

    @Override
    public Outcome stats(Actor actor, ModCommand.Stats command, Function<UserKey, String> names) {
        Verdict verdict = policy.mayModerate(actor, command);
        if (verdict instanceof Verdict.Refused refused) {
            return new Refused(new Answer(refused.text(), refused.silent()));
        }
        UsageStats stats = data(actor, command, names);
        // the chart falls back to English words its fonts cannot draw (see ChartLabels), the title's scope too
        String englishScope;
        try (Texts.Scope english = Texts.use(Languages.ENGLISH)) {
            englishScope = label(actor, command);
        }
        return new Chart(UsageChart.png(stats, englishScope), StatsTexts.caption(stats), stats);
    }

    /** Where the figures are from, in words. */
    private static String label(Actor actor, ModCommand.Stats command) {
        String community = command.communityId() != null ? command.communityId() : actor.communityId();
        boolean all = command.all() || community == null;
        return all ? StatsTexts.scope(null, true, false)
                : community.equals(actor.communityId()) ? Texts.t("stats.scope.here")
                : StatsTexts.scope(community, false, false);
    }

    /** The figures the chart shows, for the scope the command and the actor's place give. */
    UsageStats data(Actor actor, ModCommand.Stats command, Function<UserKey, String> names) {
        String community = command.communityId() != null ? command.communityId() : actor.communityId();
        // an operator at the terminal or in a private chat, naming no community, means the whole bot
        boolean all = command.all() || community == null;
        String label = label(actor, command);
        DailyUsage.Series series = usage.lastDays(all ? DailyUsage.ALL_SCOPES : community, DAYS, TOP);
        List<UsageStats.NamedTotal> top = series.topUsers().stream()
                .map(u -> new UsageStats.NamedTotal(nameOf(u.user(), names), u.credits()))
                .toList();
        String scope = all ? DailyUsage.ALL_SCOPES : community;
        MoneySpend spent = series.days().isEmpty() ? MoneySpend.NOT_RECORDED : money.over(scope,
                series.days().get(0).day(), series.days().get(series.days().size() - 1).day());
        return new UsageStats(label, series.days(), top, spent);
    }

    private static String nameOf(UserKey user, Function<UserKey, String> names) {
        String name = names == null ? null : names.apply(user);
        return name == null || name.isBlank() ? DailyUsage.plainName(user) : name;
    }
}
