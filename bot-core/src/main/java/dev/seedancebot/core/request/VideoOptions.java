package dev.seedancebot.core.request;

import java.util.Objects;

/**
 * Output options. The duration is kept as given so that {@link RequestValidator} can say what is wrong with it
 * (Seedance takes whole seconds 4–15); everything else is typed.
 *
 * @param spoiler the chat hides the video until it is tapped (Discord spoiler attachment, Telegram {@code
 *     has_spoiler}); a posting choice only: Seedance never sees it and it costs nothing
 */
public record VideoOptions(
        int durationSeconds,
        Resolution resolution,
        AspectRatio ratio,
        boolean generateAudio,
        boolean webSearch,
        boolean watermark,
        boolean spoiler) {

    public static final int MIN_DURATION = 4;
    public static final int MAX_DURATION = 15;

    /** Seedance's own defaults: 5 s, 720p, adaptive ratio, with audio, no web search, no watermark. */
    public static final VideoOptions DEFAULTS =
            new VideoOptions(5, Resolution.P720, AspectRatio.ADAPTIVE, true, false, false);

    public VideoOptions {
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(ratio, "ratio");
    }

    /** Options posted as they are, without a spoiler. */
    public VideoOptions(int durationSeconds, Resolution resolution, AspectRatio ratio, boolean generateAudio,
            boolean webSearch, boolean watermark) {
        this(durationSeconds, resolution, ratio, generateAudio, webSearch, watermark, false);
    }

    public VideoOptions withDuration(int seconds) {
        return new VideoOptions(seconds, resolution, ratio, generateAudio, webSearch, watermark, spoiler);
    }

    public VideoOptions withResolution(Resolution value) {
        return new VideoOptions(durationSeconds, value, ratio, generateAudio, webSearch, watermark, spoiler);
    }

    public VideoOptions withRatio(AspectRatio value) {
        return new VideoOptions(durationSeconds, resolution, value, generateAudio, webSearch, watermark, spoiler);
    }

    public VideoOptions withGenerateAudio(boolean value) {
        return new VideoOptions(durationSeconds, resolution, ratio, value, webSearch, watermark, spoiler);
    }

    public VideoOptions withWebSearch(boolean value) {
        return new VideoOptions(durationSeconds, resolution, ratio, generateAudio, value, watermark, spoiler);
    }

    public VideoOptions withWatermark(boolean value) {
        return new VideoOptions(durationSeconds, resolution, ratio, generateAudio, webSearch, value, spoiler);
    }

    public VideoOptions withSpoiler(boolean value) {
        return new VideoOptions(durationSeconds, resolution, ratio, generateAudio, webSearch, watermark, value);
    }
}
