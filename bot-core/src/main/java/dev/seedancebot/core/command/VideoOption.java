package dev.seedancebot.core.command;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The inline options of {@code /video}, declared once for the parser and the help text. Options either take a value
 * ({@link #valueHint()} is non-empty) or are switches; {@link #isMode()} switches choose how attachments are used.
 */
public enum VideoOption {
    DURATION("--duration", "<4-15>", "length in whole seconds"),
    RATIO("--ratio", "<16:9|4:3|1:1|3:4|9:16|21:9|adaptive>", "aspect ratio"),
    RESOLUTION("--res", "<480p|720p>", "resolution"),
    AUDIO("--audio", "", "generate sound"),
    NO_AUDIO("--no-audio", "", "silent video"),
    WEB("--web", "", "let the model search the web (text only)"),
    NO_WEB("--no-web", "", "no web search"),
    WATERMARK("--watermark", "", "add the provider's watermark"),
    NO_WATERMARK("--no-watermark", "", "no watermark"),
    SPOILER("--spoiler", "", "post the video hidden as a spoiler until tapped"),
    FIRST_FRAME("--first-frame", "", "animate 1 image as the first frame"),
    FIRST_LAST("--first-last", "", "2 images: the first and the last frame"),
    EDIT("--edit", "", "edit 1 video following the prompt"),
    EXTEND("--extend", "", "continue 1 video following the prompt");

    private final String flag;
    private final String valueHint;
    private final String description;

    VideoOption(String flag, String valueHint, String description) {
        this.flag = flag;
        this.valueHint = valueHint;
        this.description = description;
    }

    /** The option as typed, e.g. {@code --duration}. */
    public String flag() {
        return flag;
    }

    /** What the value looks like, e.g. {@code <480p|720p>}; empty for switches. */
    public String valueHint() {
        return valueHint;
    }

    public String description() {
        return description;
    }

    public boolean takesValue() {
        return !valueHint.isEmpty();
    }

    /** A switch that decides the roles of the attachments. */
    public boolean isMode() {
        return this == FIRST_FRAME || this == FIRST_LAST || this == EDIT || this == EXTEND;
    }

    /** {@code --res <480p|720p>}: the option with its value hint, as in the help text. */
    public String usage() {
        return takesValue() ? flag + " " + valueHint : flag;
    }

    /** Finds an option by its flag, case-insensitively; {@code --resolution} is accepted for {@code --res}. */
    static Optional<VideoOption> byFlag(String flag) {
        String f = flag.toLowerCase(Locale.ROOT);
        if (f.equals("--resolution")) {
            return Optional.of(RESOLUTION);
        }
        return Arrays.stream(values()).filter(o -> o.flag.equals(f)).findFirst();
    }

    /** All flags, comma-separated, for "unknown option" messages. */
    static String allFlags() {
        return String.join(", ", Arrays.stream(values()).map(VideoOption::flag).toList());
    }
}
