package dev.seedancebot.core.spend;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The words of {@code /videomod spend} and of the operator alerts, written once for every platform. */
public final class SpendTexts {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    static final String PER_USER = "Per user:";
    static final String PER_COMMUNITY = "Per community:";
    static final String PER_DAY = "Per day (days with videos, newest first):";
    static final String NOTHING = "No video was billed in these days.";
    static final String PRIVATE_CHATS = "private chats";
    static final String ALL = "all communities";
    static final String HERE = "this community";

    private SpendTexts() {}

    static String heading(String scopeLabel, int days, SpendLedger.Totals total, SpendPrices prices) {
        return "Spend in " + scopeLabel + ", last " + days + " days: " + totals(total, prices) + " ("
                + String.format(Locale.ENGLISH, "%,d", total.tokens()) + " tokens)."
                + (prices.isSet() ? "" : "\nNo price is set, so money is not shown (spend.per-million-tokens-*).");
    }

    /** "3 videos, 60 credits, USD 0.88". */
    static String totals(SpendLedger.Totals total, SpendPrices prices) {
        return String.format(Locale.ENGLISH, "%,d video%s, %,d credit%s", total.videos(),
                total.videos() == 1 ? "" : "s", total.credits(), total.credits() == 1 ? "" : "s")
                + (prices.isSet() ? ", " + prices.format(total.money()) : "");
    }

    static String line(String who, SpendLedger.Totals total, SpendPrices prices) {
        return "  " + who + " — " + totals(total, prices);
    }

    static String day(LocalDate day) {
        return DAY.format(day);
    }

    static String community(String communityId) {
        return communityId == null ? PRIVATE_CHATS : "community " + communityId;
    }

    /** The operator alert when the day's spend passes the threshold. */
    public static String dailyAlert(LocalDate day, BigDecimal spent, BigDecimal threshold, SpendPrices prices) {
        return "Seedance bot: spend on " + day(day) + " has reached " + prices.format(spent) + ", past the daily alert"
                + " of " + prices.format(threshold) + " (spend.daily-alert). See /videomod spend all, or"
                + " `seedance-bot mod spend all` on the server. This alert is sent once a day.";
    }

    /** The operator alert when the provider says the account is out of balance. */
    public static String outOfBalance(String code) {
        return "Seedance bot: the Seedance account is out of balance (" + code + "). New videos are refused and"
                + " nobody is charged until it is topped up. Top up the account of the configured API key.";
    }
}
