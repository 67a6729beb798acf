package dev.seedancebot.core.media;

/** Aborts a header read; {@link MediaProber} turns it into {@link ProbeResult.Unreadable} and never lets it out. */
final class MediaReadException extends Exception {
    private final ProbeResult.Reason reason;

    MediaReadException(ProbeResult.Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    ProbeResult.Reason reason() {
        return reason;
    }
}
