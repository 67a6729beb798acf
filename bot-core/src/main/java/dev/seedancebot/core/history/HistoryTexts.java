package dev.seedancebot.core.history;

import dev.seedancebot.core.engine.TaskView;
import dev.seedancebot.core.platform.UserTexts;
import dev.seedancebot.core.ports.in.TaskHistory;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** How {@code /history} reads on every platform: one short block per video, sized for a phone. */
public final class HistoryTexts {
    public static final String EMPTY = "You have no videos here yet. Send /video to make one.";
    public static final String NO_MORE = "There are no older videos.";
    public static final String SENDING_AGAIN = "Here is your video again.";
    private static final int PROMPT_SHOWN = 120;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private HistoryTexts() {}

    /** The whole page; entries are numbered as the buttons are. */
    public static String page(List<TaskHistory.Entry> entries, int page, java.time.Duration keepFiles) {
        if (entries.isEmpty()) {
            return page == 0 ? EMPTY : NO_MORE;
        }
        StringBuilder text = new StringBuilder("Your videos here, newest first (page ").append(page + 1).append("):");
        for (int i = 0; i < entries.size(); i++) {
            text.append("\n\n").append(number(page, i)).append(". ").append(entry(entries.get(i), keepFiles));
        }
        return text.toString();
    }

    public static String noLongerKept(String taskId, java.time.Duration keepFiles) {
        long days = keepFiles.toDays();
        String kept = days >= 1 ? days + (days == 1 ? " day" : " days")
                : Math.max(1, keepFiles.toHours()) + (keepFiles.toHours() <= 1 ? " hour" : " hours");
        return "The file of video " + taskId + " is no longer kept (files are kept " + kept
                + "); Run again makes it anew.";
    }

    public static String deleted(String taskId) {
        return "Video " + taskId + " was deleted, so its file is not sent again.";
    }

    public static String notDelivered(String taskId) {
        return "Video " + taskId + " has no file to send: only delivered videos have one.";
    }

    /** The number shown beside an entry and on its buttons: counts across pages. */
    public static int number(int page, int index) {
        return page * TaskHistory.PAGE_SIZE + index + 1;
    }

    private static String entry(TaskHistory.Entry entry, java.time.Duration keepFiles) {
        TaskView t = entry.task();
        String charge = switch (t.state()) {
            case FAILED -> UserTexts.NOT_CHARGED;
            case CANCELLED -> "cancelled";
            default -> t.cost() + (t.cost() == 1 ? " credit" : " credits");
        };
        StringBuilder line = new StringBuilder(state(t)).append(" · ").append(WHEN.format(t.createdAt()))
                .append(" · ").append(charge).append('\n').append(t.id()).append(" · ").append(t.settingsLine())
                .append('\n').append('“').append(shorten(t.prompt())).append('”');
        if (entry.deleted()) {
            line.append("\nDeleted");
        } else if (entry.fileKept() && t.finishedAt() != null) {
            line.append("\nFile kept until ").append(DAY.format(t.finishedAt().plus(keepFiles)));
        } else if (t.state() == dev.seedancebot.core.engine.TaskState.DELIVERED) {
            line.append("\nFile no longer kept");
        }
        return line.toString();
    }

    private static String state(TaskView t) {
        return switch (t.state()) {
            case RECEIVED, SUBMITTING -> "⏳ Queued";
            case SUBMITTED -> "🎬 Generating";
            case SUCCEEDED, DELIVERING -> "📤 Posting";
            case DELIVERED -> "✅ Delivered";
            case FAILED -> "❌ Failed";
            case CANCELLED -> "🚫 Cancelled";
        };
    }

    private static String shorten(String prompt) {
        String p = prompt == null || prompt.isBlank() ? "(no prompt)" : prompt.strip().replace('\n', ' ');
        return p.length() <= PROMPT_SHOWN ? p : p.substring(0, PROMPT_SHOWN - 1) + "…";
    }
}
