package dev.seedancebot.discord;

import dev.seedancebot.core.engine.TaskState;
import dev.seedancebot.core.engine.TaskView;
import dev.seedancebot.core.engine.queue.QueueTexts;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.platform.UserTexts;
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
            case RECEIVED -> "⏳ Queued" + QueueTexts.spot(task.queueSpot());
            case SUBMITTING -> "📨 Sending to Seedance";
            case SUBMITTED -> "🎬 Generating" + (task.progressPercent() > 0 ? " (" + task.progressPercent() + " %)" : "");
            case SUCCEEDED, DELIVERING -> "📥 Finished, posting the video";
            case DELIVERED -> "✅ Done — the video is posted below";
            case FAILED, CANCELLED -> UserTexts.ending(task);
        };
        return limit(state + " · video `" + task.id() + "` · " + task.settingsLine() + " · " + task.cost()
                + " credits\n> " + quote(task.prompt()));
    }

    /** Cancel while the task can still be cancelled; nothing once it ended. */
    static List<ActionRow> progressButtons(TaskView task) {
        boolean cancellable = task.state() == TaskState.RECEIVED || task.state() == TaskState.SUBMITTING
                || task.state() == TaskState.SUBMITTED;
        return cancellable
                ? List.of(ActionRow.of(Button.danger(ButtonIds.of(ButtonIds.Action.CANCEL, task.id()), "Cancel")))
                : List.of();
    }

    static String delivered(TaskView task, Delivery delivery) {
        String head = "<@" + task.requester().userId() + "> your video `" + task.id() + "` is ready ("
                + task.mode().description() + ", " + task.settingsLine() + ")";
        String tail = "";
        if (delivery instanceof Delivery.Link link) {
            tail = "\nIt is " + AttachmentDownloader.mib(link.sizeBytes()) + ", more than the "
                    + AttachmentDownloader.mib(link.limitBytes()) + " Discord lets the bot upload here, so here is a"
                    + " link; it expires " + TimeFormat.RELATIVE.format(link.expiresAt()) + ":\n" + link.url();
        }
        return limitKeepingTail(head + "\n> ", quote(task.prompt()), tail);
    }

    static List<ActionRow> resultButtons(TaskView task) {
        return List.of(ActionRow.of(
                Button.secondary(ButtonIds.of(ButtonIds.Action.REROLL, task.id()), "Re-roll"),
                Button.secondary(ButtonIds.of(ButtonIds.Action.EXTEND, task.id()), "Extend"),
                Button.secondary(ButtonIds.of(ButtonIds.Action.DELETE, task.id()), "Delete"),
                Button.secondary(ButtonIds.of(ButtonIds.Action.REPORT, task.id()), "Report")));
    }

    static String notice(TaskView task, String text) {
        return limit("<@" + task.requester().userId() + "> " + text);
    }

    static String quote(String prompt) {
        String p = prompt == null || prompt.isBlank() ? "(no prompt)" : prompt.strip();
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
