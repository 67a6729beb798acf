package dev.seedancebot.core.media;

import dev.seedancebot.core.media.ffmpeg.FfmpegException;
import dev.seedancebot.core.media.ffmpeg.FfmpegRunner;
import dev.seedancebot.core.media.ffmpeg.FfmpegTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Media made at test time by the bundled ffmpeg from its synthetic sources, so that no large file is committed. Kept
 * tiny (a second or two, small sizes, low bitrates) so that the tests stay fast on two cores.
 */
public final class GeneratedMedia implements AutoCloseable {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static volatile FfmpegTools tools;

    private final FfmpegRunner runner;
    private final Path dir;

    public GeneratedMedia(Path dir) {
        this.dir = dir;
        this.runner = new FfmpegRunner(tools(), 2, Duration.ofSeconds(60));
    }

    /** The bundled executables, extracted once per test JVM. */
    public static FfmpegTools tools() {
        if (tools == null) {
            tools = FfmpegTools.bundled();
        }
        return tools;
    }

    public FfmpegRunner runner() {
        return runner;
    }

    /** A sine tone of {@code seconds}, encoded with the given output arguments into {@code name}. */
    public Path tone(String name, double seconds, String... outputArgs) throws FfmpegException {
        List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds));
        args.addAll(List.of(outputArgs));
        return make(name, args);
    }

    /**
     * A test pattern of {@code width}×{@code height} at {@code fps} for {@code seconds}, with a tone when
     * {@code withAudio}, encoded with the given output arguments into {@code name}.
     */
    public Path clip(String name, int width, int height, double fps, double seconds, boolean withAudio,
            String... outputArgs) throws FfmpegException {
        List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i",
                "testsrc2=size=" + width + "x" + height + ":rate=" + fps + ":duration=" + seconds));
        if (withAudio) {
            args.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds));
        }
        args.addAll(List.of(outputArgs));
        return make(name, args);
    }

    /** One frame of a test pattern of {@code width}×{@code height}, encoded as {@code name}'s extension says. */
    public Path picture(String name, int width, int height, String... outputArgs) throws FfmpegException {
        List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height,
                "-frames:v", "1"));
        args.addAll(List.of(outputArgs));
        return make(name, args);
    }

    private Path make(String name, List<String> args) throws FfmpegException {
        Path out = dir.resolve(name);
        List<String> all = new ArrayList<>(args);
        all.add(out.toString());
        FfmpegRunner.Result result = runner.ffmpeg(all, LIMIT);
        if (!result.ok()) {
            throw new IllegalStateException("ffmpeg could not make " + name + ": " + result.stderr());
        }
        return out;
    }

    @Override
    public void close() {
        runner.close();
    }
}
