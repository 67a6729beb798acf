package dev.seedancebot.core.moderation;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.i18n.Texts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an audit row says happened, kept neutral so that every reader sees it in their own language: a bundle key
 * ({@code audit.*}) and its arguments. An argument is a value as typed (a user, an amount, a label), except that one
 * whose name starts with {@link #WORD} holds a key of one of our words ("inherited", "daily limit"), worded when read
 * under the name without the mark; {@link #TARGET} names the key that words the row's target. Rows written before V15
 * have no key: their English text is {@link #stored} and shown as it is.
 *
 * @param key the bundle key; {@code null} for a stored text
 * @param args placeholder names and values; for a stored text, the text under {@link #STORED}
 */
public record AuditDetail(String key, Map<String, String> args) {
    static final String WORD = "@";
    static final String TARGET = WORD + "target";
    /** Present ("true") when the action changed nothing. */
    static final String UNCHANGED = "unchanged";
    private static final String STORED = "text";

    public AuditDetail {
        // a value may be null (an unknown label), as the English text it replaces could say "null"
        args = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(args, "args")));
    }

    /** The text of a row written before V15. */
    public static AuditDetail stored(String text) {
        return new AuditDetail(null, Map.of(STORED, text));
    }

    /** What happened, in the current language ({@link Texts#use}). */
    public String text() {
        if (key == null) {
            return args.get(STORED);
        }
        String text = t(key, placeholders());
        return args.containsKey(UNCHANGED) ? t("audit.unchanged", "detail", text) : text;
    }

    /** The row's target in the current language, or {@code stored} (the target column) when it names none. */
    public String target(String stored) {
        return key == null || !args.containsKey(TARGET) ? stored : t(args.get(TARGET), placeholders());
    }

    private Object[] placeholders() {
        List<Object> named = new ArrayList<>();
        args.forEach((name, value) -> {
            if (name.equals(TARGET)) {
                return;
            }
            boolean word = name.startsWith(WORD);
            named.add(word ? name.substring(WORD.length()) : name);
            named.add(word ? t(value) : value);
        });
        return named.toArray();
    }
}
