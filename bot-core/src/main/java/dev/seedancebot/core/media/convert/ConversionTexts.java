package dev.seedancebot.core.media.convert;

import static dev.seedancebot.core.i18n.Texts.t;
import static dev.seedancebot.core.i18n.Wording.capitalized;
import static dev.seedancebot.core.i18n.Wording.decimal;
import static dev.seedancebot.core.i18n.Wording.hundredths;
import static dev.seedancebot.core.i18n.Wording.whole;
import static dev.seedancebot.core.request.RequestValidator.MAX_ASPECT;
import static dev.seedancebot.core.request.RequestValidator.MAX_BODY_BYTES;
import static dev.seedancebot.core.request.RequestValidator.MAX_CLIP_SECONDS;
import static dev.seedancebot.core.request.RequestValidator.MIN_ASPECT;
import static dev.seedancebot.core.request.RequestValidator.MIN_CLIP_SECONDS;

import java.util.Locale;

/**
 * What users are told about conversions, from the bundles ({@code conversion.*}): notes on what was changed, and
 * refusals of what cannot be changed without changing its meaning (each says what to fix). Inputs are named as
 * validation names them; a text that starts with the name gets it capitalized. Kinds are the request's media tags
 * ({@code video}, {@code image}, {@code audio}), one sentence per kind.
 */
final class ConversionTexts {
    private static final double MB = 1024 * 1024;

    private ConversionTexts() {}

    static String videoConverted(String name, StreamFacts from, int width, int height, double fps) {
        return t("conversion.videoConverted", "name", capitalized(name), "fromWidth", from.width(),
                "fromHeight", from.height(), "fromFps", number(from.fps()), "from", describe(from),
                "width", width, "height", height, "fps", number(fps));
    }

    static String imageConverted(String name, StreamFacts from, int width, int height) {
        return from.width() == width && from.height() == height
                ? t("conversion.imageConverted", "name", capitalized(name), "from", describe(from))
                : t("conversion.imageScaled", "name", capitalized(name), "fromWidth", from.width(),
                        "fromHeight", from.height(), "from", describe(from), "width", width, "height", height);
    }

    static String audioConverted(String name, StreamFacts from) {
        return t("conversion.audioConverted", "name", capitalized(name), "from", describe(from),
                "seconds", number(from.seconds()));
    }

    static String recompressed(String name, long fromBytes, long toBytes) {
        return t("conversion.recompressed", "name", capitalized(name), "from", decimal(fromBytes / MB),
                "to", decimal(toBytes / MB), "max", whole(MAX_BODY_BYTES / MB));
    }

    /** {@code kind}: the media tag the input was read as. */
    static String unreadable(String name, String kind) {
        return t("conversion.unreadable." + kind, "name", name);
    }

    /**
     * A HEIC/HEIF photo whose primary image is neither one HEVC picture nor a grid of them, or is damaged: the HEIF
     * features phones use are read, the rest is refused.
     */
    static String heifUnreadable(String name) {
        return t("conversion.heifUnreadable", "name", capitalized(name));
    }

    static String noSound(String name) {
        return t("conversion.noSound", "name", capitalized(name));
    }

    /** Trimming is left to the user on purpose: which 15 seconds matter is the user's choice. */
    static String tooLong(String name, String kind, double seconds) {
        return t("conversion.tooLong." + kind, "name", capitalized(name), "seconds", number(seconds),
                "max", MAX_CLIP_SECONDS);
    }

    static String tooShort(String name, String kind, double seconds) {
        return t("conversion.tooShort." + kind, "name", capitalized(name), "seconds", number(seconds),
                "min", MIN_CLIP_SECONDS);
    }

    /** Cropping is left to the user: only the user knows what of the picture matters. */
    static String aspect(String name, int width, int height) {
        return t("conversion.aspect", "name", capitalized(name), "width", width, "height", height,
                "ratio", hundredths((double) width / height),
                "min", decimal(MIN_ASPECT), "max", decimal(MAX_ASPECT));
    }

    static String failed(String name) {
        return t("conversion.failed", "name", name);
    }

    static String busy() {
        return t("conversion.busy");
    }

    static String bodyStillTooLarge(long bytes) {
        return t("conversion.bodyStillTooLarge", "size", decimal(bytes / MB), "max", whole(MAX_BODY_BYTES / MB));
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
        return container.isEmpty() || container.equals(codec) ? codec
                : t("conversion.codecIn", "codec", codec, "container", container);
    }

    /** Also part of ffmpeg filter arguments, so always with a point. */
    static String number(double value) {
        double rounded = Math.round(value * 10) / 10.0;
        return rounded == Math.rint(rounded) ? String.valueOf((long) rounded)
                : String.format(Locale.ROOT, "%.1f", rounded);
    }
}
