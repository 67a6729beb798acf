package dev.seedancebot.bench;

import dev.seedancebot.core.media.MediaInfo;
import dev.seedancebot.core.media.MediaProber;
import dev.seedancebot.core.media.ProbeResult;
import dev.seedancebot.core.media.ffmpeg.FfmpegTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MP3 length, our frame-header reader ({@link MediaProber}) against ffprobe, on files the bundled ffmpeg (LAME) writes
 * of every MPEG version, constant and variable bitrate, with its Xing/Info header and without one
 * ({@code -write_xing 0}). Each file is a tone of a known length, so both are checked for correctness as well as
 * timed (median of 5 after one warm-up; ffprobe includes starting its process, as the bot would pay it).
 */
final class Mp3Benchmark {
    private static final int RUNS = 5;
    /** rate, channels, quality option, seconds */
    private static final String[][] FILES = {
        {"44100", "2", "-b:a 128k", "14.9"}, {"44100", "2", "-q:a 4", "14.9"},
        {"22050", "1", "-b:a 56k", "4.07"}, {"22050", "2", "-q:a 5", "14.9"},
        {"16000", "1", "-q:a 7", "3.3"}, {"11025", "1", "-b:a 24k", "4.07"},
        {"8000", "2", "-q:a 9", "14.9"},
    };
    private static final Pattern DURATION = Pattern.compile("\"duration\"\\s*:\\s*\"([0-9.]+)\"");

    Report run() throws Exception {
        Path dir = Files.createTempDirectory("seedance-bench-mp3");
        FfmpegTools tools = FfmpegTools.bundled();
        MediaProber prober = new MediaProber();
        Report report = new Report("mp3: length by our frame-header reader against ffprobe (" + RUNS + " runs each)");
        double[] worstOurs = new double[2]; // [with header, without]
        double[] worstProbe = new double[2];
        List<Double> oursTimes = new ArrayList<>();
        List<Double> probeTimes = new ArrayList<>();
        for (String[] f : FILES) {
            for (boolean xing : new boolean[] {true, false}) {
                String[] q = f[2].split(" ");
                String mpeg = switch (f[0]) {
                    case "44100", "48000", "32000" -> "MPEG-1";
                    case "22050", "24000", "16000" -> "MPEG-2";
                    default -> "MPEG-2.5";
                };
                String name = mpeg + " " + f[0] + " Hz " + f[1] + " ch " + (q[0].equals("-b:a") ? "CBR " + q[1]
                        : "VBR " + q[1]) + (xing ? (q[0].equals("-b:a") ? ", Info" : ", Xing") : ", no header");
                Path mp3 = dir.resolve(name.replaceAll("[^A-Za-z0-9.-]+", "_") + ".mp3");
                List<String> command = new ArrayList<>(List.of(tools.ffmpeg().toString(), "-nostdin", "-loglevel",
                        "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=" + f[3], "-ac", f[1], "-ar",
                        f[0], "-c:a", "libmp3lame", q[0], q[1]));
                if (!xing) {
                    command.addAll(List.of("-write_xing", "0"));
                }
                command.add(mp3.toString());
                exec(command);
                double truth = Double.parseDouble(f[3]);
                double ours = 0;
                double probe = 0;
                long[] oursNs = new long[RUNS];
                long[] probeNs = new long[RUNS];
                for (int run = -1; run < RUNS; run++) {
                    long start = System.nanoTime();
                    ProbeResult result = prober.probe(mp3);
                    long mid = System.nanoTime();
                    String json = exec(List.of(tools.ffprobe().toString(), "-loglevel", "error", "-of", "json",
                            "-show_format", mp3.toString()));
                    long end = System.nanoTime();
                    ours = result instanceof MediaInfo info ? info.durationSeconds() : Double.NaN;
                    Matcher m = DURATION.matcher(json);
                    probe = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
                    if (run >= 0) {
                        oursNs[run] = mid - start;
                        probeNs[run] = end - mid;
                    }
                }
                double oursMedian = median(oursNs) / 1e6;
                double probeMedian = median(probeNs) / 1e6;
                oursTimes.add(oursMedian);
                probeTimes.add(probeMedian);
                int k = xing ? 0 : 1;
                worstOurs[k] = Math.max(worstOurs[k], Double.isNaN(ours) ? Double.POSITIVE_INFINITY
                        : Math.abs(ours - truth));
                worstProbe[k] = Math.max(worstProbe[k], Double.isNaN(probe) ? Double.POSITIVE_INFINITY
                        : Math.abs(probe - truth));
                report.add(name + " (" + truth + " s)", String.format("ours %.3f s in %.2f ms; ffprobe %.3f s in"
                        + " %.1f ms", ours, oursMedian, probe, probeMedian));
            }
        }
        report.check("worst error with a Xing/Info header, ours / ffprobe", String.format("%.3f s / %.3f s",
                worstOurs[0], worstProbe[0]), "ours ≤ 0.1 s", worstOurs[0] <= 0.1);
        report.check("worst error without a header, ours / ffprobe", String.format("%.3f s / %.3f s",
                worstOurs[1], worstProbe[1]), "ours ≤ 0.2 s", worstOurs[1] <= 0.2);
        report.add("median time, ours / ffprobe", String.format("%.2f ms / %.1f ms",
                Measure.median(oursTimes), Measure.median(probeTimes)));
        report.note("ffprobe estimates a file without a Xing/Info header from the first frame's bitrate, which is"
                + " wrong for VBR; ours walks the frames (within its probe budget) when there is no header.");
        report.note("without a header nobody can know the encoder's delay and padding (only LAME's Info/Xing"
                + " header records them), so the frames' length is up to 2 frames (0.15 s at 8 kHz) over the tone's:"
                + " hence 0.2 s there.");
        return report;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("failed: " + String.join(" ", command));
        }
        return out;
    }
}
