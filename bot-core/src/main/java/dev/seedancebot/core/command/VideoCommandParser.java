package dev.seedancebot.core.command;

import static dev.seedancebot.core.i18n.Texts.t;
import static dev.seedancebot.core.i18n.Texts.tn;

import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.request.AspectRatio;
import dev.seedancebot.core.request.Intent;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.MediaKind;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.MediaSource;
import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns the text after {@code /video} plus the message's attachments into a {@link VideoRequest}, or into one message
 * that says what to fix. Shared by every text platform and the terminal; the Discord adapter, whose options arrive
 * typed, calls {@link #build} directly.
 *
 * <p>Syntax: free prompt text with inline options anywhere, e.g. {@code a cat surfing --duration 8 --ratio 9:16
 * --no-audio}. Options are listed in {@link VideoOption}. Attachments are references by default (images, videos and
 * audio by kind); {@code --first-frame}, {@code --first-last}, {@code --edit} and {@code --extend} change their roles.
 * The engine's validator still checks counts, sizes and durations; this class only checks what the syntax implies.
 *
 * <p>Stateless and thread-safe.
 */
public final class VideoCommandParser {

    /**
     * One attachment of the message, already downloaded.
     *
     * @param label how the user knows it: the file name, or "photo 2"
     * @param file the local copy
     * @param kind what the adapter detected, or {@code null} when it is none of image, video or audio
     */
    public record Attachment(String label, Path file, MediaKind kind) {
        public Attachment {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("label may not be blank");
            }
            Objects.requireNonNull(file, "file");
        }
    }

    /** How attachments are used. */
    public enum Mode {
        /** Images, videos and audio as references (the default when there are attachments). */
        REFERENCE(null),
        FIRST_FRAME(VideoOption.FIRST_FRAME),
        FIRST_LAST(VideoOption.FIRST_LAST),
        EDIT(VideoOption.EDIT),
        EXTEND(VideoOption.EXTEND);

        private final VideoOption option;

        Mode(VideoOption option) {
            this.option = option;
        }

        static Mode of(VideoOption option) {
            return Arrays.stream(values()).filter(m -> m.option == option).findFirst().orElseThrow();
        }
    }

    /** The outcome of parsing: a request, or a message saying what to fix (nothing is charged). */
    public sealed interface Result permits Ok, Problem {}

    /** The outcome of {@link #parseText}: prompt, options and mode, or a message saying what to fix. */
    public sealed interface TextResult permits Parsed, Problem {}

    /** The prompt and settings from the text, before attachments are assigned roles. */
    public record Parsed(String prompt, VideoOptions options, Mode mode) implements TextResult {}

    public record Ok(VideoRequest request) implements Result {
        public Ok {
            Objects.requireNonNull(request, "request");
        }
    }

    public record Problem(String message) implements Result, TextResult {
        public Problem {
            Objects.requireNonNull(message, "message");
        }
    }


    /**
     * Parses text and attachments into a request.
     *
     * @param text everything after {@code /video} (may be empty or {@code null})
     * @param attachments in the order the user sent them
     * @param defaults the community's default options, which inline options override
     */
    public Result parse(
            String text, List<Attachment> attachments, VideoOptions defaults, UserKey requester, ChatRef chat) {
        TextResult parsed = parseText(text, defaults);
        if (parsed instanceof Parsed p) {
            return build(p.prompt(), p.mode(), p.options(), attachments, requester, chat);
        }
        return (Problem) parsed;
    }

    /**
     * Parses only the text: prompt, options and mode; used where the attachments are not known yet (to reject bad
     * options before downloading anything).
     */
    public TextResult parseText(String text, VideoOptions defaults) {
        Objects.requireNonNull(defaults, "defaults");
        List<String> words = text == null || text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
        VideoOptions options = defaults;
        Map<VideoOption, Boolean> modes = new EnumMap<>(VideoOption.class);
        List<String> promptWords = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = normalizeDashes(words.get(i));
            if (!isOptionLike(word)) {
                promptWords.add(words.get(i));
                continue;
            }
            String flag = word;
            String value = null;
            int eq = word.indexOf('=');
            if (eq > 0) {
                flag = word.substring(0, eq);
                value = word.substring(eq + 1);
            }
            Optional<VideoOption> found = VideoOption.byFlag(flag);
            if (found.isEmpty()) {
                return new Problem(t("parse.unknownOption", "option", flag, "options", VideoOption.allFlags()));
            }
            VideoOption option = found.get();
            if (option.takesValue() && value == null) {
                if (i + 1 >= words.size() || isOptionLike(normalizeDashes(words.get(i + 1)))) {
                    return new Problem(t("parse.needsValue", "option", option.flag(), "rule", valueRule(option)));
                }
                value = words.get(++i);
            } else if (!option.takesValue() && value != null) {
                return new Problem(t("parse.takesNoValue", "option", option.flag()));
            }
            if (option.isMode()) {
                modes.put(option, true);
                continue;
            }
            Object applied = apply(options, option, value);
            if (applied instanceof Problem problem) {
                return problem;
            }
            options = (VideoOptions) applied;
        }
        if (modes.size() > 1) {
            return new Problem(t("parse.oneMode", "options", modes.keySet().stream().map(VideoOption::flag)
                    .collect(Collectors.joining(", "))));
        }
        Mode mode = modes.isEmpty() ? Mode.REFERENCE : Mode.of(modes.keySet().iterator().next());
        return new Parsed(String.join(" ", promptWords), options, mode);
    }

    /**
     * Assigns roles to the attachments according to {@code mode} and builds the request.
     *
     * @param prompt the prompt, or for {@link Mode#EDIT} and {@link Mode#EXTEND} the instruction
     */
    public Result build(
            String prompt,
            Mode mode,
            VideoOptions options,
            List<Attachment> attachments,
            UserKey requester,
            ChatRef chat) {
        String text = prompt == null ? "" : prompt.strip();
        for (Attachment a : attachments) {
            if (a.kind() == null) {
                return new Problem(t("parse.notMedia", "input", a.label()));
            }
        }
        if (attachments.isEmpty()) {
            if (mode != Mode.REFERENCE) {
                return new Problem(t("parse.needsAttached", "option", mode.option.flag(), "needs", needs(mode)));
            }
            if (text.isEmpty()) {
                return new Problem(t("parse.describe", "example", t("parse.example")));
            }
            return new Ok(VideoRequest.text(text, options, requester, chat));
        }
        Map<MediaKind, Long> counts = attachments.stream()
                .collect(Collectors.groupingBy(Attachment::kind, () -> new EnumMap<>(MediaKind.class),
                        Collectors.counting()));
        return switch (mode) {
            case REFERENCE -> {
                List<MediaInput> media = attachments.stream()
                        .map(a -> input(referenceRole(a.kind()), a))
                        .toList();
                if (text.isEmpty()) {
                    yield new Problem(t("parse.describeAttachments"));
                }
                yield new Ok(new VideoRequest(text, media, options, Intent.GENERATE, requester, chat));
            }
            case FIRST_FRAME -> {
                if (!onlyImages(counts, 1)) {
                    yield wrongCount(mode, counts);
                }
                yield new Ok(new VideoRequest(text, List.of(input(MediaRole.FIRST_FRAME, attachments.get(0))),
                        options, Intent.GENERATE, requester, chat));
            }
            case FIRST_LAST -> {
                if (!onlyImages(counts, 2)) {
                    yield wrongCount(mode, counts);
                }
                yield new Ok(new VideoRequest(text,
                        List.of(input(MediaRole.FIRST_FRAME, attachments.get(0)),
                                input(MediaRole.LAST_FRAME, attachments.get(1))),
                        options, Intent.GENERATE, requester, chat));
            }
            case EDIT, EXTEND -> {
                if (attachments.size() != 1 || counts.getOrDefault(MediaKind.VIDEO, 0L) != 1) {
                    yield wrongCount(mode, counts);
                }
                if (text.isEmpty()) {
                    yield new Problem(t(mode == Mode.EDIT ? "parse.editInstruction" : "parse.extendInstruction"));
                }
                MediaInput video = input(MediaRole.REFERENCE_VIDEO, attachments.get(0));
                yield new Ok(mode == Mode.EDIT
                        ? VideoRequest.edit(video, text, options, requester, chat)
                        : VideoRequest.extend(video, text, options, requester, chat));
            }
        };
    }

    private static Object apply(VideoOptions options, VideoOption option, String value) {
        return switch (option) {
            case DURATION -> {
                String v = value.toLowerCase(Locale.ROOT);
                v = v.endsWith("s") ? v.substring(0, v.length() - 1) : v;
                int seconds;
                try {
                    seconds = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    yield new Problem(t("parse.badValue", "option", "--duration", "rule", valueRule(option), "value",
                            value));
                }
                if (seconds < VideoOptions.MIN_DURATION || seconds > VideoOptions.MAX_DURATION) {
                    yield new Problem(t("parse.badValue", "option", "--duration", "rule", valueRule(option), "value",
                            value));
                }
                yield options.withDuration(seconds);
            }
            case RATIO -> AspectRatio.parse(value)
                    .<Object>map(options::withRatio)
                    .orElseGet(() -> new Problem(t("parse.badValue", "option", "--ratio", "rule", valueRule(option),
                            "value", value)));
            case RESOLUTION -> Resolution.parse(value)
                    .<Object>map(options::withResolution)
                    .orElseGet(() -> new Problem(t("parse.badResolution", "rule", valueRule(option), "value", value)));
            case AUDIO -> options.withGenerateAudio(true);
            case NO_AUDIO -> options.withGenerateAudio(false);
            case WEB -> options.withWebSearch(true);
            case NO_WEB -> options.withWebSearch(false);
            case WATERMARK -> options.withWatermark(true);
            case NO_WATERMARK -> options.withWatermark(false);
            case SPOILER -> options.withSpoiler(true);
            case FIRST_FRAME, FIRST_LAST, EDIT, EXTEND -> throw new IllegalStateException("mode " + option);
        };
    }

    private static String valueRule(VideoOption option) {
        return switch (option) {
            case DURATION -> t("parse.durationRule", "min", VideoOptions.MIN_DURATION, "max", VideoOptions.MAX_DURATION);
            case RATIO -> Arrays.stream(AspectRatio.values()).map(AspectRatio::wireName)
                    .collect(Collectors.joining(", "));
            case RESOLUTION -> either(Arrays.stream(Resolution.values()).map(Resolution::wireName).toList());
            default -> option.valueHint();
        };
    }

    /** Phones turn "--" into an en or em dash; accept those as the option prefix. */
    private static String normalizeDashes(String word) {
        if (word.startsWith("—") || word.startsWith("–")) {
            return "--" + word.substring(1);
        }
        return word;
    }

    private static boolean isOptionLike(String word) {
        return word.length() > 2 && word.startsWith("--") && Character.isLetter(word.charAt(2));
    }

    private static MediaRole referenceRole(MediaKind kind) {
        return switch (kind) {
            case IMAGE -> MediaRole.REFERENCE_IMAGE;
            case VIDEO -> MediaRole.REFERENCE_VIDEO;
            case AUDIO -> MediaRole.REFERENCE_AUDIO;
        };
    }

    private static MediaInput input(MediaRole role, Attachment a) {
        return new MediaInput(role, new MediaSource.LocalFile(a.file()), a.label());
    }

    private static boolean onlyImages(Map<MediaKind, Long> counts, int n) {
        return counts.size() == 1 && counts.getOrDefault(MediaKind.IMAGE, 0L) == n;
    }

    /** "480p or 720p": all but the last joined by commas, the last by "or" in the reader's language. */
    private static String either(List<String> values) {
        return values.size() == 1 ? values.get(0)
                : t("parse.or", "first", String.join(", ", values.subList(0, values.size() - 1)),
                        "last", values.get(values.size() - 1));
    }

    private static String needs(Mode mode) {
        return switch (mode) {
            case FIRST_FRAME -> t("parse.needs.oneImage");
            case FIRST_LAST -> t("parse.needs.twoImages");
            case EDIT, EXTEND -> t("parse.needs.oneVideo");
            case REFERENCE -> t("parse.needs.media");
        };
    }

    private static String noun(MediaKind kind, long count) {
        return tn("parse.count." + kind.tag(), count);
    }

    private static Problem wrongCount(Mode mode, Map<MediaKind, Long> counts) {
        List<String> parts = counts.entrySet().stream().map(e -> noun(e.getKey(), e.getValue())).toList();
        String got = parts.size() == 1 ? parts.get(0)
                : t("parse.and", "first", String.join(", ", parts.subList(0, parts.size() - 1)),
                        "last", parts.get(parts.size() - 1));
        return new Problem(t("parse.wrongCount", "option", mode.option.flag(), "needs", needs(mode), "got", got));
    }
}
