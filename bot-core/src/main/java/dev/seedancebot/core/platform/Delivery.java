package dev.seedancebot.core.platform;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/** How a finished video reaches the chat: as an uploaded file, or as a link when it is too large for the platform. */
public sealed interface Delivery permits Delivery.Upload, Delivery.Link {

    long sizeBytes();

    /** Upload this file (an MP4); the engine keeps it until the delivery is recorded. */
    record Upload(Path file, long sizeBytes) implements Delivery {
        public Upload {
            Objects.requireNonNull(file, "file");
        }
    }

    /** Post this link instead; it stops working at {@code expiresAt}, which the message must say. */
    record Link(URI url, Instant expiresAt, long sizeBytes, long limitBytes) implements Delivery {
        public Link {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }
}
