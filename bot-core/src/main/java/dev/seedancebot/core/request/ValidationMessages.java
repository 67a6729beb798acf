package dev.seedancebot.core.request;

import static dev.seedancebot.core.i18n.Texts.t;
import static dev.seedancebot.core.i18n.Wording.capitalized;
import static dev.seedancebot.core.i18n.Wording.decimal;
import static dev.seedancebot.core.i18n.Wording.grouped;
import static dev.seedancebot.core.i18n.Wording.hundredths;
import static dev.seedancebot.core.i18n.Wording.whole;
import static dev.seedancebot.core.request.RequestValidator.MAX_ASPECT;
import static dev.seedancebot.core.request.RequestValidator.MAX_AUDIOS;
import static dev.seedancebot.core.request.RequestValidator.MAX_BODY_BYTES;
import static dev.seedancebot.core.request.RequestValidator.MAX_CLIP_SECONDS;
import static dev.seedancebot.core.request.RequestValidator.MAX_FPS;
import static dev.seedancebot.core.request.RequestValidator.MAX_IMAGES;
import static dev.seedancebot.core.request.RequestValidator.MAX_IMAGE_SIDE;
import static dev.seedancebot.core.request.RequestValidator.MAX_PIXELS;
import static dev.seedancebot.core.request.RequestValidator.MAX_PROMPT_CHARS;
import static dev.seedancebot.core.request.RequestValidator.MAX_VIDEOS;
import static dev.seedancebot.core.request.RequestValidator.MIN_ASPECT;
import static dev.seedancebot.core.request.RequestValidator.MIN_CLIP_SECONDS;
import static dev.seedancebot.core.request.RequestValidator.MIN_FPS;
import static dev.seedancebot.core.request.RequestValidator.MIN_IMAGE_SIDE;
import static dev.seedancebot.core.request.RequestValidator.MIN_PIXELS;
import static dev.seedancebot.core.request.RequestValidator.RECOMMENDED_HAN_CHARS;
import static dev.seedancebot.core.request.RequestValidator.RECOMMENDED_WORDS;

import dev.seedancebot.core.media.MediaFormat;
import java.util.List;
import java.util.Locale;

/**
 * Every user-visible text of request validation, from the bundles ({@code validation.*}, {@code media.*}), each
 * sentence one key. Inputs are named as "reference video 2 (clip.mp4)": the role, its number among inputs of that
 * role, and the label. A text that starts with an input's name gets it capitalized; translations keep it first.
 * Numbers are written in the current language's way ("20,000", "20.000", "20 000").
 */
final class ValidationMessages {

    private static final double MB = 1024 * 1024;

    private ValidationMessages() {}

    static String duration(int seconds) {
        return t("validation.duration", "seconds", seconds, "min", VideoOptions.MIN_DURATION,
                "max", VideoOptions.MAX_DURATION);
    }

    static String textNeedsPrompt() {
        return t("validation.textNeedsPrompt");
    }

    static String promptTooLong(int chars) {
        return t("validation.promptTooLong", "chars", grouped(chars), "max", grouped(MAX_PROMPT_CHARS),
                "words", grouped(RECOMMENDED_WORDS), "han", grouped(RECOMMENDED_HAN_CHARS));
    }

    static String promptManyWords(int words) {
        return t("validation.promptManyWords", "words", grouped(words), "max", grouped(RECOMMENDED_WORDS));
    }

    static String promptManyHanChars(int chars) {
        return t("validation.promptManyHanChars", "chars", grouped(chars), "max", grouped(RECOMMENDED_HAN_CHARS));
    }

    static String instructionNeeded(Intent intent) {
        return t(intent == Intent.EXTEND ? "validation.instructionNeeded.extend" : "validation.instructionNeeded.edit");
    }

    static String needsOneVideo(Intent intent, int videos) {
        return t(intent == Intent.EXTEND ? "validation.needsOneVideo.extend" : "validation.needsOneVideo.edit",
                "count", videos);
    }

    static String tooMany(MediaRole role, int count) {
        int max = switch (role.kind()) {
            case IMAGE -> MAX_IMAGES;
            case VIDEO -> MAX_VIDEOS;
            case AUDIO -> MAX_AUDIOS;
        };
        return t("validation.tooMany", "count", count, "roles", plural(role), "max", max, "extra", count - max);
    }

    static String tooManyFiles(int count) {
        return t("validation.tooManyFiles", "count", count, "max", RequestValidator.MAX_FILES);
    }

    static String moreThanOneFrame(MediaRole role, List<String> labels) {
        return t("validation.moreThanOneFrame", "count", labels.size(), "roles", plural(role),
                "labels", String.join(", ", labels));
    }

    static String lastFrameWithoutFirst(String name) {
        return t("validation.lastFrameWithoutFirst", "name", name);
    }

    static String framesMixedWithReferences() {
        return t("validation.framesMixedWithReferences");
    }

    static String audioAlone() {
        return t("validation.audioAlone");
    }

    static String webSearchWithMedia() {
        return t("validation.webSearchWithMedia");
    }

    static String remoteScheme(String name) {
        return t("validation.remoteScheme", "name", capitalized(name));
    }

    static String notFound(String name) {
        return t("validation.notFound", "name", capitalized(name));
    }

    static String empty(String name) {
        return t("validation.empty", "name", capitalized(name));
    }

    static String unrecognised(String name, MediaRole role) {
        return t("validation.unrecognised", "name", capitalized(name), "accepted", accepted(role));
    }

    static String damaged(String name, MediaFormat format) {
        return t("validation.damaged", "name", capitalized(name), "format", withArticle(format));
    }

    static String wrongKind(String name, MediaFormat format) {
        return t("validation.wrongKind", "name", capitalized(name), "format", withArticle(format),
                "kind", t("media.kindAs." + format.kind().name().toLowerCase(Locale.ROOT)));
    }

    static String formatNotAccepted(String name, MediaFormat format, MediaRole role) {
        return t("validation.formatNotAccepted", "name", capitalized(name), "format", withArticle(format),
                "target", role.kind() == MediaKind.IMAGE ? t("media.convertTo.image") : accepted(role));
    }

    static String tooLarge(String name, long bytes, MediaRole role, long limitBytes) {
        return t("validation.tooLarge", "name", capitalized(name), "size", decimal(bytes / MB),
                "files", t("media.files." + role.kind().tag()), "max", whole(limitBytes / MB));
    }

    static String imageSide(String name, int width, int height) {
        return t("validation.imageSide", "name", capitalized(name), "width", width, "height", height,
                "min", MIN_IMAGE_SIDE, "max", MAX_IMAGE_SIDE);
    }

    static String aspect(String name, int width, int height) {
        return t("validation.aspect", "name", capitalized(name), "width", width, "height", height,
                "ratio", hundredths((double) width / height),
                "min", decimal(MIN_ASPECT), "max", decimal(MAX_ASPECT));
    }

    static String clipDuration(String name, MediaKind kind, double seconds) {
        String key = (seconds < MIN_CLIP_SECONDS ? "validation.clipTooShort." : "validation.clipTooLong.")
                + (kind == MediaKind.AUDIO ? "audio" : "video");
        return t(key, "name", capitalized(name), "seconds", seconds(seconds), "min", MIN_CLIP_SECONDS,
                "max", MAX_CLIP_SECONDS);
    }

    static String totalDuration(MediaKind kind, double total, List<String> parts) {
        return t(kind == MediaKind.AUDIO ? "validation.totalDuration.audio" : "validation.totalDuration.video",
                "seconds", seconds(total), "parts", String.join(", ", parts), "max", MAX_CLIP_SECONDS);
    }

    static String durationPart(String label, double seconds) {
        return t("validation.durationPart", "label", label, "seconds", seconds(seconds));
    }

    static String pixels(String name, int width, int height) {
        return t("validation.pixels", "name", capitalized(name), "width", width, "height", height,
                "pixels", grouped((long) width * height), "min", grouped(MIN_PIXELS), "max", grouped(MAX_PIXELS));
    }

    static String fps(String name, double fps) {
        return t("validation.fps", "name", capitalized(name), "fps", seconds(fps), "min", MIN_FPS, "max", MAX_FPS);
    }

    static String bodyTooLarge(long estimatedBytes) {
        return t("validation.bodyTooLarge", "size", decimal(estimatedBytes / MB), "max", whole(MAX_BODY_BYTES / MB));
    }

    static String duplicate(String name, String firstName) {
        return t("validation.duplicate", "name", capitalized(name), "first", firstName);
    }

    /** "reference video 2 (clip.mp4)"; frames have no number, there is at most one of each. */
    static String inputName(MediaRole role, int number, String label) {
        return role.isFrame()
                ? t("validation.inputName.frame", "role", t("media.role." + role.wireName()), "label", label)
                : t("validation.inputName", "role", t("media.role." + role.wireName()), "number", number,
                        "label", label);
    }

    private static String plural(MediaRole role) {
        return t("media.roles." + role.wireName());
    }

    private static String accepted(MediaRole role) {
        return t("media.accepted." + role.kind().tag());
    }

    /** "a PNG image", "an MP4 video": the article belongs to the format's name in English, to nothing elsewhere. */
    private static String withArticle(MediaFormat format) {
        return t("media.formatKind." + format.kind().name().toLowerCase(Locale.ROOT),
                "format", t("media.format." + format.name()));
    }

    private static String seconds(double value) {
        double rounded = Math.round(value * 10) / 10.0;
        return rounded == Math.rint(rounded)
                ? String.valueOf((long) rounded)
                : String.format(Locale.ROOT, "%.1f", rounded);
    }
}
