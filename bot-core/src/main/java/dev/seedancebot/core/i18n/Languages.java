package dev.seedancebot.core.i18n;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages the bot ships bundles for, and how a platform's language tag maps onto one of them. Discord sends
 * tags like {@code es-ES}, {@code pt-BR}, {@code zh-CN}; Telegram sends IETF tags like {@code es}, {@code pt-br},
 * {@code zh-hans}. A tag we do not ship (Traditional Chinese, European Portuguese, French…) matches nothing, so the
 * resolution falls through to the community's default and then English, rather than to a near miss.
 */
public final class Languages {
    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final Locale SPANISH = new Locale("es");
    public static final Locale PORTUGUESE_BR = new Locale("pt", "BR");
    public static final Locale RUSSIAN = new Locale("ru");
    public static final Locale CHINESE_SIMPLIFIED = new Locale("zh", "CN");

    /** English first: it is the fallback and the bundle every other one is checked against. */
    public static final List<Locale> SHIPPED = List.of(ENGLISH, SPANISH, PORTUGUESE_BR, RUSSIAN, CHINESE_SIMPLIFIED);

    private Languages() {}

    /** The shipped language a platform tag asks for, if any; {@code null} and blank match nothing. */
    public static Optional<Locale> match(String tag) {
        if (tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        String t = tag.strip().replace('_', '-').toLowerCase(Locale.ROOT);
        String language = t.contains("-") ? t.substring(0, t.indexOf('-')) : t;
        String rest = t.contains("-") ? t.substring(t.indexOf('-') + 1) : "";
        return switch (language) {
            case "en" -> Optional.of(ENGLISH);
            case "es" -> Optional.of(SPANISH);
            // Brazilian Portuguese only: pt-PT speakers would notice, and Telegram's bare "pt" is mostly Brazil
            case "pt" -> rest.isEmpty() || rest.equals("br") ? Optional.of(PORTUGUESE_BR) : Optional.empty();
            case "ru" -> Optional.of(RUSSIAN);
            // Simplified only: zh-TW, zh-HK and zh-Hant readers get the fallback instead of the wrong script
            case "zh" -> rest.isEmpty() || rest.equals("cn") || rest.equals("hans") || rest.equals("sg")
                    || rest.startsWith("hans-") ? Optional.of(CHINESE_SIMPLIFIED) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** The tag stored and shown for a shipped language: {@code en}, {@code es}, {@code pt-BR}, {@code ru}, {@code zh-CN}. */
    public static String tag(Locale locale) {
        return locale.toLanguageTag();
    }

    /** "en, es, pt-BR, ru, zh-CN", for help and error texts. */
    public static String tags() {
        return String.join(", ", SHIPPED.stream().map(Languages::tag).toList());
    }

    /** A language's own name, as people pick it from a list ("Español", "Русский"). */
    public static String nativeName(Locale locale) {
        return Texts.of(locale).get("language.name");
    }
}
