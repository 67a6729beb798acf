package dev.seedancebot.app;

import dev.seedancebot.app.config.ConfigException;
import dev.seedancebot.app.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** Small formatting and parsing helpers shared by the terminal commands. */
final class CommandSupport {
    private CommandSupport() {}

    /** The key from {@code SEEDANCE_API_KEY} or the file {@code SEEDANCE_API_KEY_FILE} names; else {@code null}. */
    static String apiKey(Map<String, String> env) {
        String key = env.get("SEEDANCE_API_KEY");
        if (key != null && !key.isBlank()) {
            return key.strip();
        }
        String file = env.get("SEEDANCE_API_KEY_FILE");
        if (file == null || file.isBlank()) {
            return null;
        }
        try {
            String read = Files.readString(Path.of(file.strip()), StandardCharsets.UTF_8).strip();
            return read.isEmpty() ? null : read;
        } catch (IOException e) {
            throw new ConfigException("environment", "SEEDANCE_API_KEY_FILE=" + file + " cannot be read ("
                    + e.getMessage() + "); check the path and its permissions");
        }
    }

    /** Parses an option value such as {@code 5s}, {@code 250ms} or {@code 2h}. */
    static Duration duration(String text, String option) {
        Duration value = ConfigLoader.parseDuration(text);
        if (value == null) {
            throw new ConfigException("command line",
                    option + " " + text + " is not a duration; use e.g. 5s, 250ms, 2h");
        }
        return value;
    }

    /** {@code m:ss}, or {@code h:mm:ss} past an hour. */
    static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** A byte count for people: {@code 812 KB}, {@code 4.2 MB}. */
    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return Math.max(1, bytes / 1024) + " KB";
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
