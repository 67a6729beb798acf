package dev.seedancebot.core.command;

import dev.seedancebot.core.i18n.Texts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The inline options of {@code /video}, declared once for the parser and the help text. Options either take a value
 * ({@link #valueHint()} is non-empty) or are switches; {@link #isMode()} switches choose how attachments are used.
 */
public enum VideoOption {
    DURATION("--duration", "<4-15>", "option.duration"),
    RATIO("--ratio", "<16:9|4:3|1:1|3:4|9:16|21:9|adaptive>", "option.ratio"),
    RESOLUTION("--res", "<480p|720p>", "option.resolution"),
    AUDIO("--audio", "", "option.audio"),
    NO_AUDIO("--no-audio", "", "option.noAudio"),
    WEB("--web", "", "option.web"),
    NO_WEB("--no-web", "", "option.noWeb"),
    WATERMARK("--watermark", "", "option.watermark"),
    NO_WATERMARK("--no-watermark", "", "option.noWatermark"),
    SPOILER("--spoiler", "", "option.spoiler"),
    FIRST_FRAME("--first-frame", "", "option.firstFrame"),
    FIRST_LAST("--first-last", "", "option.firstLast"),
    EDIT("--edit", "", "option.edit"),
    EXTEND("--extend", "", "option.extend");

    private final String flag;
    private final String valueHint;
    private final String descriptionKey;

    VideoOption(String flag, String valueHint, String descriptionKey) {
        this.flag = flag;
        this.valueHint = valueHint;
        this.descriptionKey = descriptionKey;
    }

    /** The option as typed, e.g. {@code --duration}. */
    public String flag() {
        return flag;
    }

    /** What the value looks like, e.g. {@code <480p|720p>}; empty for switches. */
    public String valueHint() {
        return valueHint;
    }

    /** What the option does, in the language of the current {@link Texts} scope. */
    public String description() {
        return Texts.t(descriptionKey);
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
