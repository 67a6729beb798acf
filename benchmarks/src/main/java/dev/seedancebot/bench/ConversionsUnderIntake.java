package dev.seedancebot.bench;

import dev.seedancebot.bench.platform.DiscordIntake;
import dev.seedancebot.core.media.MediaProber;
import dev.seedancebot.core.media.convert.ConversionSettings;
import dev.seedancebot.core.media.convert.MediaConverter;
import dev.seedancebot.core.request.VideoRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many conversions may run at once before commands are acknowledged late: for N = 0, 1, 2, 3, 4, N threads keep
 * converting the 15 s 1080p clip through one {@link MediaConverter} of N parallel jobs (N ffmpeg processes busy all
 * the time), while {@link DiscordIntake} sends 200 {@code /video} commands at 10 a second to the real adapter and core
 * in the same JVM. The ack p99 at each N is the figure; the answer is the largest N whose p99 stays under 1 s.
 */
final class ConversionsUnderIntake {
    static final int[] LEVELS = {0, 1, 2, 3, 4};
    private static final int COMMANDS = 200;
    private static final int PER_SECOND = 10;
    private static final double TARGET_MS = 1000;

    /** Ack p50 / p99 / max in milliseconds per level, and the conversions finished during each level. */
    record Level(int conversions, double p50, double p99, double max, long missing, int finished, int succeeded,
            long ffmpegAtEnd, double ffmpegCpuSeconds, double windowSeconds) {}

    List<Level> run(Path dir, Path clip, java.util.function.Function<Path, VideoRequest> request) throws Exception {
        List<Level> levels = new ArrayList<>();
        try (DiscordIntake intake = new DiscordIntake(dir.resolve("intake"))) {
            intake.paced(COMMANDS, PER_SECOND * 5); // warm-up: class loading, JIT, connections
            for (int n : LEVELS) {
                levels.add(level(intake, n, dir.resolve("load-" + n), clip, request));
            }
        }
        return levels;
    }

    private static Level level(DiscordIntake intake, int n, Path dir, Path clip,
            java.util.function.Function<Path, VideoRequest> request) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(n);
        List<Thread> workers = new ArrayList<>();
        try (MediaConverter converter = new MediaConverter(new ConversionSettings("bundled", Math.max(1, n),
                Duration.ofMinutes(10)), new MediaProber())) {
            for (int i = 0; i < n; i++) {
                Path scratch = dir.resolve("worker-" + i);
                Thread worker = new Thread(() -> {
                    started.countDown();
                    for (int round = 0; running.get(); round++) {
                        var conversion = converter.convert(request.apply(clip), scratch.resolve("r" + round));
                        conversion.discard();
                        if (running.get()) {
                            finished.incrementAndGet();
                            succeeded.addAndGet(conversion.problems().isEmpty() ? 1 : 0);
                        }
                    }
                }, "conversion-load-" + i);
                worker.start();
                workers.add(worker);
            }
            started.await();
            long levelStart = System.nanoTime();
            Thread.sleep(1500); // let the ffmpeg processes get past their start-up and probe
            double[] acks = intake.paced(COMMANDS, PER_SECOND);
            // proof that the load was there: ffmpeg processes still busy when the last command was acknowledged
            List<ProcessHandle> ffmpegs = ProcessHandle.current().descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("ffmpeg")).toList();
            long ffmpegAtEnd = ffmpegs.size();
            // all started during this level (the last level's converter killed its own), so this is their CPU in it
            double ffmpegCpuSeconds = ffmpegs.stream().mapToLong(p -> p.info().totalCpuDuration()
                    .map(Duration::toMillis).orElse(0L)).sum() / 1000.0;
            double windowSeconds = (System.nanoTime() - levelStart) / 1e9;
            running.set(false);
            int during = finished.get();
            int ok = succeeded.get();
            converter.close(); // kills what is still running: the level is over
            for (Thread worker : workers) {
                worker.join();
            }
            long missing = Arrays.stream(acks).filter(Double::isNaN).count();
            double[] got = Arrays.stream(acks).filter(a -> !Double.isNaN(a)).toArray();
            return new Level(n, Measure.percentile(got, 50), Measure.percentile(got, 99),
                    Arrays.stream(got).max().orElse(Double.NaN), missing, during, ok, ffmpegAtEnd,
                    ffmpegCpuSeconds, windowSeconds);
        } finally {
            running.set(false);
            deleteQuietly(dir);
        }
    }

    /** Adds the levels to {@code report}: one row per level, and the largest N that met the target. */
    static void report(Report report, List<Level> levels) {
        int best = -1;
        for (Level level : levels) {
            boolean met = level.p99() < TARGET_MS && level.missing() == 0;
            if (met && best == level.conversions() - 1) {
                best = level.conversions();
            }
            report.add("ack p50 / p99 / max with " + level.conversions() + " conversion(s) running",
                    String.format("%.0f / %.0f / %.0f ms (%d missing; conversions finished: %d, %d accepted;"
                            + " ffmpeg at the end: %d, their CPU %.1f s in %.1f s)", level.p50(), level.p99(),
                            level.max(), level.missing(), level.finished(), level.succeeded(), level.ffmpegAtEnd(),
                            level.ffmpegCpuSeconds(), level.windowSeconds()));
        }
        report.check("conversions at once with ack p99 < 1 s (of " + Arrays.toString(LEVELS) + ")",
                String.valueOf(best), "≥ 1", best >= 1);
        report.note("ack: " + COMMANDS + " Discord /video commands at " + PER_SECOND + "/s through the real adapter"
                + " and core (FakeDiscord, fake Seedance, H2 file, loopback, no added round trip), each from a new"
                + " user, timed from dispatch to the fake reading the deferral; meanwhile N threads convert the clip"
                + " again and again through one converter of N parallel jobs, in the same JVM.");
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | RuntimeException ignored) {
            // a temp folder; the OS cleans it
        }
    }
}
