package dev.seedancebot.core.platform;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/** How a finished video reaches the chat: as an uploaded file, or as a link when it is too large for the platform. */
public sealed interface Delivery permits Delivery.Upload, Delivery.Link {

    /** What every uploaded result is: platforms show a player only for a file labelled as a video. */
    String CONTENT_TYPE = "video/mp4";

    long sizeBytes();

    /**
     * Upload this file (an MP4, re-encoded to fit the limit when the original was larger); the engine keeps it until
     * the delivery is recorded.
     *
     * @param fileName what the chat shows as the file's name, e.g. {@code cat-surfing-a-wave-t7k2m9q.mp4}
     * @param facts the video's dimensions and length, or {@code null} when they could not be read
     * @param thumbnail a JPEG of at most 320 px and 200 kB (what Telegram accepts), or {@code null}
     */
    record Upload(Path file, long sizeBytes, String fileName, VideoFacts facts, Path thumbnail) implements Delivery {
        public Upload {
            Objects.requireNonNull(file, "file");
            fileName = fileName == null || fileName.isBlank() ? "video.mp4" : fileName;
        }

        public Upload(Path file, long sizeBytes) {
            this(file, sizeBytes, null, null, null);
        }
    }

    /** Width and height in pixels and the length in whole seconds, rounded (AAC priming makes a 5 s clip 5.02 s). */
    record VideoFacts(int width, int height, int durationSeconds) {}

    /** Post this link instead; it stops working at {@code expiresAt}, which the message must say. */
    record Link(URI url, Instant expiresAt, long sizeBytes, long limitBytes) implements Delivery {
        public Link {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }
}
