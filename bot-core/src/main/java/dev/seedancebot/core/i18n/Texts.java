package dev.seedancebot.core.i18n;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user-facing texts of one language, from {@code i18n/messages*.properties} (UTF-8), keyed by meaning
 * ({@code refund.notCharged}). A text names its placeholders ({@code {taskId}}); a counted text has one key per
 * plural form ({@code quota.running.one}, {@code .few}, {@code .many}, {@code .other}) chosen by {@link PluralRules}.
 * A key a language lacks falls back to English, so a missing translation shows English, never a key.
 *
 * <p>The language of the text being written is carried in a scope ({@link #use}): the adapter opens it where an
 * interaction or update is handled, with the locale the core resolved for its actor, and the engine opens it with a
 * task's stored locale for whatever it tells that task's requester later. That keeps the language out of the
 * signatures of every policy, quota and validation method that words a refusal. Outside any scope texts are English
 * (the terminal, logs' operator texts).
 */
public final class Texts {
    private static final String BUNDLE = "i18n/messages";
    private static final Map<Locale, Texts> LOADED = new ConcurrentHashMap<>();
    private static final ThreadLocal<Texts> CURRENT = new ThreadLocal<>();

    private final Locale locale;
    private final Properties bundle;
    private final Texts fallback;

    private Texts(Locale locale, Properties bundle, Texts fallback) {
        this.locale = locale;
        this.bundle = bundle;
        this.fallback = fallback;
    }

    /** The texts of a shipped language; anything else gets English. */
    public static Texts of(Locale locale) {
        Locale shipped = locale != null && Languages.SHIPPED.contains(locale) ? locale : Languages.ENGLISH;
        // English first and apart: loading it inside another language's computeIfAbsent would update the map
        // recursively, which ConcurrentHashMap refuses ("Recursive update") when the two keys share a bin
        Texts english = LOADED.computeIfAbsent(Languages.ENGLISH, en -> new Texts(en, bundle(en), null));
        return shipped.equals(Languages.ENGLISH) ? english
                : LOADED.computeIfAbsent(shipped, language -> new Texts(language, bundle(language), english));
    }

    /**
     * One language's bundle alone, read as UTF-8, without the parent chain a {@code ResourceBundle} would add (for
     * the completeness test too): English is {@code messages.properties}, others {@code messages_es.properties}.
     */
    static Properties bundle(Locale locale) {
        String name = BUNDLE + (locale.equals(Languages.ENGLISH) ? "" : "_" + locale) + ".properties";
        try (InputStream in = Texts.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new MissingResourceException("no bundle " + name, BUNDLE, "");
            }
            Properties texts = new Properties();
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /** The texts of the current scope, English outside one. */
    public static Texts current() {
        Texts texts = CURRENT.get();
        return texts != null ? texts : of(Languages.ENGLISH);
    }

    /** {@code current().get(key, args)}. */
    public static String t(String key, Object... args) {
        return current().get(key, args);
    }

    /** {@code current().count(key, n, args)}. */
    public static String tn(String key, long n, Object... args) {
        return current().count(key, n, args);
    }

    /** Writes texts in {@code locale} on this thread until closed; scopes nest. */
    public static Scope use(Locale locale) {
        Texts previous = CURRENT.get();
        CURRENT.set(of(locale));
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** A language scope; closing it restores the one around it. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    public Locale locale() {
        return locale;
    }

    /**
     * The text of {@code key} with its placeholders filled.
     *
     * @param args placeholder names and values, alternating: {@code "taskId", id, "why", why}
     */
    public String get(String key, Object... args) {
        return fill(raw(key), args);
    }

    /** The form of {@code key} for {@code n} things, with {@code {count}} and the other placeholders filled. */
    public String count(String key, long n, Object... args) {
        String form = key + "." + PluralRules.category(locale, n);
        String pattern = has(form) ? raw(form) : raw(key + "." + PluralRules.OTHER);
        Object[] all = new Object[args.length + 2];
        all[0] = "count";
        all[1] = n;
        System.arraycopy(args, 0, all, 2, args.length);
        return fill(pattern, all);
    }

    /** Whether this language, or English behind it, has a text for {@code key}. */
    public boolean has(String key) {
        return bundle.containsKey(key) || fallback != null && fallback.has(key);
    }

    private String raw(String key) {
        if (bundle.containsKey(key)) {
            return bundle.getProperty(key);
        }
        if (fallback != null) {
            return fallback.raw(key);
        }
        throw new MissingResourceException("no text " + key, BUNDLE, key);
    }

    private static String fill(String pattern, Object[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("placeholder names and values come in pairs");
        }
        if (args.length == 0 || pattern.indexOf('{') < 0) {
            return pattern;
        }
        StringBuilder out = new StringBuilder(pattern.length() + 32);
        int i = 0;
        while (i < pattern.length()) {
            int open = pattern.indexOf('{', i);
            int close = open < 0 ? -1 : pattern.indexOf('}', open);
            if (close < 0) {
                out.append(pattern, i, pattern.length());
                break;
            }
            out.append(pattern, i, open);
            String name = pattern.substring(open + 1, close);
            Object value = value(name, args);
            out.append(value != null ? value : pattern.substring(open, close + 1));
            i = close + 1;
        }
        return out.toString();
    }

    private static Object value(String name, Object[] args) {
        for (int a = 0; a < args.length; a += 2) {
            if (Objects.equals(args[a], name)) {
                return String.valueOf(args[a + 1]);
            }
        }
        return null;
    }
}
