package dev.seedancebot.core.community;

import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.request.AspectRatio;
import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.request.VideoOptions;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The single-valued settings a community's moderators set with {@code /videomod set <name> <value>}. Each parses and
 * formats its own value; the stored text is {@link #format}'s output. The two lists (channels, moderator roles) have
 * their own commands and are not listed here.
 */
public enum CommunitySetting {
    VIDEOS("videos", "on|off", "setting.videos"),
    DURATION("duration", "4-15", "setting.duration"),
    RESOLUTION("resolution", "480p|720p", "setting.resolution"),
    RATIO("ratio", "16:9|4:3|1:1|3:4|9:16|21:9|adaptive", "setting.ratio"),
    AUDIO("audio", "on|off", "setting.audio"),
    WATERMARK("watermark", "on|off", "setting.watermark"),
    MAX_DURATION("max-duration", "4-15", "setting.maxDuration"),
    MAX_RESOLUTION("max-resolution", "480p|720p", "setting.maxResolution"),
    ALLOW_AUDIO("allow-audio", "on|off", "setting.allowAudio"),
    ALLOW_WEB_SEARCH("allow-web-search", "on|off", "setting.allowWebSearch"),
    LANGUAGE("language", "en|es|pt-BR|ru|zh-CN", "setting.language");

    private final String key;
    private final String syntax;
    private final String descriptionKey;

    CommunitySetting(String key, String syntax, String descriptionKey) {
        this.key = key;
        this.syntax = syntax;
        this.descriptionKey = descriptionKey;
    }

    /** The name moderators type and the database stores. */
    public String key() {
        return key;
    }

    /** The accepted values, as shown in help texts. */
    public String syntax() {
        return syntax;
    }

    /** What the setting does, in the language of the current {@link Texts} scope. */
    public String description() {
        return Texts.t(descriptionKey);
    }

    public static Optional<CommunitySetting> of(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(s -> s.key.equals(n)).findFirst();
    }

    /** Every name, for "unknown setting" messages. */
    public static String names() {
        return Arrays.stream(values()).map(CommunitySetting::key).collect(Collectors.joining(", "));
    }

    /**
     * The typed value of {@code text}: {@link Boolean}, {@link Integer}, {@link Resolution} or {@link AspectRatio}.
     *
     * @throws IllegalArgumentException with a message for people that names the accepted values
     */
    public Object parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (this) {
            case VIDEOS, AUDIO, WATERMARK, ALLOW_AUDIO, ALLOW_WEB_SEARCH -> switch (t) {
                case "on", "yes", "true", "allow", "allowed" -> Boolean.TRUE;
                case "off", "no", "false", "deny", "denied" -> Boolean.FALSE;
                // the words /videomod settings shows in the reader's language
                default -> t.equals(onOff(true).toLowerCase(Locale.ROOT)) ? Boolean.TRUE
                        : t.equals(onOff(false).toLowerCase(Locale.ROOT)) ? Boolean.FALSE : throwBad(text);
            };
            case DURATION, MAX_DURATION -> {
                try {
                    int seconds = Integer.parseInt(t.endsWith("s") ? t.substring(0, t.length() - 1) : t);
                    if (seconds < VideoOptions.MIN_DURATION || seconds > VideoOptions.MAX_DURATION) {
                        throw bad(text);
                    }
                    yield seconds;
                } catch (NumberFormatException e) {
                    throw bad(text);
                }
            }
            case RESOLUTION, MAX_RESOLUTION -> Resolution.parse(t).orElseThrow(() -> bad(text));
            case RATIO -> AspectRatio.parse(t).orElseThrow(() -> bad(text));
            case LANGUAGE -> Languages.match(t).orElseThrow(() -> bad(text));
        };
    }

    /** On or off, in the language of the current {@link Texts} scope. */
    public static String onOff(boolean on) {
        return Texts.t(on ? "mod.settings.on" : "mod.settings.off");
    }

    /** A stored value ({@link #format}'s output) as shown to moderators: on and off in their language. */
    public String shown(String stored) {
        return !"on|off".equals(syntax) ? stored : onOff("on".equals(stored));
    }

    /** The text form of a value {@link #parse} returned, as stored: on and off in English. */
    public String format(Object value) {
        if (value instanceof Boolean b) {
            return b ? "on" : "off";
        }
        if (value instanceof Integer seconds) {
            return seconds + "s";
        }
        if (value instanceof Resolution r) {
            return r.wireName();
        }
        if (value instanceof AspectRatio r) {
            return r.wireName();
        }
        if (value instanceof Locale language) {
            return Languages.tag(language);
        }
        throw new IllegalArgumentException(key + " has no value of type " + value.getClass().getSimpleName());
    }

    private Boolean throwBad(String text) {
        throw bad(text);
    }

    /** Its message is for moderators: it says which values the setting takes. */
    private IllegalArgumentException bad(String text) {
        return new IllegalArgumentException(Texts.t("setting.badValue", "key", key,
                "choices", syntax.replace("|", ", "), "value", text));
    }
}
