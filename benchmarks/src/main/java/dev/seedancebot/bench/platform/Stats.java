package dev.seedancebot.bench.platform;

import dev.seedancebot.bench.Measure;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

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

    /** CPU time of each live thread, by name with its numbers dropped ("JDA RateLimit-Elastic" for all of them). */
    static Map<String, Long> cpuByThreadGroup() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new TreeMap<>();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null) {
                long t = mx.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    cpu.merge(info.getThreadName().replaceAll("[0-9]+", "#"), t, Long::sum);
                }
            }
        }
        return cpu;
    }

    /** The thread groups that used the most CPU between two {@link #cpuByThreadGroup} snapshots, as text. */
    static String topCpu(Map<String, Long> before, Map<String, Long> after, int n) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .map(e -> e.getKey() + " " + e.getValue() / 1_000_000 + " ms")
                .collect(Collectors.joining(", "));
    }
}
