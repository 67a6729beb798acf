package dev.seedancebot.discord;

import static dev.seedancebot.core.i18n.Texts.t;
import static dev.seedancebot.core.i18n.Texts.tn;

import dev.seedancebot.core.engine.queue.QueueTexts;
import dev.seedancebot.core.history.HistoryTexts;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.platform.UserTexts;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import java.util.List;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.utils.TimeFormat;

/** What the bot writes about a task on Discord: progress lines, the result message and its buttons. */
final class TaskTexts {
    /** Discord's message length limit. */
    static final int MAX_CONTENT = 2000;

    private TaskTexts() {}

    static String progress(TaskView task) {
        String state = switch (task.state()) {
            case RECEIVED -> t("progress.queued") + QueueTexts.spot(task.queueSpot());
            case SUBMITTING -> t("progress.sending");
            case SUBMITTED -> task.progressPercent() > 0 ? t("progress.generatingPercent", "percent",
                    task.progressPercent()) : t("progress.generating");
            case SUCCEEDED, DELIVERING -> t("progress.posting");
            case DELIVERED -> t("discord.progress.done");
            case FAILED, CANCELLED -> UserTexts.ending(task);
        };
        return limit(t("discord.progress.line", "state", state, "taskId", task.id(),
                "settings", HistoryTexts.settingsLine(task), "credits", tn("unit.credits", task.cost()))
                + "\n> " + quote(task.prompt()));
    }

    /** Cancel while the task can still be cancelled; nothing once it ended. */
    static List<ActionRow> progressButtons(TaskView task) {
        boolean cancellable = task.state() == TaskState.RECEIVED || task.state() == TaskState.SUBMITTING
                || task.state() == TaskState.SUBMITTED;
        return cancellable
                ? List.of(ActionRow.of(Button.danger(ButtonIds.of(ButtonIds.Action.CANCEL, task.id()), t("button.cancel"))))
                : List.of();
    }

    static String delivered(TaskView task, Delivery delivery) {
        String head = t("discord.delivered", "user", "<@" + task.requester().userId() + ">", "taskId", task.id(),
                "mode", task.mode().description(), "settings", HistoryTexts.settingsLine(task));
        String tail = "";
        if (delivery instanceof Delivery.Link link) {
            tail = "\n" + t("discord.deliveredLink", "size", AttachmentDownloader.mib(link.sizeBytes()),
                    "limit", AttachmentDownloader.mib(link.limitBytes()),
                    "expires", TimeFormat.RELATIVE.format(link.expiresAt())) + "\n" + link.url();
        }
        return limitKeepingTail(head + "\n> ", quote(task.prompt()), tail);
    }

    static List<ActionRow> resultButtons(TaskView task) {
        return List.of(ActionRow.of(
                Button.secondary(ButtonIds.of(ButtonIds.Action.REROLL, task.id()), t("button.reroll")),
                Button.secondary(ButtonIds.of(ButtonIds.Action.EXTEND, task.id()), t("button.extend")),
                Button.secondary(ButtonIds.of(ButtonIds.Action.DELETE, task.id()), t("button.delete")),
                Button.secondary(ButtonIds.of(ButtonIds.Action.REPORT, task.id()), t("button.report"))));
    }

    static String notice(TaskView task, String text) {
        return limit("<@" + task.requester().userId() + "> " + text);
    }

    static String quote(String prompt) {
        String p = prompt == null || prompt.isBlank() ? t("history.noPrompt") : prompt.strip();
        return p.replace("\n", "\n> ");
    }

    static String limit(String text) {
        return text.length() <= MAX_CONTENT ? text : text.substring(0, MAX_CONTENT - 1) + "…";
    }

    /** Shortens the middle part so that the head and the tail (a link) always survive. */
    private static String limitKeepingTail(String head, String middle, String tail) {
        int room = MAX_CONTENT - head.length() - tail.length();
        String m = middle.length() <= room ? middle : middle.substring(0, Math.max(0, room - 1)) + "…";
        return head + m + tail;
    }
}
