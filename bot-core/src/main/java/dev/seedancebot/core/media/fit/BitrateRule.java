package dev.seedancebot.core.media.fit;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The bitrate a re-encode aims at so that the file fits a size limit, without a second pass: the size budget spread
 * over the duration, less the audio. OpenH264 holds a target bitrate within a few percent on ordinary footage (a 5 s
 * 720p clip asked for 15 Mbit/s came out at 99 % of it) but overshoots on grainy, noise-like footage (130 %), so the
 * first try keeps a margin and a file that still comes out too large gets one retry, scaled by how far it missed.
 */
final class BitrateRule {
    /** Part of the limit the first try aims at: room for the MP4 index and the encoder's usual overshoot. */
    static final double MARGIN = 0.90;
    /** Bytes set aside for the container (moov index, headers) whatever the length. */
    static final long CONTAINER_BYTES = 64 * 1024;
    static final long AUDIO_BPS = 96_000;
    /** Below this a 480p video is blocks and smears; a link to the original serves the user better. */
    static final long MIN_VIDEO_BPS = 150_000;
    /** Under this many bits per second 720p looks worse than 480p at the same rate, so the fit scales down. */
    static final long DOWNSCALE_BELOW_BPS = 1_200_000;
    static final int DOWNSCALED_HEIGHT = 480;
    /** A try this far over the aimed size did not follow the bitrate at all. */
    static final double FLOOR_MISS = 1.25;

    private BitrateRule() {}

    /** The video bitrate of the first try, or empty when even the floor would not fit. */
    static OptionalLong first(long limitBytes, double durationSeconds) {
        if (!(durationSeconds > 0)) {
            return OptionalLong.empty();
        }
        double budgetBits = (limitBytes * MARGIN - CONTAINER_BYTES) * 8;
        long video = (long) (budgetBits / durationSeconds) - AUDIO_BPS;
        return video < MIN_VIDEO_BPS ? OptionalLong.empty() : OptionalLong.of(video);
    }

    /**
     * The retry after a try at {@code triedBps} came out at {@code gotBytes}, or empty when none is worth running.
     * A near miss retries at the same size, with the bitrate scaled by how far it missed the margin and 10 % lower
     * again (an encoder that overshot once tends to again). A miss by more than {@link #FLOOR_MISS} means OpenH264
     * hit its quality floor, where a lower bitrate changes nothing (grainy 720p came out at 15.4 MB asked for 14.8
     * and for 4.9 Mbit/s alike), so that retry scales down to 480p instead, which follows the bitrate again.
     */
    static Optional<Try> retry(long triedBps, int triedHeight, long gotBytes, long limitBytes, int sourceHeight) {
        double miss = gotBytes / (limitBytes * MARGIN);
        boolean smaller = (triedHeight == 0 ? sourceHeight : triedHeight) > DOWNSCALED_HEIGHT;
        if (miss > FLOOR_MISS && smaller) {
            return Optional.of(new Try((long) (triedBps * 0.9), DOWNSCALED_HEIGHT));
        }
        long video = (long) (triedBps / Math.max(miss, 1.0) * 0.9);
        return video < MIN_VIDEO_BPS ? Optional.empty()
                : Optional.of(new Try(video, triedHeight > 0 ? triedHeight : targetHeight(video, sourceHeight)));
    }

    /** One encode: the video bitrate and the height to scale to (0: the source's). */
    record Try(long videoBps, int height) {}

    /** The height to scale to for {@code videoBps}, or 0 to keep the source's size. */
    static int targetHeight(long videoBps, int sourceHeight) {
        return videoBps < DOWNSCALE_BELOW_BPS && sourceHeight > DOWNSCALED_HEIGHT ? DOWNSCALED_HEIGHT : 0;
    }
}
