package dev.seedancebot.core.request;

import static dev.seedancebot.core.request.RequestValidator.MAX_AUDIOS;
import static dev.seedancebot.core.request.RequestValidator.MAX_BODY_BYTES;
import static dev.seedancebot.core.request.RequestValidator.MAX_FPS;
import static dev.seedancebot.core.request.RequestValidator.MAX_IMAGES;
import static dev.seedancebot.core.request.RequestValidator.MAX_IMAGE_SIDE;
import static dev.seedancebot.core.request.RequestValidator.MAX_PIXELS;
import static dev.seedancebot.core.request.RequestValidator.MAX_PROMPT_CHARS;
import static dev.seedancebot.core.request.RequestValidator.MAX_ASPECT;
import static dev.seedancebot.core.request.RequestValidator.MAX_CLIP_SECONDS;
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
 * Every user-visible text of request validation, in one place so wording stays consistent and can be translated.
 * Inputs are named as "reference video 2 (clip.mp4)": the role, its number among inputs of that role, and the label.
 */
final class ValidationMessages {

    private static final double MB = 1024 * 1024;

    private ValidationMessages() {}

    static String duration(int seconds) {
        return format("A video can't be %d s long; choose a whole number of seconds from %d to %d.",
                seconds, VideoOptions.MIN_DURATION, VideoOptions.MAX_DURATION);
    }

    static String textNeedsPrompt() {
        return "Describe the video you want: text-to-video needs a prompt.";
    }

    static String promptTooLong(int chars) {
        return format("The prompt is %,d characters long; shorten it to at most %,d characters (Seedance works best"
                + " with up to %,d English words or %,d Chinese characters).",
                chars, MAX_PROMPT_CHARS, RECOMMENDED_WORDS, RECOMMENDED_HAN_CHARS);
    }

    static String promptManyWords(int words) {
        return format("The prompt has %,d words; Seedance works best with up to %,d, so consider shortening it.",
                words, RECOMMENDED_WORDS);
    }

    static String promptManyHanChars(int chars) {
        return format("The prompt has %,d Chinese characters; Seedance works best with up to %,d, so consider"
                + " shortening it.", chars, RECOMMENDED_HAN_CHARS);
    }

    static String instructionNeeded(Intent intent) {
        return intent == Intent.EXTEND
                ? "Say how the video should continue: a video extension needs an instruction."
                : "Say what to change in the video: a video edit needs an instruction.";
    }

    static String needsOneVideo(Intent intent, int videos) {
        return format("A %s needs exactly one video to work on; you attached %d.",
                intent == Intent.EXTEND ? "video extension" : "video edit", videos);
    }

    static String tooMany(MediaRole role, int count) {
        int max = switch (role.kind()) {
            case IMAGE -> MAX_IMAGES;
            case VIDEO -> MAX_VIDEOS;
            case AUDIO -> MAX_AUDIOS;
        };
        return format("You attached %d %s; Seedance takes at most %d, so remove %d.",
                count, plural(role), max, count - max);
    }

    static String tooManyFiles(int count) {
        return format("You attached %d files; Seedance takes at most %d in one request, so leave some out.", count,
                RequestValidator.MAX_FILES);
    }

    static String moreThanOneFrame(MediaRole role, List<String> labels) {
        return format("You attached %d %s (%s); Seedance takes only one, so keep one of them.",
                labels.size(), plural(role), String.join(", ", labels));
    }

    static String lastFrameWithoutFirst(String name) {
        return format("The %s needs a first frame too; add a first frame, or attach this image as the first frame.",
                name);
    }

    static String framesMixedWithReferences() {
        return "First and last frame images can't be combined with reference images, videos or audio; send only the"
                + " frames, or attach every image as a reference image.";
    }

    static String audioAlone() {
        return "Audio can't be used on its own; add at least one image or video, or remove the audio.";
    }

    static String webSearchWithMedia() {
        return "Web search only works for text-to-video; turn web search off or remove the attachments.";
    }

    static String remoteScheme(String name) {
        return format("%s must be an https:// or asset:// link.", capitalize(name));
    }

    static String notFound(String name) {
        return format("%s could not be opened; please attach it again.", capitalize(name));
    }

    static String empty(String name) {
        return format("%s is empty (0 bytes); please attach the file again.", capitalize(name));
    }

    static String unrecognised(String name, MediaRole role) {
        return format("%s is not a file Seedance can use; attach %s.", capitalize(name), accepted(role));
    }

    static String damaged(String name, MediaFormat format) {
        return format("%s looks like %s but is cut off or damaged; save or export it again and re-attach it.",
                capitalize(name), withArticle(format));
    }

    static String wrongKind(String name, MediaFormat format) {
        return format("%s is really %s; attach it as %s.", capitalize(name), withArticle(format),
                kindWithArticle(format.kind()));
    }

    static String formatNotAccepted(String name, MediaFormat format, MediaRole role) {
        return format("%s is %s, which Seedance doesn't accept; convert it to %s.",
                capitalize(name), withArticle(format), role.kind() == MediaKind.IMAGE ? "JPEG or PNG" : accepted(role));
    }

    static String tooLarge(String name, long bytes, MediaRole role, long limitBytes) {
        return format("%s is %.1f MB; Seedance accepts %s files up to %.0f MB, so compress or shorten it.",
                capitalize(name), bytes / MB, role.kind().tag(), limitBytes / MB);
    }

    static String imageSide(String name, int width, int height) {
        return format("%s is %d×%d px; each side must be %d–%d px, so resize it.",
                capitalize(name), width, height, MIN_IMAGE_SIDE, MAX_IMAGE_SIDE);
    }

    static String aspect(String name, int width, int height) {
        return format("%s is %d×%d (width:height %.2f); Seedance needs a ratio between %.1f and %.1f, so crop it.",
                capitalize(name), width, height, (double) width / height, MIN_ASPECT, MAX_ASPECT);
    }

    static String clipDuration(String name, MediaKind kind, double seconds) {
        return format("%s is %s s long; Seedance accepts %d–%d s per %s, so %s.",
                capitalize(name), seconds(seconds), MIN_CLIP_SECONDS, MAX_CLIP_SECONDS,
                kind == MediaKind.AUDIO ? "audio file" : kind.tag(),
                seconds < MIN_CLIP_SECONDS ? "use a longer clip" : "trim it");
    }

    static String totalDuration(MediaKind kind, double total, List<String> parts) {
        return format("Your %s add up to %s s (%s); Seedance accepts at most %d s in total, so trim or remove one.",
                kind == MediaKind.AUDIO ? "audio files" : "videos", seconds(total), String.join(", ", parts),
                MAX_CLIP_SECONDS);
    }

    static String durationPart(String label, double seconds) {
        return label + " " + seconds(seconds) + " s";
    }

    static String pixels(String name, int width, int height) {
        return format("%s is %d×%d (%,d pixels per frame); Seedance needs %,d–%,d pixels, e.g. 640×640 up to 1280×720,"
                + " so re-export it at a fitting size.",
                capitalize(name), width, height, (long) width * height, MIN_PIXELS, MAX_PIXELS);
    }

    static String fps(String name, double fps) {
        return format("%s runs at %s fps; Seedance needs %d–%d fps, so re-export it.",
                capitalize(name), seconds(fps), MIN_FPS, MAX_FPS);
    }

    static String bodyTooLarge(long estimatedBytes) {
        return format("Your images and audio together make a request of about %.1f MB; Seedance takes at most %.0f MB,"
                + " so send fewer or smaller files (videos don't count).", estimatedBytes / MB, MAX_BODY_BYTES / MB);
    }

    static String duplicate(String name, String firstName) {
        return format("%s is the same file as %s; attach each file once.", capitalize(name), firstName);
    }

    /** "reference video 2 (clip.mp4)"; frames have no number, there is at most one of each. */
    static String inputName(MediaRole role, int number, String label) {
        return role.isFrame()
                ? roleName(role) + " (" + label + ")"
                : roleName(role) + " " + number + " (" + label + ")";
    }

    private static String roleName(MediaRole role) {
        return role.wireName().replace('_', ' ');
    }

    private static String plural(MediaRole role) {
        return role == MediaRole.REFERENCE_AUDIO ? "reference audio files" : roleName(role) + "s";
    }

    private static String accepted(MediaRole role) {
        return switch (role.kind()) {
            case IMAGE -> "a JPEG, PNG, WebP, BMP, TIFF or GIF image";
            case VIDEO -> "an MP4 or MOV video";
            case AUDIO -> "a WAV or MP3 audio file";
        };
    }

    private static String withArticle(MediaFormat format) {
        String noun = switch (format.kind()) {
            case IMAGE -> "image";
            case VIDEO -> "video";
            case AUDIO -> "audio file";
            case UNKNOWN -> "file";
        };
        // Read as letters: "an MP4", "an HEIC", but "a PNG", "a JPEG".
        String article = switch (format) {
            case MP4, MP3, HEIF -> "an";
            default -> "a";
        };
        return article + " " + format.displayName() + " " + noun;
    }

    private static String kindWithArticle(MediaFormat.Kind kind) {
        return switch (kind) {
            case IMAGE -> "an image";
            case VIDEO -> "a video";
            case AUDIO -> "audio";
            case UNKNOWN -> "a file";
        };
    }

    private static String seconds(double value) {
        double rounded = Math.round(value * 10) / 10.0;
        return rounded == Math.rint(rounded)
                ? String.valueOf((long) rounded)
                : String.format(Locale.ROOT, "%.1f", rounded);
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String format(String template, Object... args) {
        return String.format(Locale.ROOT, template, args);
    }
}
