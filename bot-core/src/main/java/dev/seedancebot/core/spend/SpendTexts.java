package dev.seedancebot.core.spend;

import static dev.seedancebot.core.i18n.Texts.t;
import static dev.seedancebot.core.i18n.Texts.tn;
import static dev.seedancebot.core.i18n.Wording.grouped;

import dev.seedancebot.core.i18n.Texts;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The words of {@code /videomod spend} and of the operator alerts, written once for every platform, from the
 * bundles ({@code spend.*}); the alerts are worded in each operator's language by {@link OperatorAlerts}.
 */
public final class SpendTexts {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private SpendTexts() {}

    static String perUser() {
        return t("spend.perUser");
    }

    static String perCommunity() {
        return t("spend.perCommunity");
    }

    static String perDay() {
        return t("spend.perDay");
    }

    static String nothing() {
        return t("spend.nothing");
    }

    static String allCommunities() {
        return t("spend.scope.all");
    }

    static String here() {
        return t("spend.scope.here");
    }

    static String heading(String scopeLabel, int days, SpendLedger.Totals total, SpendPrices prices) {
        return t("spend.heading", "scope", scopeLabel, "days", days, "totals", totals(total, prices),
                "tokens", grouped(total.tokens()))
                + (prices.isSet() ? "" : "\n" + t("spend.noPrice"));
    }

    /** "3 videos, 60 credits, USD 0.88". */
    static String totals(SpendLedger.Totals total, SpendPrices prices) {
        String videos = tn("spend.videos", total.videos(), "n", grouped(total.videos()));
        String credits = tn("spend.credits", total.credits(), "n", grouped(total.credits()));
        return prices.isSet()
                ? t("spend.totalsMoney", "videos", videos, "credits", credits, "money", prices.format(total.money()))
                : t("spend.totals", "videos", videos, "credits", credits);
    }

    static String line(String who, SpendLedger.Totals total, SpendPrices prices) {
        return "  " + who + " — " + totals(total, prices);
    }

    static String day(LocalDate day) {
        return DAY.withLocale(Texts.current().locale()).format(day);
    }

    static String community(String communityId) {
        return communityId == null ? t("spend.scope.private") : t("spend.scope.community", "community", communityId);
    }

    /** The operator alert when the day's spend passes the threshold. */
    public static String dailyAlert(LocalDate day, BigDecimal spent, BigDecimal threshold, SpendPrices prices) {
        return t("spend.alert.daily", "day", day(day), "spent", prices.format(spent),
                "threshold", prices.format(threshold));
    }

    /** The operator alert when the provider says the account is out of balance. */
    public static String outOfBalance(String code) {
        return t("spend.alert.outOfBalance", "code", code);
    }

    /** The operator alert when the provider has answered "model not found" for {@code minutes} minutes. */
    public static String modelUnavailable(String code, long minutes) {
        return t("spend.alert.modelUnavailable", "code", code, "minutes", minutes);
    }
}
