package dev.seedancebot.testkit.telegram;

/**
 * A message the bot sent, as it stands now (edits applied).
 *
 * @param threadId the {@code message_thread_id} it was sent with, or {@code null}
 * @param replyToMessageId the message it replies to, or {@code null}
 * @param kind {@code "text"}, {@code "video"} or {@code "document"}
 * @param text the text, or the caption of a video or document
 * @param replyMarkup the reply markup as JSON, or {@code null}
 * @param edits how often the text, markup or media was edited
 * @param fileSize bytes of the uploaded file; 0 for text
 */
public record BotMessage(
        long chatId,
        int messageId,
        Integer threadId,
        Integer replyToMessageId,
        String kind,
        String text,
        String replyMarkup,
        int edits,
        long fileSize) {

    BotMessage edited(String newText, String newMarkup) {
        return new BotMessage(chatId, messageId, threadId, replyToMessageId, kind, newText, newMarkup, edits + 1,
                fileSize);
    }

    BotMessage withMedia(String newKind, String caption, String newMarkup, long newFileSize) {
        return new BotMessage(chatId, messageId, threadId, replyToMessageId, newKind, caption, newMarkup, edits + 1,
                newFileSize);
    }
}
