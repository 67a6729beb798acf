package dev.seedancebot.app.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts raw strings to typed values for the binders, adding one message per bad key instead of stopping at the
 * first. Secret values never appear in a message.
 */
final class ValueReader {
    private static final Set<String> SECRET_KEYS = Set.of(
            "seedance.api-key", "discord.token", "telegram.token", "telegram.webhook-secret", "storage.password");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|kb|kib|mb|mib|gb|gib)");

    private final ConfigValues values;
    private final List<String> problems;
    private final List<String> warnings = new ArrayList<>();

    ValueReader(ConfigValues values, List<String> problems) {
        this.values = values;
        this.problems = problems;
    }

    // ------------------------------------------------------------------ raw access and reporting

    String raw(String key) {
        return values.raw(key);
    }

    String origin(String key) {
        return values.origin(key);
    }

    /** Set by the file or the environment rather than left at the built-in default. */
    boolean isSet(String key) {
        return values.raw(key) != null && !values.origin(key).equals("defaults");
    }

    boolean wasReported(String key) {
        return values.wasReported(key);
    }

    /** A problem that is not about one bad value (two keys that disagree, a missing one). */
    void problem(String message) {
        problems.add(message);
    }

    /** A setting that works but is probably not what was meant. */
    void warning(String message) {
        warnings.add(message);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Reports {@code key}'s value as not valid, once per key: the first message names the real cause. */
    void bad(String key, String expectation) {
        if (values.wasReported(key)) {
            return;
        }
        values.reported(key);
        String shown = SECRET_KEYS.contains(key) ? "<hidden>" : "'" + values.raw(key) + "'";
        String where = values.origin(key).equals("defaults") ? "" : " (" + values.origin(key) + ")";
        problems.add(key + " = " + shown + where + " is not valid: " + expectation);
    }

    // ------------------------------------------------------------------ typed values

    String optionalText(String key) {
        return values.raw(key);
    }

    String text(String key, String example) {
        String value = values.raw(key);
        if (value == null) {
            bad(key, "a value is required, e.g. " + example);
            return example;
        }
        return value;
    }

    /** A secret given directly or as a file holding it, not both; {@code null} when neither is set. */
    String secret(String valueKey, String fileKey) {
        String value = values.raw(valueKey);
        String file = values.raw(fileKey);
        if (value != null && file != null) {
            problems.add(valueKey + " is set (" + values.origin(valueKey) + ") and so is " + fileKey + " ("
                    + values.origin(fileKey) + "); keep only one of them");
            return value;
        }
        if (file == null) {
            return value;
        }
        try {
            String read = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            if (read.isEmpty()) {
                bad(fileKey, "the file is empty; put the secret in it on one line");
                return null;
            }
            return read;
        } catch (IOException | RuntimeException e) {
            bad(fileKey, "the file cannot be read (" + e.getMessage() + "); check the path and that the bot's"
                    + " user may read it");
            return null;
        }
    }

    String httpUrl(String key, String example) {
        String value = text(key, example);
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return value;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        bad(key, "use an http(s) URL with a host, e.g. " + example);
        return example;
    }

    boolean bool(String key) {
        String raw = values.raw(key) == null ? "" : values.raw(key).strip().toLowerCase(Locale.ROOT);
        return switch (raw) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                bad(key, "use true or false");
                yield false;
            }
        };
    }

    /** Numeric ids (Discord snowflakes, Telegram user ids), as a YAML list or comma-separated. */
    List<String> ids(String key) {
        String raw = values.raw(key);
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (String part : raw.split(",")) {
            String id = part.strip();
            if (!id.matches("-?\\d{1,19}")) {
                bad(key, "use numeric ids, as a YAML list [123, 456] or comma-separated; '" + id + "' is not one"
                        + " (in Discord: Developer Mode, then right-click > Copy ID)");
                return List.of();
            }
            ids.add(id);
        }
        return ids;
    }

    Integer optionalInteger(String key, int min, int max, String hint) {
        if (values.raw(key) == null) {
            return null;
        }
        return integer(key, min, max, hint);
    }

    int integer(String key, int min, int max, String hint) {
        return (int) number(key, min, max, hint);
    }

    long number(String key, long min, long max, String hint) {
        String raw = values.raw(key);
        try {
            long value = Long.parseLong(raw == null ? "" : raw.strip().replace("_", ""));
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        bad(key, "use a whole number from " + min + " to " + max + " (" + hint + ")");
        return min;
    }

    double decimal(String key, String hint) {
        String raw = values.raw(key);
        try {
            double value = Double.parseDouble(raw == null ? "" : raw.strip());
            if (value >= 0 && !Double.isInfinite(value) && !Double.isNaN(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        bad(key, "use a number of 0 or more (" + hint + ")");
        return 0;
    }

    Duration duration(String key, Duration min) {
        Duration value = parseDuration(values.raw(key));
        if (value == null) {
            bad(key, "use a number with a unit: ms, s, m, h or d (e.g. 30s, 5m, 24h)");
            return min;
        }
        if (value.compareTo(min) < 0) {
            bad(key, "use at least " + min.toString().substring(2).toLowerCase(Locale.ROOT));
            return min;
        }
        return value;
    }

    Duration duration(String key, Duration min, Duration max) {
        Duration value = duration(key, min);
        if (value.compareTo(max) > 0) {
            bad(key, "use at most " + max.toString().substring(2).toLowerCase(Locale.ROOT));
            return max;
        }
        return value;
    }

    long size(String key) {
        Long value = parseSize(values.raw(key));
        if (value == null || value < 1024 * 1024) {
            bad(key, "use a size of at least 1MB with a unit: B, KB, MB or GB (e.g. 500MB)");
            return 500L * 1024 * 1024;
        }
        return value;
    }

    <E extends Enum<E>> E choice(String key, Class<E> type) {
        String raw = values.raw(key);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(raw == null ? "" : raw.strip())) {
                return constant;
            }
        }
        List<String> names = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                .toList();
        bad(key, "use one of " + String.join(", ", names));
        return type.getEnumConstants()[0];
    }

    String logLevel(String key) {
        String raw = values.raw(key);
        String level = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
        if (List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR").contains(level)) {
            return level;
        }
        bad(key, "use one of TRACE, DEBUG, INFO, WARN, ERROR");
        return "INFO";
    }

    // ------------------------------------------------------------------ parsing

    /** Parses {@code 30s}, {@code 250ms}, {@code 5m}, {@code 24h}, {@code 2d}, or ISO-8601 {@code PT30S}; else null. */
    static Duration parseDuration(String raw) {
        if (raw == null) {
            return null;
        }
        String text = raw.strip().toLowerCase(Locale.ROOT);
        if (text.startsWith("p")) { // ISO-8601, e.g. PT30S
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeException e) {
                return null;
            }
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** {@code 500MB}, {@code 1GB}, {@code 0}...; else null. */
    static Long parseSize(String raw) {
        if (raw == null) {
            return null;
        }
        Matcher m = SIZE.matcher(raw.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "kb", "kib" -> 1024L;
            case "mb", "mib" -> 1024L * 1024;
            case "gb", "gib" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return n * unit;
    }
}
