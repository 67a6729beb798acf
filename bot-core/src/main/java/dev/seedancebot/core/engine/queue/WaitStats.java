package dev.seedancebot.core.engine.queue;

import java.time.Duration;
import java.util.Arrays;

/** The waits (request to dispatch) of the last tasks this instance dispatched, for percentiles. Thread-safe. */
final class WaitStats {
    private final long[] millis;
    private int next;
    private int size;

    WaitStats(int capacity) {
        this.millis = new long[capacity];
    }

    synchronized void record(Duration wait) {
        millis[next] = Math.max(0, wait.toMillis());
        next = (next + 1) % millis.length;
        size = Math.min(size + 1, millis.length);
    }

    /** The {@code q} quantile (0–1), or zero while nothing was recorded. */
    synchronized Duration percentile(double q) {
        if (size == 0) {
            return Duration.ZERO;
        }
        long[] sorted = Arrays.copyOf(millis, size);
        Arrays.sort(sorted);
        int index = (int) Math.min(size - 1, Math.max(0, Math.ceil(q * size) - 1));
        return Duration.ofMillis(sorted[index]);
    }
}
