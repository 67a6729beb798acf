package dev.seedancebot.core.request;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the bytes of one input are. Adapters download platform attachments to a {@link LocalFile} before validation,
 * so that formats, sizes and durations are read from the bytes themselves and no platform URL (a Telegram file URL
 * holds the bot token) is ever handed to Seedance.
 */
public sealed interface MediaSource permits MediaSource.LocalFile, MediaSource.RemoteUrl {

    /** A file on this machine; the Seedance client sends images and audio as data URIs and videos as assets. */
    record LocalFile(Path path) implements MediaSource {
        public LocalFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * A public {@code https} URL or an {@code asset://} id that Seedance fetches itself; only the terminal commands
     * create these, chat users cannot.
     */
    record RemoteUrl(URI uri) implements MediaSource {
        public RemoteUrl {
            Objects.requireNonNull(uri, "uri");
        }
    }
}
