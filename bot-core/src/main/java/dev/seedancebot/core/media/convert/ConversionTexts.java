package dev.seedancebot.core.media.convert;

import static dev.seedancebot.core.request.RequestValidator.MAX_ASPECT;
import static dev.seedancebot.core.request.RequestValidator.MAX_BODY_BYTES;
import static dev.seedancebot.core.request.RequestValidator.MAX_CLIP_SECONDS;
import static dev.seedancebot.core.request.RequestValidator.MIN_ASPECT;
import static dev.seedancebot.core.request.RequestValidator.MIN_CLIP_SECONDS;

import java.util.Locale;

/**
 * What users are told about conversions: notes on what was changed, and refusals of what cannot be changed without
 * changing its meaning (each says what to fix). Inputs are named as validation names them.
 */
final class ConversionTexts {
    private static final double MB = 1024 * 1024;

    private ConversionTexts() {}

    static String videoConverted(String name, StreamFacts from, int width, int height, double fps) {
        return format("%s (%d×%d, %s fps, %s) was converted to %d×%d H.264 MP4 at %s fps.", capitalize(name),
                from.width(), from.height(), number(from.fps()), describe(from), width, height, number(fps));
    }

    static String imageConverted(String name, StreamFacts from, int width, int height) {
        return from.width() == width && from.height() == height
                ? format("%s (%s) was converted to JPEG.", capitalize(name), describe(from))
                : format("%s (%d×%d %s) was scaled to %d×%d JPEG.", capitalize(name), from.width(), from.height(),
                        describe(from), width, height);
    }

    static String audioConverted(String name, StreamFacts from) {
        return format("%s (%s, %s s) was converted to MP3.", capitalize(name), describe(from), number(from.seconds()));
    }

    static String recompressed(String name, long fromBytes, long toBytes) {
        return format("%s was recompressed from %.1f MB to %.1f MB to fit Seedance's %.0f MB request limit.",
                capitalize(name), fromBytes / MB, toBytes / MB, MAX_BODY_BYTES / MB);
    }

    static String unreadable(String name, String kind) {
        return format("I could not read %s as %s; send it as %s.", name, kind,
                kind.equals("a video") ? "an MP4 video" : kind.equals("an image") ? "a JPEG or PNG picture"
                        : "an MP3 or WAV file");
    }

    /**
     * A HEIC/HEIF photo whose primary image is neither one HEVC picture nor a grid of them, or is damaged: the HEIF
     * features phones use are read, the rest is refused.
     */
    static String heifUnreadable(String name) {
        return format("%s is a HEIC/HEIF photo I could not read; send it as JPEG instead (on an iPhone: "
                + "Settings → Camera → Formats → Most Compatible, or send it as a photo rather than a file).",
                capitalize(name));
    }

    static String noSound(String name) {
        return format("%s has no sound to use as reference audio; send an MP3, WAV or voice message.",
                capitalize(name));
    }

    /** Trimming is left to the user on purpose: which 15 seconds matter is the user's choice. */
    static String tooLong(String name, String kind, double seconds) {
        return format("%s is %s s long; Seedance takes at most %d s of %s, so trim it to the part you mean and send"
                + " it again.", capitalize(name), number(seconds), MAX_CLIP_SECONDS, kind);
    }

    static String tooShort(String name, String kind, double seconds) {
        return format("%s is %s s long; Seedance needs at least %d s of %s, so send a longer one.", capitalize(name),
                number(seconds), MIN_CLIP_SECONDS, kind);
    }

    /** Cropping is left to the user: only the user knows what of the picture matters. */
    static String aspect(String name, int width, int height) {
        return format("%s is %d×%d (width:height %.2f); Seedance needs a ratio between %.1f and %.1f, so crop it"
                + " and send it again.", capitalize(name), width, height, (double) width / height, MIN_ASPECT,
                MAX_ASPECT);
    }

    static String failed(String name) {
        return format("I could not convert %s; send it as %s.", name, "an MP4 (H.264) video, a JPEG picture or an"
                + " MP3 file");
    }

    static String busy(String detail) {
        return "Converting your files did not work right now (" + detail + "); please try again in a minute.";
    }

    static String bodyStillTooLarge(long bytes) {
        return format("Even compressed, your images and audio make a request of about %.1f MB; Seedance takes at most"
                + " %.0f MB, so send fewer or smaller files (videos don't count).", bytes / MB, MAX_BODY_BYTES / MB);
    }

    /** "HEVC in MOV", "Opus in OGG", "PNG". */
    static String describe(StreamFacts facts) {
        String container = facts.container().split(",")[0];
        container = switch (container) {
            case "mov" -> "MP4/MOV";
            case "matroska" -> "WebM/MKV";
            case "png_pipe", "jpeg_pipe", "webp_pipe", "bmp_pipe", "tiff_pipe" -> "";
            default -> container.toUpperCase(Locale.ROOT);
        };
        String codec = (facts.hasVideo() ? facts.videoCodec() : facts.audioCodec()).toUpperCase(Locale.ROOT);
        codec = codec.equals("MJPEG") ? "JPEG" : codec.equals("H264") ? "H.264" : codec;
        return container.isEmpty() || container.equals(codec) ? codec : codec + " in " + container;
    }

    static String number(double value) {
        double rounded = Math.round(value * 10) / 10.0;
        return rounded == Math.rint(rounded) ? String.valueOf((long) rounded)
                : String.format(Locale.ROOT, "%.1f", rounded);
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String format(String template, Object... args) {
        return String.format(Locale.ROOT, template, args);
    }
}
