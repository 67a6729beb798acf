package dev.seedancebot.core.media.ffmpeg;

/** A conversion that could not run or finish: busy, too slow, shut down, or no executable. */
public final class FfmpegException extends Exception {
    public FfmpegException(String message) {
        super(message);
    }
}
