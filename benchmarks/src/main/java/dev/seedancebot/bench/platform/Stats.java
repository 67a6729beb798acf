package dev.seedancebot.bench.platform;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Measuring helpers of the platform benchmarks (the shared ones in {@code dev.seedancebot.bench} are package-private). */
final class Stats {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private Stats() {}

    /** The {@code p}-th percentile (0–100) by nearest rank. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(List<Double> values) {
        return percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), 50);
    }

    static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    /** Heap in use after several full collections (one may leave finalizable objects for the next). */
    static long heapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    static long heapUsedNow() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    static String mb(double bytes) {
        if (Math.abs(bytes) < 1024 * 1024) {
            return String.format("%.0f KB", bytes / 1024.0);
        }
        return String.format("%.1f MB", bytes / (1024.0 * 1024.0));
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
