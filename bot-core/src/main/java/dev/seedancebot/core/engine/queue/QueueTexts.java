package dev.seedancebot.core.engine.queue;

/** What users and moderators read about the queue; every sentence here, so it can move to a bundle later. */
public final class QueueTexts {
    private QueueTexts() {}

    /**
     * Appended to a waiting task's "Queued" status: " · 3rd in line · about 2 min", or " · among the next 50 · about
     * 12 min" once positions are rounded ({@link QueueSpot#shown}); empty while no spot is known.
     */
    public static String spot(QueueSpot spot) {
        if (spot == null) {
            return "";
        }
        int p = spot.position();
        String where = p <= 10 ? ordinal(p) + " in line" : "among the next " + p;
        return " · " + where + " · about " + wait(spot);
    }

    /** "about 2 min" / "about 1 h 10 min" without the "about". */
    static String wait(QueueSpot spot) {
        long minutes = Math.max(1, spot.estimatedWait().toMinutes());
        return minutes < 60 ? minutes + " min" : minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60
                + " min");
    }

    private static String ordinal(int n) {
        String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th"
                : switch (n % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix;
    }
}
