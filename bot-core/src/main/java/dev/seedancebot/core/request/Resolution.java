package dev.seedancebot.core.request;

import java.util.Arrays;
import java.util.Optional;

/** Output resolutions of Seedance 2.0 Mini (no 1080p). */
public enum Resolution {
    P480("480p"),
    P720("720p");

    private final String wireName;

    Resolution(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Parses "480p", "480", "720p" or "720" (case-insensitive). */
    public static Optional<Resolution> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        String normalized = t.endsWith("p") ? t : t + "p";
        return Arrays.stream(values()).filter(r -> r.wireName.equals(normalized)).findFirst();
    }
}
