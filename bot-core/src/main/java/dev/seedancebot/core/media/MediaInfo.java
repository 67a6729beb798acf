package dev.seedancebot.core.media;

import java.util.Objects;

/**
 * What the prober read from a file's headers.
 *
 * @param width pixels; 0 for audio and for {@link MediaFormat#HEIF}, whose dimensions are not read
 * @param height pixels; 0 where {@code width} is 0
 * @param durationSeconds playing time of a video or audio file; 0 for images
 * @param fps average frames per second of a video's first video track; {@code null} for images and audio, or when
 *     the container does not say
 */
public record MediaInfo(MediaFormat format, long sizeBytes, int width, int height, double durationSeconds, Double fps)
        implements ProbeResult {

    public MediaInfo {
        Objects.requireNonNull(format, "format");
        if (format == MediaFormat.UNKNOWN) {
            throw new IllegalArgumentException("format may not be UNKNOWN");
        }
        if (sizeBytes < 0 || width < 0 || height < 0 || !(durationSeconds >= 0)) {
            throw new IllegalArgumentException("sizes and duration may not be negative");
        }
    }

    /** Pixels per frame ({@code width × height}). */
    public long pixels() {
        return (long) width * height;
    }

    /** Width divided by height; 0 when the dimensions are unknown. */
    public double aspectRatio() {
        return height == 0 ? 0 : (double) width / height;
    }
}
