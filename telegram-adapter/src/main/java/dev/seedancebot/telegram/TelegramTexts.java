package dev.seedancebot.telegram;

import static dev.seedancebot.core.i18n.Texts.t;
import static dev.seedancebot.core.i18n.Texts.tn;

import dev.seedancebot.core.engine.queue.QueueTexts;
import dev.seedancebot.core.history.HistoryTexts;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.platform.UserTexts;
import dev.seedancebot.core.ports.in.TaskHistory;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

/**
 * What the bot writes and the buttons it attaches. Button data carries the task id ({@code c:t7k2m9q}), so buttons
 * keep working after a restart; the extend prompt carries it in its text for the same reason.
 */
final class TelegramTexts {
    static final String CANCEL = "c:";
    static final String REROLL = "r:";
    static final String EXTEND = "x:";
    /** {@code h:<page>:<owner's user id>}: a page of someone's /history (at most 27 of Telegram's 64 bytes). */
    static final String HISTORY = "h:";
    /** {@code f:<taskId>}: a kept video again, from /history. */
    static final String FILE = "f:";
    /** {@code del:<taskId>}: Delete under a posted video. */
    static final String DELETE = "del:";
    /** {@code rep:<taskId>}: Report under a posted video. */
    static final String REPORT = "rep:";
    /**
     * The extend prompt starts with the task id after a fixed mark, in every language, so that a reply to it is
     * understood whatever language it was written in; prompts from before had the English form.
     */
    private static final Pattern EXTEND_PROMPT = Pattern.compile("^(?:➕ |Extend video )(t[a-z0-9]+)[: ]");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final int PROMPT_SHOWN = 200;
    /** Telegram's caption limit. */
    private static final int MAX_CAPTION = 1024;

    private TelegramTexts() {}

    static String fileNotSent() {
        return t("telegram.fileNotSent");
    }

    static String progress(TaskView task) {
        String head = t("telegram.progress.head", "taskId", task.id(), "mode", task.mode().description(),
                "settings", HistoryTexts.settingsLine(task), "credits", tn("unit.credits", task.cost()));
        String state = switch (task.state()) {
            case RECEIVED, SUBMITTING -> t("progress.queued") + QueueTexts.spot(task.queueSpot());
            case SUBMITTED -> t("telegram.progress.generating", "percent", task.progressPercent());
            case SUCCEEDED, DELIVERING -> t("telegram.progress.posting");
            case DELIVERED, FAILED, CANCELLED -> UserTexts.ending(task);
        };
        return head + "\n" + shorten(task.prompt(), PROMPT_SHOWN) + "\n" + state;
    }

    static String accepted(TaskView task, long remainingToday) {
        return progress(task) + "\n" + (remainingToday == Long.MAX_VALUE ? t("telegram.noDailyLimit")
                : t("telegram.leftToday", "credits", tn("unit.credits", remainingToday)));
    }

    static String caption(TaskView task) {
        return shorten(shorten(task.prompt(), PROMPT_SHOWN) + "\n" + HistoryTexts.settingsLine(task) + " · " + task.id(),
                MAX_CAPTION);
    }

    static String link(TaskView task, Delivery.Link link) {
        return caption(task) + "\n\n" + t("telegram.link", "size", megabytes(link.sizeBytes()),
                "limit", megabytes(link.limitBytes()), "until", UTC.format(link.expiresAt())) + "\n" + link.url();
    }

    static String extendPrompt(String taskId) {
        return "➕ " + taskId + ": " + t("telegram.extendPrompt");
    }

    /** The task id of an extend prompt the user replied to. */
    static Optional<String> extendTaskOf(String botText) {
        if (botText == null) {
            return Optional.empty();
        }
        Matcher m = EXTEND_PROMPT.matcher(botText);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The Cancel button while a task runs; none once it can no longer be cancelled. */
    static InlineKeyboardMarkup progressKeyboard(TaskView task) {
        boolean cancellable = task.state() == TaskState.RECEIVED || task.state() == TaskState.SUBMITTING
                || task.state() == TaskState.SUBMITTED;
        return cancellable ? keyboard(button(t("button.cancel"), CANCEL + task.id())) : null;
    }

    static InlineKeyboardMarkup resultKeyboard(String taskId) {
        return new InlineKeyboardMarkup(List.of(
                new InlineKeyboardRow(button(t("button.reroll"), REROLL + taskId), button(t("button.extend"), EXTEND + taskId)),
                new InlineKeyboardRow(button("🗑 " + t("button.delete"), DELETE + taskId),
                        button("🚩 " + t("button.report"), REPORT + taskId))));
    }

    /**
     * The buttons of a /history page: per video Run again (the result's Re-roll data, so it is checked and charged
     * the same) and, while its file is kept, Extend and File; then Newer and Older, bound to the list's owner.
     */
    static InlineKeyboardMarkup historyKeyboard(TaskHistory.Page page) {
        List<InlineKeyboardRow> rows = new ArrayList<>();
        for (int i = 0; i < page.entries().size(); i++) {
            TaskHistory.Entry e = page.entries().get(i);
            int n = HistoryTexts.number(page.page(), i);
            InlineKeyboardRow row = new InlineKeyboardRow(button("🔁 " + n, REROLL + e.task().id()));
            if (e.fileKept()) {
                row.add(button("➕ " + n, EXTEND + e.task().id()));
                row.add(button("📥 " + n, FILE + e.task().id()));
            }
            rows.add(row);
        }
        InlineKeyboardRow pages = new InlineKeyboardRow();
        if (page.hasPrevious()) {
            pages.add(button("◀ " + t("button.newer"), HISTORY + (page.page() - 1) + ":" + page.owner().userId()));
        }
        if (page.hasNext()) {
            pages.add(button(t("button.older") + " ▶", HISTORY + (page.page() + 1) + ":" + page.owner().userId()));
        }
        if (!pages.isEmpty()) {
            rows.add(pages);
        }
        return rows.isEmpty() ? null : new InlineKeyboardMarkup(rows);
    }

    private static InlineKeyboardMarkup keyboard(InlineKeyboardButton... buttons) {
        return new InlineKeyboardMarkup(List.of(new InlineKeyboardRow(buttons)));
    }

    private static InlineKeyboardButton button(String text, String data) {
        return InlineKeyboardButton.builder().text(text).callbackData(data).build();
    }

    static String megabytes(long bytes) {
        return Math.round(bytes / 1_000_000.0) + " MB";
    }

    static String shorten(String text, int max) {
        String t = text == null ? "" : text;
        return t.length() <= max ? t : t.substring(0, max - 1) + "…";
    }
}
