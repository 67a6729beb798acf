package dev.seedancebot.core.history;

import static dev.seedancebot.core.i18n.Texts.t;
import static dev.seedancebot.core.i18n.Texts.tn;

import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.platform.UserTexts;
import dev.seedancebot.core.ports.in.TaskHistory;
import dev.seedancebot.core.task.TaskView;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** How {@code /history} reads on every platform: one short block per video, sized for a phone. */
public final class HistoryTexts {
    private static final int PROMPT_SHOWN = 120;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM")
            .withZone(ZoneOffset.UTC);

    private HistoryTexts() {}

    public static String empty() {
        return t("history.empty");
    }

    public static String noMore() {
        return t("history.noMore");
    }

    public static String sendingAgain() {
        return t("history.sendingAgain");
    }

    /** The whole page; entries are numbered as the buttons are. */
    public static String page(List<TaskHistory.Entry> entries, int page, java.time.Duration keepFiles) {
        if (entries.isEmpty()) {
            return page == 0 ? empty() : noMore();
        }
        StringBuilder text = new StringBuilder(t("history.title", "page", page + 1));
        for (int i = 0; i < entries.size(); i++) {
            text.append("\n\n").append(number(page, i)).append(". ").append(entry(entries.get(i), keepFiles));
        }
        return text.toString();
    }

    public static String noLongerKept(String taskId, java.time.Duration keepFiles) {
        long days = keepFiles.toDays();
        String kept = days >= 1 ? tn("unit.days", days) : tn("unit.hours", Math.max(1, keepFiles.toHours()));
        return t("history.noLongerKept", "taskId", taskId, "kept", kept);
    }

    public static String deleted(String taskId) {
        return t("history.deleted.noFile", "taskId", taskId);
    }

    public static String notDelivered(String taskId) {
        return t("history.notDelivered", "taskId", taskId);
    }

    /** The number shown beside an entry and on its buttons: counts across pages. */
    public static int number(int page, int index) {
        return page * TaskHistory.PAGE_SIZE + index + 1;
    }

    private static String entry(TaskHistory.Entry entry, java.time.Duration keepFiles) {
        TaskView t = entry.task();
        String charge = switch (t.state()) {
            case FAILED -> UserTexts.notCharged();
            case CANCELLED -> t("history.cancelled");
            default -> tn("unit.credits", t.cost());
        };
        StringBuilder line = new StringBuilder(state(t)).append(" · ").append(WHEN.withLocale(locale()).format(t.createdAt()))
                .append(" · ").append(charge).append('\n').append(t.id()).append(" · ").append(settingsLine(t))
                .append('\n').append('“').append(shorten(t.prompt())).append('”');
        if (entry.deleted()) {
            line.append('\n').append(t("history.deleted"));
        } else if (entry.fileKept() && t.finishedAt() != null) {
            line.append('\n').append(t("history.fileKeptUntil", "day",
                    DAY.withLocale(locale()).format(t.finishedAt().plus(keepFiles))));
        } else if (t.state() == dev.seedancebot.core.task.TaskState.DELIVERED) {
            line.append('\n').append(t("history.fileNoLongerKept"));
        }
        return line.toString();
    }

    private static String state(TaskView t) {
        return switch (t.state()) {
            case RECEIVED, SUBMITTING -> t("history.state.queued");
            case SUBMITTED -> t("history.state.generating");
            case SUCCEEDED, DELIVERING -> t("history.state.posting");
            case DELIVERED -> t("history.state.delivered");
            case FAILED -> t("history.state.failed");
            case CANCELLED -> t("history.state.cancelled");
        };
    }

    private static Locale locale() {
        return Texts.current().locale();
    }

    /** "8 s · 720p · 16:9 · audio", in the reader's language. */
    public static String settingsLine(TaskView task) {
        return task.settingsLine(t("settings.audio"), t("settings.silent"), t("settings.webSearch"),
                t("settings.watermark"));
    }

    private static String shorten(String prompt) {
        String p = prompt == null || prompt.isBlank() ? t("history.noPrompt") : prompt.strip().replace('\n', ' ');
        return p.length() <= PROMPT_SHOWN ? p : p.substring(0, PROMPT_SHOWN - 1) + "…";
    }
}
