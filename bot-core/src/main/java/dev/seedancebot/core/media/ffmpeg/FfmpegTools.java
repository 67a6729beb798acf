package dev.seedancebot.core.media.ffmpeg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.bytedeco.javacpp.Loader;

/**
 * Where the ffmpeg and ffprobe executables are. By default the ones bundled from Maven Central (extracted once into
 * JavaCPP's cache, {@code ~/.javacpp/cache}), so that conversion works right after the build with nothing installed;
 * an operator may point at a system ffmpeg instead, for example for a GPL build or another platform.
 */
public record FfmpegTools(Path ffmpeg, Path ffprobe, String origin) {
    public FfmpegTools {
        Objects.requireNonNull(ffmpeg, "ffmpeg");
        Objects.requireNonNull(ffprobe, "ffprobe");
        Objects.requireNonNull(origin, "origin");
    }

    /** The executables bundled in the org.bytedeco:ffmpeg natives jar; extracting them takes about a second once. */
    public static FfmpegTools bundled() {
        try {
            return new FfmpegTools(Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class)),
                    Path.of(Loader.load(org.bytedeco.ffmpeg.ffprobe.class)), "bundled (org.bytedeco:ffmpeg)");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new IllegalStateException("The bundled ffmpeg does not run on this platform (" + e.getMessage()
                    + "); set media.ffmpeg to the directory of a system ffmpeg and ffprobe", e);
        }
    }

    /** ffmpeg and ffprobe from one directory, such as {@code /usr/bin}. */
    public static FfmpegTools inDirectory(Path dir) {
        Path ffmpeg = dir.resolve("ffmpeg");
        Path ffprobe = dir.resolve("ffprobe");
        for (Path tool : new Path[] {ffmpeg, ffprobe}) {
            if (!Files.isExecutable(tool)) {
                throw new IllegalStateException(tool + " is not an executable file; media.ffmpeg must name a"
                        + " directory holding ffmpeg and ffprobe, or be 'bundled'");
            }
        }
        return new FfmpegTools(ffmpeg, ffprobe, "system (" + dir + ")");
    }

    /** {@code bundled} or a directory; what {@code media.ffmpeg} in the configuration says. */
    public static FfmpegTools of(String setting) {
        return setting == null || setting.isBlank() || setting.equals("bundled") ? bundled()
                : inDirectory(Path.of(setting));
    }
}
