package dev.seedancebot.discord;

import dev.seedancebot.core.platform.Delivery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import net.dv8tion.jda.api.utils.FileUpload;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Okio;

/**
 * A video file attachment labelled {@code video/mp4}. JDA labels every upload {@code application/octet-stream} and
 * offers no setter, so this overrides the one method that picks the part's type; Discord then stores the attachment
 * with a video content type, which its clients use to choose the inline player.
 */
final class Mp4Upload extends FileUpload {
    private static final MediaType MP4 = MediaType.get(Delivery.CONTENT_TYPE);

    private Mp4Upload(Path file, String name) {
        // opened when JDA sends the request, and again on each retry
        super(() -> {
            try {
                return Okio.source(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, name);
    }

    /** @param spoiler Discord hides an attachment whose name starts with {@code SPOILER_} until it is clicked */
    static FileUpload of(Delivery.Upload upload, boolean spoiler) {
        return new Mp4Upload(upload.file(), spoiler ? "SPOILER_" + upload.fileName() : upload.fileName());
    }

    @Override
    public synchronized RequestBody getRequestBody(MediaType type) {
        return super.getRequestBody(MP4);
    }
}
