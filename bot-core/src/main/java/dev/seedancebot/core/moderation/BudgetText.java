package dev.seedancebot.core.moderation;

import dev.seedancebot.core.quota.BudgetSettings.Ceiling;
import dev.seedancebot.core.quota.BudgetView;
import dev.seedancebot.core.quota.QuotaScope;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Budgets in words, for moderators (their community's) and operators (every community's). */
final class BudgetText {
    private BudgetText() {}

    static String of(BudgetView b, Function<Instant, String> at) {
        if (!b.served()) {
            return "The bot's operator has not set this community up for videos (only listed communities are served).";
        }
        String where = QuotaScope.PRIVATE.equals(b.scope()) ? "Private chats" : "This community";
        return where + ": " + spent(b.spentToday(), b.ceiling().daily()) + " credits today (resets "
                + at.apply(b.dayResetsAt()) + "), " + spent(b.spentMonth(), b.ceiling().monthly()) + " this month.\n"
                + "The whole bot: " + spent(b.globalSpentToday(), b.globalCeiling().daily()) + " today, "
                + spent(b.globalSpentMonth(), b.globalCeiling().monthly()) + " this month.\n"
                + "Budgets are set by the bot's operator; members' limits and grants stay within them.";
    }

    static String all(List<BudgetView> views) {
        if (views.isEmpty()) {
            return "No spend this month yet.";
        }
        StringBuilder text = new StringBuilder("Spend this month:");
        for (BudgetView b : views) {
            String who = QuotaScope.PRIVATE.equals(b.scope()) ? "private chats" : "community " + b.scope();
            text.append("\n").append(who).append(": ").append(spent(b.spentToday(), b.ceiling().daily()))
                    .append(" today, ").append(spent(b.spentMonth(), b.ceiling().monthly())).append(" this month")
                    .append(b.served() ? "" : " (not served)");
        }
        BudgetView any = views.get(0);
        return text.append("\nthe whole bot: ").append(spent(any.globalSpentToday(), any.globalCeiling().daily()))
                .append(" today, ").append(spent(any.globalSpentMonth(), any.globalCeiling().monthly()))
                .append(" this month").toString();
    }

    static String ceiling(long value) {
        return value == Ceiling.UNLIMITED ? "unlimited" : String.valueOf(value);
    }

    private static String spent(long spent, long ceiling) {
        return spent + " of " + ceiling(ceiling);
    }
}
