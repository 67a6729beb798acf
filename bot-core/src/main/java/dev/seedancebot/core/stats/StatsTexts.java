package dev.seedancebot.core.stats;

import dev.seedancebot.core.i18n.Texts;

/**
 * The words under the usage chart and where its figures are from, written once for every platform and the terminal,
 * in the reader's language; the words drawn into the image are {@link ChartLabels}.
 */
public final class StatsTexts {

    private StatsTexts() {}

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

    /** Where the figures are from. */
    public static String scope(String communityId, boolean all, boolean isPrivate) {
        if (all) {
            return Texts.t("stats.scope.all");
        }
        return isPrivate ? Texts.t("stats.scope.private") : Texts.t("stats.scope.community", "id", communityId);
    }
}
