package dev.seedancebot.bench;

import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.media.MediaProber;
import dev.seedancebot.core.media.convert.Conversion;
import dev.seedancebot.core.media.convert.ConversionSettings;
import dev.seedancebot.core.media.convert.MediaConverter;
import dev.seedancebot.core.media.ffmpeg.FfmpegTools;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.MediaSource;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Converting a 15 s 1080p 30 fps phone-like clip through the bot (header probe, ffprobe, ffmpeg, checks) against the
 * ffmpeg command line alone with the very arguments the bot used, alternating in the same run so that both see the
 * same machine. The arguments are captured by running the converter once through a wrapper script that records them.
 * Peak heap growth is sampled while the bot converts: the work is in the child process, so it should stay flat.
 * Then {@link ConversionsUnderIntake} finds how many conversions may run while commands are still acknowledged in time
 * ({@code -Dconvert.skipLoad=true} skips that part).
 */
final class ConvertBenchmark {
    private static final int ROUNDS = 3;
    private static final UserKey USER = new UserKey(Platform.TELEGRAM, "42");
    private static final ChatRef CHAT = ChatRef.of(Platform.TELEGRAM, null, "chat");

    Report run() throws Exception {
        Path dir = Files.createTempDirectory("seedance-bench-convert");
        FfmpegTools tools = FfmpegTools.bundled();
        Path clip = dir.resolve("phone-1080p30.mp4");
        exec(List.of(tools.ffmpeg().toString(), "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=1920x1080:rate=30:duration=15", "-f", "lavfi", "-i", "sine=frequency=440:duration=15",
                "-c:v", "libopenh264", "-b:v", "12M", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                clip.toString()));

        List<String> captured = captureArguments(tools, dir, clip);
        List<Long> bot = new ArrayList<>();
        List<Long> cli = new ArrayList<>();
        long heapBase = Measure.heapAfterGc();
        AtomicLong heapPeak = new AtomicLong(heapBase);
        String note = "";
        try (MediaConverter converter = new MediaConverter(new ConversionSettings("bundled", 1,
                Duration.ofMinutes(5)), new MediaProber())) {
            for (int round = 0; round < ROUNDS + 1; round++) {
                Path scratch = dir.resolve("bot-" + round);
                long start = System.nanoTime();
                Conversion conversion;
                try (HeapSampler ignored = new HeapSampler(heapPeak)) {
                    conversion = converter.convert(request(clip), scratch);
                }
                long botNanos = System.nanoTime() - start;
                note = String.join("; ", conversion.notes());
                conversion.discard();
                List<String> replay = new ArrayList<>(captured);
                replay.set(0, tools.ffmpeg().toString());
                replay.set(replay.size() - 1, dir.resolve("cli-" + round + ".mp4").toString());
                start = System.nanoTime();
                exec(replay);
                long cliNanos = System.nanoTime() - start;
                if (round > 0) { // round 0 warms the page cache and the JIT
                    bot.add(botNanos);
                    cli.add(cliNanos);
                }
            }
        }
        long botMedian = median(bot);
        long cliMedian = median(cli);
        double ratio = (double) botMedian / cliMedian;
        long heapGrowth = heapPeak.get() - heapBase;
        Report report = new Report("convert: 15 s 1080p30 clip to what Seedance accepts (" + ROUNDS + " rounds)");
        report.add("bot's conversion, median (min–max)", millis(botMedian) + " (" + range(bot) + ")");
        report.add("ffmpeg command line alone, same arguments, median (min–max)", millis(cliMedian) + " ("
                + range(cli) + ")");
        report.check("bot / command line", String.format("%.2f×", ratio), "≤ 1.15×", ratio <= 1.15);
        report.check("peak heap growth while converting", Math.max(0, heapGrowth) / 1024 + " KB", "< 32 MB",
                heapGrowth < 32L * 1024 * 1024);
        report.note("what the bot said: " + note);
        report.note("arguments: " + String.join(" ", captured.subList(1, captured.size())).replace(dir + "/", ""));
        if (!Boolean.getBoolean("convert.skipLoad")) {
            ConversionsUnderIntake.report(report, new ConversionsUnderIntake().run(dir, clip,
                    ConvertBenchmark::request));
        }
        return report;
    }

    private static VideoRequest request(Path clip) {
        return VideoRequest.edit(new MediaInput(MediaRole.REFERENCE_VIDEO, new MediaSource.LocalFile(clip),
                "phone.mp4"), "make it night", VideoOptions.DEFAULTS, USER, CHAT);
    }

    /** Runs the converter once with a wrapper in place of ffmpeg that writes down its arguments, one per line. */
    private static List<String> captureArguments(FfmpegTools tools, Path dir, Path clip) throws IOException {
        Path wrappers = Files.createDirectories(dir.resolve("wrappers"));
        Path args = dir.resolve("ffmpeg-args.txt");
        Path ffmpeg = wrappers.resolve("ffmpeg");
        Files.writeString(ffmpeg, "#!/bin/sh\nprintf '%s\\n' \"$0\" \"$@\" > '" + args + "'\nexec '" + tools.ffmpeg()
                + "' \"$@\"\n");
        Files.setPosixFilePermissions(ffmpeg, PosixFilePermissions.fromString("rwx------"));
        Files.createSymbolicLink(wrappers.resolve("ffprobe"), tools.ffprobe());
        try (MediaConverter converter = new MediaConverter(new ConversionSettings(wrappers.toString(), 1,
                Duration.ofMinutes(5)), new MediaProber())) {
            converter.convert(request(clip), dir.resolve("capture")).discard();
        }
        return Files.readAllLines(args);
    }

    private static void exec(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0) {
            throw new IOException("ffmpeg failed: " + String.join(" ", command));
        }
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static String range(List<Long> values) {
        return millis(values.stream().mapToLong(Long::longValue).min().orElse(0)) + "–"
                + millis(values.stream().mapToLong(Long::longValue).max().orElse(0));
    }

    private static String millis(long nanos) {
        return nanos / 1_000_000 + " ms";
    }

    /** Samples the heap in use every 5 ms until closed, keeping the highest value seen. */
    private static final class HeapSampler implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        HeapSampler(AtomicLong peak) {
            thread = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(Measure.heapUsedNow(), Math::max);
                    LockSupport.parkNanos(5_000_000);
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
