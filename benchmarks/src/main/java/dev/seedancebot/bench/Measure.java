package dev.seedancebot.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Small measuring helpers shared by the benchmarks. */
public final class Measure {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Measure() {}

    /**
     * Heap in use after full collections. Several rounds, because one {@code System.gc()} may leave objects that only
     * became unreachable during it (finalizable H2 and socket objects) for the next one.
     */
    public static long heapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    public static long heapUsedNow() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    static int liveThreads() {
        return THREADS.getThreadCount();
    }

    /** Live threads grouped by name with trailing numbers removed, largest group first: "seedance-engine-worker x16, ...". */
    static String threadNames() {
        Map<String, Long> groups = Thread.getAllStackTraces().keySet().stream()
                .collect(Collectors.groupingBy(t -> t.getName().replaceAll("[-#\\s]*\\d+$", ""),
                        Collectors.counting()));
        return groups.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** CPU time of the whole JVM (all Java threads plus GC and JIT), in nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time of the live Java threads only (no GC, no JIT), in nanoseconds; threads that ended are not counted. */
    static long javaThreadsCpuNanos() {
        long sum = 0;
        for (long id : THREADS.getAllThreadIds()) {
            long t = THREADS.getThreadCpuTime(id);
            if (t > 0) {
                sum += t;
            }
        }
        return sum;
    }

    /** Bytes the calling thread has allocated so far (HotSpot only). */
    static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) THREADS).getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The {@code p}-th percentile (0–100) by nearest rank; {@code values} need not be sorted. */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public static double median(List<Double> values) {
        return percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), 50);
    }

    /** Binary megabytes, or kilobytes below one megabyte so that small figures don't print as 0.0. */
    public static String mb(double bytes) {
        if (Math.abs(bytes) < 1024 * 1024) {
            return String.format("%.0f KB", bytes / 1024.0);
        }
        return String.format("%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
