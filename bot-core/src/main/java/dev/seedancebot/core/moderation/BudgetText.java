package dev.seedancebot.core.moderation;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.quota.BudgetSettings.Ceiling;
import dev.seedancebot.core.quota.BudgetView;
import dev.seedancebot.core.quota.QuotaScope;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Budgets in words, for moderators (their community's) and operators (every community's), from the bundles
 * ({@code budget.*}).
 */
final class BudgetText {
    private BudgetText() {}

    static String of(BudgetView b, Function<Instant, String> at) {
        if (!b.served()) {
            return t("budget.notServed");
        }
        String line = QuotaScope.PRIVATE.equals(b.scope()) ? "budget.line.private" : "budget.line.community";
        return t(line, "today", spent(b.spentToday(), b.ceiling().daily()), "resets", at.apply(b.dayResetsAt()),
                "month", spent(b.spentMonth(), b.ceiling().monthly()))
                + "\n" + t("budget.line.bot", "today", spent(b.globalSpentToday(), b.globalCeiling().daily()),
                        "month", spent(b.globalSpentMonth(), b.globalCeiling().monthly()))
                + "\n" + t("budget.note");
    }

    static String all(List<BudgetView> views) {
        if (views.isEmpty()) {
            return t("budget.all.none");
        }
        StringBuilder text = new StringBuilder(t("budget.all.header"));
        for (BudgetView b : views) {
            String today = spent(b.spentToday(), b.ceiling().daily());
            String month = spent(b.spentMonth(), b.ceiling().monthly());
            text.append("\n").append(QuotaScope.PRIVATE.equals(b.scope())
                    ? t("budget.all.private", "today", today, "month", month)
                    : t("budget.all.community", "community", b.scope(), "today", today, "month", month));
            if (!b.served()) {
                text.append(t("budget.all.notServed"));
            }
        }
        BudgetView any = views.get(0);
        return text.append("\n").append(t("budget.all.bot",
                "today", spent(any.globalSpentToday(), any.globalCeiling().daily()),
                "month", spent(any.globalSpentMonth(), any.globalCeiling().monthly()))).toString();
    }

    private static String spent(long spent, long ceiling) {
        return t("budget.spent", "spent", spent,
                "ceiling", ceiling == Ceiling.UNLIMITED ? t("budget.unlimited") : String.valueOf(ceiling));
    }
}
