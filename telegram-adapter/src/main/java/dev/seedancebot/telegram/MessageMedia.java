package dev.seedancebot.telegram;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.request.MediaKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.telegram.telegrambots.meta.api.objects.Audio;
import org.telegram.telegrambots.meta.api.objects.Document;
import org.telegram.telegrambots.meta.api.objects.Video;
import org.telegram.telegrambots.meta.api.objects.VideoNote;
import org.telegram.telegrambots.meta.api.objects.Voice;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.photo.PhotoSize;

/**
 * One downloadable input of a message, as Telegram describes it. Voice and video messages count as audio and video;
 * the core converts them (OGG/Opus to MP3, a 384×384 round video to Seedance's size). An input without a file name is
 * named in the requester's language (the label only names it in answers and logs; Seedance's asset names are our own).
 *
 * @param declaredBytes the size Telegram declared; 0 when it declared none (the download is capped either way)
 * @param kind {@code null} for a document that is no image, video or audio
 */
record MessageMedia(String fileId, long declaredBytes, String label, MediaKind kind) {

    /** The inputs of {@code messages}, in order; of a photo only its largest size. */
    static List<MessageMedia> of(List<Message> messages) {
        List<MessageMedia> media = new ArrayList<>();
        int photos = 0;
        for (Message m : messages) {
            if (m.hasPhoto()) {
                PhotoSize largest = m.getPhoto().stream()
                        .max(Comparator.comparingInt(p -> p.getWidth() * p.getHeight())).orElseThrow();
                media.add(new MessageMedia(largest.getFileId(), size(largest.getFileSize()), t("telegram.media.photo", "n", ++photos),
                        MediaKind.IMAGE));
            }
            Video v = m.getVideo();
            if (v != null) {
                media.add(new MessageMedia(v.getFileId(), size(v.getFileSize()), nameOr(v.getFileName(), t("telegram.media.video")),
                        MediaKind.VIDEO));
            }
            VideoNote note = m.getVideoNote();
            if (note != null) {
                media.add(new MessageMedia(note.getFileId(), size(note.getFileSize()), t("telegram.media.videoNote"),
                        MediaKind.VIDEO));
            }
            Voice voice = m.getVoice();
            if (voice != null) {
                media.add(new MessageMedia(voice.getFileId(), size(voice.getFileSize()), t("telegram.media.voice"),
                        MediaKind.AUDIO));
            }
            Audio a = m.getAudio();
            if (a != null) {
                media.add(new MessageMedia(a.getFileId(), size(a.getFileSize()), nameOr(a.getFileName(), t("telegram.media.audio")),
                        MediaKind.AUDIO));
            }
            Document d = m.getDocument();
            if (d != null) {
                media.add(new MessageMedia(d.getFileId(), size(d.getFileSize()), nameOr(d.getFileName(), t("telegram.media.document")),
                        kindOf(d.getMimeType(), d.getFileName())));
            }
        }
        return media;
    }

    /** The kind of a file sent as a document, from its MIME type or else its extension; {@code null} if neither. */
    private static MediaKind kindOf(String mimeType, String fileName) {
        String mime = mimeType == null ? "" : mimeType.toLowerCase(Locale.ROOT);
        if (mime.startsWith("image/")) {
            return MediaKind.IMAGE;
        }
        if (mime.startsWith("video/")) {
            return MediaKind.VIDEO;
        }
        if (mime.startsWith("audio/")) {
            return MediaKind.AUDIO;
        }
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (name.matches(".*\\.(jpe?g|png|webp|gif|bmp|tiff?|heic|heif|avif)$")) {
            return MediaKind.IMAGE;
        }
        if (name.matches(".*\\.(mp4|mov|m4v|webm|mkv)$")) {
            return MediaKind.VIDEO;
        }
        if (name.matches(".*\\.(mp3|wav|m4a|aac|ogg|oga|opus|flac)$")) {
            return MediaKind.AUDIO;
        }
        return null;
    }

    private static long size(Number bytes) {
        return bytes == null ? 0 : bytes.longValue();
    }

    private static String nameOr(String name, String fallback) {
        return name == null || name.isBlank() ? fallback : name;
    }
}
