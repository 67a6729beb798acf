package dev.seedancebot.core.media;

import dev.seedancebot.core.media.ffmpeg.FfmpegRunner;
import dev.seedancebot.core.media.ffmpeg.FfmpegTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Test media that need an encoder the bundled LGPL ffmpeg lacks (HEVC, for HEIC photos and HEVC clips), made by the
 * GPL build of the same ffmpeg, which the build unpacks into {@code target/ffmpeg-gpl} for tests only (see the
 * maven-dependency-plugin in bot-core's pom). Linux x86-64 only, like that build; elsewhere the tests that need it are
 * skipped.
 */
public final class GplFfmpeg implements AutoCloseable {
    private static final Path DIR = Path.of("target", "ffmpeg-gpl", "org", "bytedeco", "ffmpeg", "linux-x86_64-gpl");
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private final FfmpegRunner runner;
    private final Path dir;

    public GplFfmpeg(Path dir) {
        Assumptions.assumeTrue(Files.isRegularFile(DIR.resolve("ffmpeg"))
                && System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
                "the GPL ffmpeg for test media runs on Linux x86-64 only");
        try {
            for (String tool : new String[] {"ffmpeg", "ffprobe"}) {
                Files.setPosixFilePermissions(DIR.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.dir = dir;
        this.runner = new FfmpegRunner(FfmpegTools.inDirectory(DIR.toAbsolutePath()), 2, LIMIT);
    }

    /** Runs the GPL ffmpeg with {@code args} (inputs and outputs), writing {@code name} in the test folder. */
    public Path make(String name, String... args) {
        Path out = dir.resolve(name);
        List<String> all = new ArrayList<>(List.of(args));
        all.add(out.toString());
        try {
            FfmpegRunner.Result result = runner.ffmpeg(all, LIMIT);
            if (!result.ok()) {
                throw new IllegalStateException("GPL ffmpeg could not make " + name + ": " + result.stderr());
            }
        } catch (dev.seedancebot.core.media.ffmpeg.FfmpegException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** One HEVC picture of lavfi's {@code source} (such as {@code color=c=red:size=256x256}), raw (Annex B). */
    public Path hevcPicture(String name, String source) {
        return make(name, "-f", "lavfi", "-i", source, "-frames:v", "1",
                "-c:v", "libx265", "-x265-params", "log-level=error", "-pix_fmt", "yuv420p", "-f", "hevc");
    }

    /** The codec name ffprobe gives the first video stream of {@code file}, such as {@code h264}. */
    public String probeVideoCodec(Path file) throws dev.seedancebot.core.media.ffmpeg.FfmpegException {
        String json = runner.ffprobe(file, List.of("-show_streams", "-select_streams", "v:0"), LIMIT).stdout();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"codec_name\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(json);
        return m.find() ? m.group(1) : "";
    }

    @Override
    public void close() {
        runner.close();
    }
}
