package dev.seedancebot.telegram;

import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.task.TaskView;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;

/**
 * Posts a finished task's result by turning its progress message into it: the video with editMessageMedia, a link
 * with editMessageText, each with the Re-roll and Extend buttons. The progress message already replies to the
 * requester's command, in their chat and topic, so the result keeps that mention.
 *
 * <p>Why edit: the engine records a delivery only after {@link #deliver} returns, so a crash in between makes it
 * deliver again after the restart, and Telegram has no idempotency key: a second sendVideo is a second post. The
 * progress message's id is stored with the task ({@link TaskView#progressMessageId}), so the repeat edits the same
 * message, which replaces the video with itself. The stored id comes first for that reason: this process's own
 * record may name another message (a progress message posted anew whose id the engine did not get to store), and
 * editing that one would leave the stored one for the next process to turn into a second video.
 *
 * <p>Only a task without a progress message (never posted, or deleted) gets a new message; that one is then
 * remembered as the task's progress message, so that a retry in this process edits it instead of posting again (a
 * crash before the engine records it can still repeat that post).
 */
final class ResultDelivery {
    private final Outbox outbox;
    private final ProgressMessages progress;
    private final long uploadLimitBytes;

    ResultDelivery(Outbox outbox, ProgressMessages progress, long uploadLimitBytes) {
        this.outbox = outbox;
        this.progress = progress;
        this.uploadLimitBytes = uploadLimitBytes;
    }

    /** Delivers and returns the id of the message that shows the result. */
    int deliver(TaskView task, Delivery delivery) {
        if (delivery instanceof Delivery.Upload upload) {
            try {
                return video(task, upload);
            } catch (BotApiException e) {
                if (e.kind() != BotApiException.Kind.TOO_LARGE || task.resultUrl() == null) {
                    throw e;
                }
                // Telegram measured it differently than we did; the provider's link still works (the engine sets
                // finishedAt before any delivery; the link lives 24 h from then)
                return link(task, new Delivery.Link(task.resultUrl(), task.finishedAt().plus(Duration.ofHours(24)),
                        upload.sizeBytes(), uploadLimitBytes));
            }
        }
        return link(task, (Delivery.Link) delivery);
    }

    private int video(TaskView task, Delivery.Upload upload) {
        String caption = TelegramTexts.caption(task);
        InlineKeyboardMarkup keyboard = TelegramTexts.resultKeyboard(task.id());
        return editOrPost(task, caption,
                id -> outbox.editToVideo(chatOf(task), id, upload, caption, keyboard, task.options().spoiler()),
                () -> outbox.video(Outbox.Target.of(task), upload, caption, keyboard, task.options().spoiler())
                        .getMessageId());
    }

    private int link(TaskView task, Delivery.Link link) {
        String text = TelegramTexts.link(task, link);
        InlineKeyboardMarkup keyboard = TelegramTexts.resultKeyboard(task.id());
        return editOrPost(task, text,
                id -> outbox.edit(chatOf(task), id, text, keyboard),
                () -> outbox.text(Outbox.Target.of(task), text, keyboard).getMessageId());
    }

    /**
     * Edits the progress message into the result; posts a new message only when there is none to edit. "Message is
     * not modified" means an earlier attempt already made that edit.
     */
    private int editOrPost(TaskView task, String shown, IntConsumer edit, IntSupplier post) {
        for (int id : progressMessagesOf(task)) {
            try {
                edit.accept(id);
                return remembered(task, id, shown);
            } catch (BotApiException e) {
                if (e.kind() == BotApiException.Kind.NOT_MODIFIED) {
                    return remembered(task, id, shown);
                }
                if (e.kind() != BotApiException.Kind.CANT_EDIT) {
                    throw e;
                }
                // deleted (or no longer editable): try the next, else the result needs a message of its own
            }
        }
        return remembered(task, post.getAsInt(), shown);
    }

    /**
     * The stored progress message, then this process's own record when it differs: after a fallback post that names
     * the new message, while the stored id still names the deleted one until the engine records the delivery.
     */
    private Set<Integer> progressMessagesOf(TaskView task) {
        Set<Integer> ids = new LinkedHashSet<>();
        if (task.progressMessageId() != null) {
            ids.add(Integer.valueOf(task.progressMessageId()));
        }
        Integer known = progress.messageOf(chatOf(task), task.id());
        if (known != null) {
            ids.add(known);
        }
        return ids;
    }

    private int remembered(TaskView task, int messageId, String shown) {
        progress.remember(task.id(), messageId, shown);
        return messageId;
    }

    private static long chatOf(TaskView task) {
        return Long.parseLong(task.chat().chatId());
    }
}
