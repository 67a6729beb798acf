package dev.seedancebot.bench.platform;

import dev.seedancebot.bench.Measure;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Measuring helpers of the platform benchmarks beyond {@link Measure}. */
final class Stats {
    private Stats() {}

    static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    static String ms(double millis) {
        return String.format("%.1f ms", millis);
    }

    /** Polls {@code condition} every {@code interval} (Awaitility style) until it holds or {@code timeout} passes. */
    static void await(String what, Duration timeout, Duration interval, BooleanSupplier condition)
            throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException(what + " did not happen within " + timeout);
            }
            LockSupport.parkNanos(interval.toNanos());
        }
    }
}
