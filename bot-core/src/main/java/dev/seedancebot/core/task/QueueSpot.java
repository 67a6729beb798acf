package dev.seedancebot.core.task;

import java.time.Duration;

/**
 * Where a waiting task stands: {@code position} 1 is sent next (across all communities, in the fair order), and the
 * estimated wait until it is sent. Positions and waits are rounded as users see them ({@link #shown}).
 */
public record QueueSpot(int position, Duration estimatedWait) {

    /**
     * The spot as shown: exact positions up to 10, then rounded up to 10, 50 and 500; waits rounded up to the
     * minute, and to 10 minutes past an hour. Each step is one edit of the user's message, so a task far back is
     * not edited every time the queue moves by one.
     */
    public static QueueSpot shown(int position, Duration wait) {
        int step = position <= 10 ? 1 : position <= 100 ? 10 : position <= 1000 ? 50 : 500;
        int rounded = (position + step - 1) / step * step;
        long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
        if (minutes > 60) {
            minutes = (minutes + 9) / 10 * 10;
        }
        return new QueueSpot(rounded, Duration.ofMinutes(minutes));
    }
}
