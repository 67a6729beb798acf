package dev.seedancebot.core.stats;

import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.quota.DailyUsage;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The words on and under the usage chart, written once for every platform and the terminal. The caption and scope are
 * in the reader's language; the words drawn into the chart image stay English, because the fonts a headless server
 * has may lack Cyrillic or Chinese glyphs and a chart of empty boxes helps nobody.
 */
public final class StatsTexts {
    public static final String MONEY_NOT_RECORDED = "Money spent: not recorded yet (the bot counts credits only).";
    static final String VIDEOS_PER_DAY = "Videos per day";
    static final String CREDITS_PER_DAY = "Credits per day";
    static final String TOP_USERS = "Top users (credits, 30 days)";
    static final String NOBODY_YET = "No videos in these days.";
    static final String VIDEOS_SHORT = "Videos/day";
    static final String CREDITS_SHORT = "Credits/day";

    static String moneyShort(String currency) {
        return (currency.isEmpty() ? "Money" : currency) + "/day";
    }

    static String moneyPerDay(String currency) {
        return currency.isEmpty() ? "Money per day" : "Money per day (" + currency + ")";
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private StatsTexts() {}

    static String title(UsageStats stats) {
        return "Usage · " + stats.scopeLabel();
    }

    /** "3 Nov – 2 Dec 2026 · 42 videos · 1,234 credits". */
    static String subtitle(UsageStats stats) {
        String from = stats.days().isEmpty() ? "" : DAY.format(stats.days().get(0).day());
        String to = stats.days().isEmpty() ? "" : DAY.format(stats.days().get(stats.days().size() - 1).day());
        return from + " – " + to + " · " + count(stats.totalVideos(), "video") + " · "
                + count(stats.totalCredits(), "credit");
    }

    /** The message sent with the chart: the totals in words, for those who cannot see the picture. */
    public static String caption(UsageStats stats) {
        return Texts.t("stats.caption", "scope", stats.scopeLabel(), "days", stats.days().size(),
                "videos", Texts.tn("unit.videos", stats.totalVideos()),
                "credits", Texts.tn("unit.credits", stats.totalCredits()))
                + (stats.topUsers().isEmpty() ? "" : " " + Texts.t("stats.top", "name", stats.topUsers().get(0).name(),
                        "credits", Texts.tn("unit.credits", stats.topUsers().get(0).credits())))
                + "\n" + stats.money().total().map(t -> Texts.t("stats.money", "money", t))
                        .orElse(Texts.t("stats.moneyNotRecorded"));
    }

    static String count(long n, String what) {
        return String.format(Locale.ENGLISH, "%,d %s%s", n, what, n == 1 ? "" : "s");
    }

    static String dayOf(DailyUsage.Day day) {
        return DAY.format(day.day());
    }

    /** Where the figures are from. */
    public static String scope(String communityId, boolean all, boolean isPrivate) {
        if (all) {
            return Texts.t("stats.scope.all");
        }
        return isPrivate ? Texts.t("stats.scope.private") : Texts.t("stats.scope.community", "id", communityId);
    }
}
