package dev.seedancebot.core.media.fit;

import dev.seedancebot.bench.platform.PlatformReport;
import dev.seedancebot.core.media.ffmpeg.FfmpegRunner;
import dev.seedancebot.core.media.ffmpeg.FfmpegTools;
import dev.seedancebot.testkit.LargeVideo;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fitting a 12.8 MB 720p result under Discord's 10 MiB: {@link ResultFitter} (probe, bitrate rule, ffmpeg through
 * {@link FfmpegRunner}, size check) against the bare ffmpeg command line with the same arguments, alternating in one
 * run so that load hits both alike. In this package, in the benchmarks module, because the fitting steps it times
 * are package-private in the core.
 */
public final class FitBenchmark {
    private static final long TEN_MIB = 10L * 1024 * 1024;
    private static final int RUNS = 3;

    public PlatformReport run() throws Exception {
        FfmpegTools tools = FfmpegTools.bundled();
        Path dir = Files.createTempDirectory("fit-bench");
        Path source = dir.resolve("large.mp4");
        long sourceBytes = LargeVideo.make(tools.ffmpeg(), source, 5, 20_000_000);
        try (FfmpegRunner runner = new FfmpegRunner(tools, 1, Duration.ofMinutes(5))) {
            ResultFitter fitter = new ResultFitter(runner, Duration.ofMinutes(5));
            Optional<VideoProbe.Measured> measured = new VideoProbe(runner).measure(source);
            long bps = BitrateRule.first(TEN_MIB, measured.orElseThrow().seconds()).orElseThrow();
            List<String> cli = cli(tools, source, dir.resolve("cli.mp4"), bps,
                    BitrateRule.targetHeight(bps, measured.get().height()));

            timeFitter(fitter, source, measured, dir); // warm-up: JIT, page cache, the ffmpeg binary
            timeCli(cli);
            List<Long> fitterMs = new ArrayList<>();
            List<Long> cliMs = new ArrayList<>();
            long peakHeap = 0;
            long allocated = 0;
            long fittedBytes = 0;
            for (int i = 0; i < RUNS; i++) {
                HeapPeak peak = HeapPeak.start();
                long allocatedBefore = allocatedByThisThread();
                long[] fit = timeFitter(fitter, source, measured, dir);
                allocated = Math.max(allocated, allocatedByThisThread() - allocatedBefore);
                peakHeap = Math.max(peakHeap, peak.stop());
                fitterMs.add(fit[0]);
                fittedBytes = fit[1];
                cliMs.add(timeCli(cli));
            }
            long probeMicros = probeMicros(measured, source);
            long ffprobeMicros = ffprobeMicros(new VideoProbe(runner), source);

            PlatformReport report = new PlatformReport("Fit a result to the upload limit (12.8 MB 720p → 10 MiB)");
            report.add("source", String.format("%,d B, %d×%d, %.2f s", sourceBytes, measured.get().width(),
                    measured.get().height(), measured.get().seconds()));
            report.check("fitted size", String.format("%,d B (%.1f %% of the limit)", fittedBytes,
                    100.0 * fittedBytes / TEN_MIB), "≤ 10,485,760 B", fittedBytes <= TEN_MIB);
            report.add("ResultFitter, median of " + RUNS + " (min–max)", range(fitterMs));
            report.add("ffmpeg command line, same arguments", range(cliMs));
            long overhead = median(fitterMs) - median(cliMs);
            report.check("overhead of the Java side (medians)", overhead + " ms", "≤ 500 ms", overhead <= 500);
            double ratio = (double) median(fitterMs) / median(cliMs);
            report.check("ResultFitter / command line (medians)", String.format("%.2f×", ratio), "≤ 1.15×",
                    ratio <= 1.15);
            report.check("peak heap growth during a fit", String.format("%,d KB", peakHeap / 1024), "≤ 32 MB",
                    peakHeap <= 32L * 1024 * 1024);
            report.add("allocated by the fitting thread (incl. copying the source)",
                    String.format("%,d KB", allocated / 1024));
            report.add("measure: MediaProber / ffprobe (median of 5)", probeMicros + " µs / " + ffprobeMicros + " µs");
            report.note("target bitrate " + bps + " bit/s from the rule; ffmpeg runs in its own process, so the"
                    + " JVM's heap only sees the runner's bookkeeping");
            return report;
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Fits one copy of the source; returns wall milliseconds and the fitted size. */
    private static long[] timeFitter(ResultFitter fitter, Path source, Optional<VideoProbe.Measured> measured, Path dir)
            throws IOException {
        Path task = Files.createTempDirectory(dir, "task");
        Path copy = Files.copy(source, task.resolve("result.mp4"));
        long start = System.nanoTime();
        Path fitted = fitter.fit("bench", copy, new VideoProbe(null).measure(copy).or(() -> measured), TEN_MIB)
                .orElseThrow(() -> new IllegalStateException("the fit failed"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        return new long[] {ms, Files.size(fitted)};
    }

    private static long timeCli(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("ffmpeg failed: " + command);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** What FfmpegRunner runs, minus Java: the same flags it adds and the fitter's arguments. */
    private static List<String> cli(FfmpegTools tools, Path source, Path target, long bps, int height) {
        List<String> command = new ArrayList<>(List.of(tools.ffmpeg().toString(), "-nostdin", "-hide_banner",
                "-loglevel", "error", "-y", "-protocol_whitelist", "file"));
        command.addAll(ResultFitter.encodeArguments(source, target, bps, height));
        return command;
    }

    private static long probeMicros(Optional<VideoProbe.Measured> expected, Path source) {
        VideoProbe prober = new VideoProbe(null);
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long start = System.nanoTime();
            if (!prober.measure(source).equals(expected)) {
                throw new IllegalStateException("the prober disagrees with itself");
            }
            micros.add((System.nanoTime() - start) / 1000);
        }
        return median(micros.subList(1, micros.size()));
    }

    private static long ffprobeMicros(VideoProbe probe, Path source) {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long start = System.nanoTime();
            probe.ffprobe(source).orElseThrow();
            micros.add((System.nanoTime() - start) / 1000);
        }
        return median(micros.subList(1, micros.size()));
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static String range(List<Long> ms) {
        return String.format("%,d ms (%,d–%,d)", median(ms), Collections.min(ms), Collections.max(ms));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Samples the heap every 5 ms from a daemon thread; {@link #stop} returns the peak above the start. */
    private static final class HeapPeak {
        private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong peak = new AtomicLong();
        private long base;
        private Thread sampler;

        static HeapPeak start() {
            System.gc();
            HeapPeak h = new HeapPeak();
            h.base = MEMORY.getHeapMemoryUsage().getUsed();
            h.sampler = new Thread(() -> {
                while (h.running.get()) {
                    h.peak.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                    java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
                }
            }, "heap-peak");
            h.sampler.setDaemon(true);
            h.sampler.start();
            return h;
        }

        long stop() throws InterruptedException {
            running.set(false);
            sampler.join();
            return Math.max(0, peak.get() - base);
        }
    }
}
