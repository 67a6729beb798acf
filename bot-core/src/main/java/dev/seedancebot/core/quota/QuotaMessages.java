package dev.seedancebot.core.quota;

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
        return "You have no credits left here today; they come back " + when(resetsAt) + ". Nothing was charged.";
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
