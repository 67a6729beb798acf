package dev.seedancebot.testkit.telegram;

/**
 * A video the bot uploaded, by sendVideo or by editMessageMedia with an {@code InputMediaVideo}, with the fields
 * Telegram uses to show a player before the file is processed.
 *
 * @param method {@code "sendVideo"} or {@code "editMessageMedia"}
 * @param video the uploaded file (its name and content type as sent)
 * @param width as sent, or {@code null}
 * @param height as sent, or {@code null}
 * @param duration in seconds as sent, or {@code null}
 * @param supportsStreaming as sent ({@code false} when absent)
 * @param thumbnail the uploaded thumbnail, or {@code null}
 * @param hasSpoiler as sent ({@code false} when absent): the client blurs the video until it is tapped
 */
public record PostedVideo(
        String method,
        long chatId,
        int messageId,
        UploadedFile video,
        Integer width,
        Integer height,
        Integer duration,
        boolean supportsStreaming,
        UploadedFile thumbnail,
        boolean hasSpoiler) {}
