package dev.seedancebot.core.media.fit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedancebot.core.media.MediaInfo;
import dev.seedancebot.core.media.MediaProber;
import dev.seedancebot.core.media.ffmpeg.FfmpegException;
import dev.seedancebot.core.media.ffmpeg.FfmpegRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Width, height and length of a result video. The in-process {@link MediaProber} first: it reads the MP4 index
 * without starting a process (see docs/BENCHMARKS.md for the two side by side) and agrees with ffprobe on the
 * provider's files; ffprobe only for what the prober declines, such as files over its 64 MiB reading cap.
 */
final class VideoProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(20);

    private final MediaProber prober = new MediaProber();
    private final FfmpegRunner runner;

    /** @param runner for ffprobe, or {@code null} to use the prober alone */
    VideoProbe(FfmpegRunner runner) {
        this.runner = runner;
    }

    /** Dimensions and duration in seconds (fractional), or empty when neither reader could tell. */
    Optional<Measured> measure(Path video) {
        if (prober.probe(video) instanceof MediaInfo info && info.width() > 0 && info.durationSeconds() > 0) {
            return Optional.of(new Measured(info.width(), info.height(), info.durationSeconds()));
        }
        return runner == null ? Optional.empty() : ffprobe(video);
    }

    Optional<Measured> ffprobe(Path video) {
        try {
            FfmpegRunner.Result r = runner.ffprobe(video, List.of("-select_streams", "v:0", "-show_entries",
                    "stream=width,height:format=duration"), PROBE_LIMIT);
            if (!r.ok()) {
                return Optional.empty();
            }
            JsonNode root = JSON.readTree(r.stdout());
            JsonNode stream = root.path("streams").path(0);
            double duration = root.path("format").path("duration").asDouble(0);
            int width = stream.path("width").asInt(0);
            int height = stream.path("height").asInt(0);
            return width > 0 && height > 0 && duration > 0 ? Optional.of(new Measured(width, height, duration))
                    : Optional.empty();
        } catch (FfmpegException | IOException e) {
            return Optional.empty();
        }
    }

    /** What was read; {@code seconds} keeps the fraction for bitrate sums. */
    record Measured(int width, int height, double seconds) {}
}
