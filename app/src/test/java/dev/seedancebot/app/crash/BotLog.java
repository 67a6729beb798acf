package dev.seedancebot.app.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log file of one bot process across all its starts: the child's stdout and stderr, with a marker line the rig
 * writes before each start and kill, so that failures can quote one start's lines and time its start-up.
 */
final class BotLog {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final Pattern START_MARKER = Pattern.compile("=== start #(\\d+) at (.{23}) ===");
    /** Log lines that mark the steps of a start, in order, and their names in {@link #startupPhases()}. */
    private static final Map<String, String> MILESTONES = new LinkedHashMap<>();

    static {
        MILESTONES.put("database ready at schema version", "database");
        MILESTONES.put("adapter started", "adapter");
        MILESTONES.put("operations endpoint on", "listening");
    }

    private final Path file;

    BotLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    void markStart(int start) {
        append("=== start #" + start + " at " + LocalDateTime.now().format(TIME) + " ===");
    }

    void append(String line) {
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * For every start, the time from launching the JVM to each start-up milestone in its log (database migrated,
     * adapter started, operations endpoint listening), read from the log's timestamps; a missing milestone means the
     * start was killed (or failed) before it.
     */
    List<String> startupPhases() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
        List<String> phases = new ArrayList<>();
        StringBuilder current = null;
        LocalDateTime launched = null;
        for (String line : lines) {
            Matcher marker = START_MARKER.matcher(line);
            if (marker.matches()) {
                if (current != null) {
                    phases.add(current.append(']').toString());
                }
                launched = LocalDateTime.parse(marker.group(2), TIME);
                current = new StringBuilder("#" + marker.group(1) + " [");
                continue;
            }
            if (current == null || line.length() < 23) {
                continue;
            }
            for (Map.Entry<String, String> milestone : MILESTONES.entrySet()) {
                if (line.contains(milestone.getKey())) {
                    try {
                        long ms = Duration.between(launched, LocalDateTime.parse(line.substring(0, 23), TIME))
                                .toMillis();
                        current.append(current.charAt(current.length() - 1) == '[' ? "" : ", ")
                                .append(milestone.getValue()).append(' ').append(ms).append(" ms");
                    } catch (DateTimeParseException ignored) {
                        // not a log line of the bot
                    }
                }
            }
        }
        if (current != null) {
            phases.add(current.append(']').toString());
        }
        return phases;
    }

    /** The last {@code max} lines of the log from the marker of start {@code start} on. */
    String since(int start, int max) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            int from = 0;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).startsWith("=== start #" + start + " ")) {
                    from = i;
                }
            }
            List<String> since = all.subList(from, all.size());
            String cut = since.size() > max ? "(" + (since.size() - max) + " lines left out)\n" : "";
            return cut + String.join("\n", since.subList(Math.max(0, since.size() - max), since.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The last {@code lines} lines, for failure messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Lines of every start that contain {@code text}. */
    List<String> lines(String text) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> l.contains(text)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
