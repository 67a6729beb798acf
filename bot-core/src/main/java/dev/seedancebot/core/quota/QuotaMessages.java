package dev.seedancebot.core.quota;

import static dev.seedancebot.core.i18n.Texts.t;
import static dev.seedancebot.core.i18n.Texts.tn;

import dev.seedancebot.core.i18n.Texts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The user-facing text of denials: what ran out, what the video costs, and when it resets or what to do. */
final class QuotaMessages {

    private static final DateTimeFormatter RESET_TIME = DateTimeFormatter.ofPattern("MMM d, HH:mm");

    private final ZoneId zone;
    private final Clock clock;

    QuotaMessages(ZoneId zone, Clock clock) {
        this.zone = zone;
        this.clock = clock;
    }

    String blocked() {
        return t("quota.blocked");
    }

    String tooManyRunning(int running) {
        return tn("quota.tooManyRunning", running);
    }

    String limitReached(boolean daily, long limit, long left, long bonus, long cost, Instant resetsAt) {
        String bonusText = bonus > 0 ? t("quota.limit.bonus", "bonus", credits(bonus)) : "";
        return t(daily ? "quota.limit.daily" : "quota.limit.monthly", "cost", credits(cost), "left", credits(left),
                "bonus", bonusText, "limit", credits(limit), "when", when(resetsAt));
    }

    String nothingLeft(Instant resetsAt) {
        return t("quota.nothingLeft", "when", when(resetsAt));
    }

    String notServed() {
        return t("quota.notServed");
    }

    String budgetReached(boolean global, boolean privateChats, boolean daily, long ceiling, long left, long cost,
            Instant resetsAt) {
        String who = global ? "bot" : privateChats ? "private" : "community";
        return t("quota.budgetReached." + who + (daily ? ".daily" : ".monthly"), "cost", credits(cost),
                "left", credits(left), "ceiling", credits(ceiling), "when", when(resetsAt));
    }

    String budgetSpent(BudgetView budget) {
        if (!budget.served()) {
            return notServed();
        }
        boolean global = budget.globalSpentToday() >= budget.globalCeiling().daily()
                || budget.globalSpentMonth() >= budget.globalCeiling().monthly();
        boolean daily = global ? budget.globalSpentToday() >= budget.globalCeiling().daily()
                : budget.spentToday() >= budget.ceiling().daily();
        String who = global ? "bot" : QuotaScope.PRIVATE.equals(budget.scope()) ? "private" : "community";
        return t("quota.budgetSpent." + who + (daily ? ".daily" : ".monthly"),
                "when", when(daily ? budget.dayResetsAt() : budget.monthResetsAt()));
    }

    String poolExhausted(long pool, long left, long cost, Instant resetsAt) {
        return t("quota.poolExhausted", "cost", credits(cost), "left", credits(left), "pool", credits(pool),
                "when", when(resetsAt));
    }

    /** "at Jan 2, 00:00 UTC (in 3 h 12 min)", month names in the reader's language. */
    String when(Instant at) {
        Duration in = Duration.between(clock.instant(), at);
        long hours = in.toHours();
        long minutes = in.toMinutesPart();
        String relative = hours >= 48 ? tn("unit.days", in.toDays())
                : hours > 0 ? t("time.hoursMinutes", "hours", hours, "minutes", minutes)
                : t("time.minutes", "minutes", Math.max(1, minutes));
        String date = RESET_TIME.withLocale(Texts.current().locale()).format(at.atZone(zone)) + " " + zone.getId();
        return t("time.atIn", "at", date, "in", relative);
    }

    private static String credits(long n) {
        return tn("unit.credits", n);
    }
}
