package dev.seedancebot.telegram;

import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.task.TaskView;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.send.SendVideo;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageMedia;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.media.InputMediaVideo;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboard;

/**
 * Sends and edits messages where the user asked: same chat, same forum topic, as a reply. A topic that Telegram says
 * does not exist (General, or a deleted topic) is dropped and the message sent to the chat itself.
 */
final class Outbox {
    /** Where a message goes; {@code threadId} and {@code replyTo} may be {@code null}. */
    record Target(long chatId, Integer threadId, Integer replyTo) {
        Target {
            // the General topic has id 1, but sending with it fails: General means "no thread"
            threadId = threadId != null && threadId == 1 ? null : threadId;
        }

        /** Where the task's answers go: its chat and topic, replying to the requester's command. */
        static Target of(TaskView task) {
            return new Target(Long.parseLong(task.chat().chatId()),
                    task.chat().threadId() == null ? null : Integer.valueOf(task.chat().threadId()),
                    task.chat().replyToMessageId() == null ? null : Integer.valueOf(task.chat().replyToMessageId()));
        }

        Target withoutThread() {
            return new Target(chatId, null, replyTo);
        }
    }

    private final BotApi api;

    Outbox(BotApi api) {
        this.api = api;
    }

    Message text(Target to, String text, ReplyKeyboard markup) {
        try {
            return api.call(SendMessage.builder()
                    .chatId(to.chatId())
                    .messageThreadId(to.threadId())
                    .replyParameters(reply(to))
                    .text(TelegramTexts.shorten(text, 4096))
                    .replyMarkup(markup)
                    .build());
        } catch (BotApiException e) {
            if (e.kind() == BotApiException.Kind.THREAD_NOT_FOUND && to.threadId() != null) {
                return text(to.withoutThread(), text, markup);
            }
            throw e;
        }
    }

    /** @param spoiler Telegram blurs the video until it is tapped ({@code has_spoiler}) */
    Message video(Target to, Delivery.Upload upload, String caption, InlineKeyboardMarkup markup, boolean spoiler) {
        Delivery.VideoFacts facts = upload.facts();
        try {
            return api.sendVideo(SendVideo.builder()
                    .chatId(to.chatId())
                    .messageThreadId(to.threadId())
                    .replyParameters(reply(to))
                    .video(new InputFile(upload.file().toFile(), upload.fileName()))
                    .width(facts == null ? null : facts.width())
                    .height(facts == null ? null : facts.height())
                    .duration(facts == null ? null : facts.durationSeconds())
                    .thumbnail(thumbnail(upload))
                    .supportsStreaming(true)
                    .hasSpoiler(spoiler ? Boolean.TRUE : null)
                    .caption(caption)
                    .replyMarkup(markup)
                    .build());
        } catch (BotApiException e) {
            if (e.kind() == BotApiException.Kind.THREAD_NOT_FOUND && to.threadId() != null) {
                return video(to.withoutThread(), upload, caption, markup, spoiler);
            }
            throw e;
        }
    }

    /** A picture (PNG bytes) with a caption of at most 1024 characters. */
    Message photo(Target to, byte[] png, String fileName, String caption) {
        try {
            return api.sendPhoto(SendPhoto.builder()
                    .chatId(to.chatId())
                    .messageThreadId(to.threadId())
                    .replyParameters(reply(to))
                    .photo(new InputFile(new java.io.ByteArrayInputStream(png), fileName))
                    .caption(TelegramTexts.shorten(caption, 1024))
                    .build());
        } catch (BotApiException e) {
            if (e.kind() == BotApiException.Kind.THREAD_NOT_FOUND && to.threadId() != null) {
                return photo(to.withoutThread(), png, fileName, caption);
            }
            throw e;
        }
    }

    /** Edits a message's text and buttons ({@code markup == null} removes them). */
    void edit(long chatId, int messageId, String text, InlineKeyboardMarkup markup) {
        api.call(EditMessageText.builder()
                .chatId(chatId)
                .messageId(messageId)
                .text(TelegramTexts.shorten(text, 4096))
                .replyMarkup(markup)
                .build());
    }

    /**
     * Turns a message the bot sent (a text message too) into this video, keeping its id, chat, topic and reply; the
     * file is uploaded as with sendVideo.
     */
    void editToVideo(long chatId, int messageId, Delivery.Upload upload, String caption,
            InlineKeyboardMarkup markup, boolean spoiler) {
        InputMediaVideo video = new InputMediaVideo(upload.file().toFile(), upload.fileName());
        Delivery.VideoFacts facts = upload.facts();
        if (facts != null) {
            video.setWidth(facts.width());
            video.setHeight(facts.height());
            video.setDuration(facts.durationSeconds());
        }
        video.setThumbnail(thumbnail(upload));
        video.setSupportsStreaming(true);
        video.setHasSpoiler(spoiler ? Boolean.TRUE : null);
        video.setCaption(caption);
        api.editMessageMedia(EditMessageMedia.builder()
                .chatId(chatId)
                .messageId(messageId)
                .media(video)
                .replyMarkup(markup)
                .build());
    }

    /**
     * Without a thumbnail Telegram shows a grey box until it has processed the video; the part name must differ from
     * the video's, since an edit's media refers to both by name ({@code attach://}).
     */
    private static InputFile thumbnail(Delivery.Upload upload) {
        return upload.thumbnail() == null ? null
                : new InputFile(upload.thumbnail().toFile(), "thumb-" + upload.fileName() + ".jpg");
    }

    private static ReplyParameters reply(Target to) {
        if (to.replyTo() == null) {
            return null;
        }
        // the user may have deleted their message meanwhile; the answer still belongs in the chat
        return ReplyParameters.builder().messageId(to.replyTo()).allowSendingWithoutReply(true).build();
    }
}
