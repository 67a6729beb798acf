package dev.seedancebot.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, large result video made at test time, so that no large file is committed: 1280×720 at 24 fps, a moving
 * test pattern with light grain (grain makes every frame cost bits, like camera footage; heavy grain would make the
 * clip unrepresentatively hard to shrink) and a sine tone, encoded at a high bitrate so that a few seconds pass a
 * chat's upload limit.
 */
public final class LargeVideo {
    private LargeVideo() {}

    /**
     * Writes the clip to {@code target} with the given ffmpeg executable (the bundled one: {@code
     * FfmpegTools.bundled().ffmpeg()}) and returns its size. 5 s at 20 Mbit/s is about 12.8 MB.
     */
    public static long make(Path ffmpeg, Path target, int seconds, long videoBitsPerSecond)
            throws IOException, InterruptedException {
        return make(ffmpeg, target, seconds, videoBitsPerSecond, 12);
    }

    /**
     * The same with grain of {@code grain} (0 to 100; 12 by default): at 60 no H.264 encoder gets 720p near a
     * modest bitrate, as with film grain or confetti, which makes fitting fall back to a smaller size.
     */
    public static long make(Path ffmpeg, Path target, int seconds, long videoBitsPerSecond, int grain)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("large-video", ".log");
        try {
            Process p = new ProcessBuilder(List.of(ffmpeg.toString(), "-nostdin", "-hide_banner", "-loglevel", "error",
                    "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=24,noise=alls=" + grain + ":allf=t",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                    "-t", Integer.toString(seconds), "-c:v", "libopenh264", "-b:v", Long.toString(videoBitsPerSecond),
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart",
                    target.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("ffmpeg took over 5 minutes to make " + target);
            }
            if (p.exitValue() != 0) {
                throw new IOException("ffmpeg failed making " + target + ": " + Files.readString(log));
            }
            return Files.size(target);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
