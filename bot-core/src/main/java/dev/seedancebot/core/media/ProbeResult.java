package dev.seedancebot.core.media;

import java.util.Objects;

/**
 * What {@link MediaProber#probe} found: either {@link MediaInfo} or {@link Unreadable}. An unreadable file is an
 * expected outcome of user uploads, so it is a value, not an exception.
 */
public sealed interface ProbeResult permits MediaInfo, ProbeResult.Unreadable {

    /** The format detected from the file's magic number; {@link MediaFormat#UNKNOWN} if none matched. */
    MediaFormat format();

    /** The file's size in bytes; 0 when it could not even be opened. */
    long sizeBytes();

    /** Why a file could not be probed. */
    enum Reason {
        /** The path does not name a regular file that can be opened. */
        NOT_FOUND,
        /** Zero bytes. */
        EMPTY,
        /** No known magic number: not an image, video or audio file the prober knows. */
        UNRECOGNISED,
        /** The structure runs past the end of the file, e.g. an upload cut short or a movie without its index. */
        TRUNCATED,
        /** The headers contradict themselves or carry no usable dimensions or duration. */
        CORRUPT,
        /** Larger than {@link MediaProber#MAX_PROBE_BYTES}; only the format was read. */
        TOO_LARGE
    }

    /**
     * A file that could not be probed.
     *
     * @param format as far as the magic number told, else {@link MediaFormat#UNKNOWN}
     * @param detail a short technical description for logs, not for users
     */
    record Unreadable(MediaFormat format, long sizeBytes, Reason reason, String detail) implements ProbeResult {
        public Unreadable {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
