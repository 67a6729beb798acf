package dev.seedancebot.core.quota;

import dev.seedancebot.core.platform.UserTexts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The user-facing text of denials: what ran out, what the video costs, and when it resets or what to do. */
final class QuotaMessages {

    private static final DateTimeFormatter RESET_TIME = DateTimeFormatter.ofPattern("MMM d, HH:mm", Locale.ENGLISH);

    private final ZoneId zone;
    private final Clock clock;

    QuotaMessages(ZoneId zone, Clock clock) {
        this.zone = zone;
        this.clock = clock;
    }

    String blocked() {
        return "You are blocked from generating videos here. Ask a moderator if you think this is a mistake.";
    }

    String tooManyRunning(int running) {
        return "You already have " + running + (running == 1 ? " video" : " videos")
                + " in progress. Wait for one to finish, then try again.";
    }

    String limitReached(boolean daily, long limit, long left, long bonus, long cost, Instant resetsAt) {
        String window = daily ? "daily" : "monthly";
        String bonusText = bonus > 0 ? " plus " + credits(bonus) + " bonus" : "";
        return "This video costs " + credits(cost) + ", but you have " + credits(left) + bonusText + " left of your "
                + window + " " + credits(limit) + ". Your " + window + " credits reset " + when(resetsAt)
                + ". A shorter or 480p video costs less.";
    }

    String nothingLeft(Instant resetsAt) {
        return "You have no credits left here today; they come back " + when(resetsAt) + ". "
                + UserTexts.NOTHING_CHARGED;
    }

    String notServed() {
        return "This bot is not set up to make videos in this community; its operator can add it. "
                + UserTexts.NOTHING_CHARGED;
    }

    String budgetReached(boolean global, boolean privateChats, boolean daily, long ceiling, long left, long cost,
            Instant resetsAt) {
        String who = global ? "the bot has" : privateChats ? "private chats with the bot have" : "this community has";
        return "This video costs " + credits(cost) + ", but " + who + " only " + credits(left) + " left of the "
                + (daily ? "daily" : "monthly") + " budget of " + credits(ceiling) + " that the bot's operator set."
                + " It resets " + when(resetsAt) + ". " + UserTexts.NOTHING_CHARGED;
    }

    String budgetSpent(BudgetView budget) {
        if (!budget.served()) {
            return notServed();
        }
        boolean global = budget.globalSpentToday() >= budget.globalCeiling().daily()
                || budget.globalSpentMonth() >= budget.globalCeiling().monthly();
        boolean daily = global ? budget.globalSpentToday() >= budget.globalCeiling().daily()
                : budget.spentToday() >= budget.ceiling().daily();
        String who = global ? "The bot has" : QuotaScope.PRIVATE.equals(budget.scope())
                ? "Private chats with the bot have" : "This community has";
        return who + " used its " + (daily ? "daily" : "monthly") + " video budget, which the bot's operator set. It"
                + " resets " + when(daily ? budget.dayResetsAt() : budget.monthResetsAt()) + ". "
                + UserTexts.NOTHING_CHARGED;
    }

    String poolExhausted(long pool, long left, long cost, Instant resetsAt) {
        return "This video costs " + credits(cost) + ", but this community has only " + credits(left) + " left of its "
                + "shared daily " + credits(pool) + ". The pool resets " + when(resetsAt) + ".";
    }

    /** "Jan 2, 00:00 UTC (in 3 h 12 min)". */
    String when(Instant at) {
        Duration in = Duration.between(clock.instant(), at);
        long hours = in.toHours();
        long minutes = in.toMinutesPart();
        String relative = hours >= 48 ? in.toDays() + " days" : hours > 0 ? hours + " h " + minutes + " min"
                : Math.max(1, minutes) + " min";
        return "at " + RESET_TIME.format(at.atZone(zone)) + " " + zone.getId() + " (in " + relative + ")";
    }

    private static String credits(long n) {
        return n + (n == 1 ? " credit" : " credits");
    }
}
