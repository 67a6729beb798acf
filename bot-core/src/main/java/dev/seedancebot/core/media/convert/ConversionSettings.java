package dev.seedancebot.core.media.convert;

import java.time.Duration;
import java.util.Objects;

/**
 * How inputs are converted: {@code media.ffmpeg}, {@code media.parallel-jobs} and {@code media.job-time-limit} in
 * the configuration.
 *
 * @param ffmpeg {@code bundled} for the executables from Maven Central, or a directory holding ffmpeg and ffprobe
 * @param parallelJobs conversions running at once; each keeps a core busy, so on a small machine keep it low
 * @param jobTimeLimit how long one ffmpeg run may take before it is killed and the request refused
 */
public record ConversionSettings(String ffmpeg, int parallelJobs, Duration jobTimeLimit) {
    public static final ConversionSettings DEFAULTS = new ConversionSettings("bundled", 1, Duration.ofSeconds(120));

    public ConversionSettings {
        Objects.requireNonNull(ffmpeg, "ffmpeg");
        Objects.requireNonNull(jobTimeLimit, "jobTimeLimit");
        if (parallelJobs < 1) {
            throw new IllegalArgumentException("media.parallel-jobs must be at least 1");
        }
        if (jobTimeLimit.isNegative() || jobTimeLimit.isZero()) {
            throw new IllegalArgumentException("media.job-time-limit must be positive");
        }
    }
}
