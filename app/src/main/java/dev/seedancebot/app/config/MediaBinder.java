package dev.seedancebot.app.config;

import dev.seedancebot.core.media.convert.ConversionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds the {@code media:} section: which ffmpeg converts users' files before they are charged, how many
 * conversions run at once and how long each may take.
 */
final class MediaBinder {
    private MediaBinder() {}

    static ConversionSettings bind(ValueReader r) {
        String ffmpeg = r.text("media.ffmpeg", "bundled").strip();
        if (!ffmpeg.equals("bundled")) {
            Path dir = Path.of(ffmpeg);
            if (!Files.isExecutable(dir.resolve("ffmpeg")) || !Files.isExecutable(dir.resolve("ffprobe"))) {
                r.bad("media.ffmpeg", "use bundled, or a directory holding the ffmpeg and ffprobe executables"
                        + " (e.g. /usr/bin)");
                ffmpeg = "bundled";
            }
        }
        int parallel = r.integer("media.parallel-jobs", 1, 64, "e.g. 1 on a 2-core machine");
        Duration limit = r.duration("media.job-time-limit", Duration.ofSeconds(5), Duration.ofMinutes(30));
        return new ConversionSettings(ffmpeg, parallel, limit);
    }
}
