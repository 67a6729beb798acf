package dev.seedancebot.app.logging;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in text: every registered secret, Telegram bot tokens in URL paths ({@code /bot123:abc/}) and bearer
 * credentials ({@code Bearer xyz}), whatever their source. Thread-safe; secrets are registered once, after the
 * configuration is loaded.
 */
public final class SecretMasker {
    /** What a masked secret is replaced with. */
    public static final String MASK = "***";

    private static final Pattern TELEGRAM_PATH = Pattern.compile("(/bot)\\d+:[A-Za-z0-9_-]+");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");
    /** Shorter values would mask ordinary words; real keys and tokens are far longer. */
    private static final int MIN_SECRET_LENGTH = 6;

    private final Set<String> secrets = new CopyOnWriteArraySet<>();

    public void register(List<String> values) {
        for (String value : values) {
            if (value != null && value.strip().length() >= MIN_SECRET_LENGTH) {
                secrets.add(value.strip());
            }
        }
    }

    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        out = TELEGRAM_PATH.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MASK));
        return BEARER.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    }
}
