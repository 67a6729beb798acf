package dev.seedancebot.core.i18n;

/**
 * Values written into texts the way the current language writes them ("20,000", "20.000", "20 000"; "31.0",
 * "31,0"), and a name put first in a sentence.
 */
public final class Wording {
    private Wording() {}

    /** A whole number with the language's thousands separator. */
    public static String grouped(long value) {
        return String.format(Texts.current().locale(), "%,d", value);
    }

    /** One decimal place, with the language's decimal mark. */
    public static String decimal(double value) {
        return String.format(Texts.current().locale(), "%.1f", value);
    }

    /** Two decimal places, with the language's decimal mark (ratios). */
    public static String hundredths(double value) {
        return String.format(Texts.current().locale(), "%.2f", value);
    }

    /** Rounded to a whole number, without separators (limits in MB). */
    public static String whole(double value) {
        return String.format(Texts.current().locale(), "%.0f", value);
    }

    /** The text with its first letter upper case, for a name that opens a sentence; scripts without case keep it. */
    public static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
