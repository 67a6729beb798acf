package dev.seedancebot.core.i18n;

import java.util.List;
import java.util.Locale;

/**
 * CLDR's cardinal plural rules for whole numbers, for exactly the shipped languages (CLDR 44,
 * {@code plurals.xml}). Only counts of things reach a text (videos, credits, days), so fractions are not handled.
 */
public final class PluralRules {
    public static final String ONE = "one";
    public static final String FEW = "few";
    public static final String MANY = "many";
    public static final String OTHER = "other";

    private PluralRules() {}

    /** The category of {@code n} in {@code locale}'s language. */
    public static String category(Locale locale, long n) {
        long i = Math.abs(n);
        return switch (locale.getLanguage()) {
            // Chinese has no plural forms
            case "zh" -> OTHER;
            // one: i = 1 and v = 0
            case "en" -> i == 1 ? ONE : OTHER;
            // one: n = 1; many: e = 0 and i != 0 and i % 1000000 = 0 ("1 millón de créditos")
            case "es" -> i == 1 ? ONE : i != 0 && i % 1_000_000 == 0 ? MANY : OTHER;
            // one: i = 0..1 (Brazilian "0 crédito"); many as Spanish
            case "pt" -> i <= 1 ? ONE : i % 1_000_000 == 0 ? MANY : OTHER;
            // one: i % 10 = 1 and i % 100 != 11; few: i % 10 = 2..4 and i % 100 != 12..14; many: the rest
            case "ru" -> i % 10 == 1 && i % 100 != 11 ? ONE
                    : i % 10 >= 2 && i % 10 <= 4 && (i % 100 < 12 || i % 100 > 14) ? FEW : MANY;
            default -> i == 1 ? ONE : OTHER;
        };
    }

    /**
     * The forms a bundle must give for a counted text. {@code many} in Spanish and Portuguese is optional: it
     * falls back to {@code other}, which reads right for "1000000 créditos" too.
     */
    public static List<String> required(Locale locale) {
        return switch (locale.getLanguage()) {
            case "zh" -> List.of(OTHER);
            case "ru" -> List.of(ONE, FEW, MANY);
            default -> List.of(ONE, OTHER);
        };
    }

    /** Every form a bundle may give for {@code locale}. */
    public static List<String> allowed(Locale locale) {
        return switch (locale.getLanguage()) {
            case "zh" -> List.of(OTHER);
            case "ru" -> List.of(ONE, FEW, MANY, OTHER);
            case "es", "pt" -> List.of(ONE, MANY, OTHER);
            default -> List.of(ONE, OTHER);
        };
    }
}
