package dev.seedancebot.testkit.telegram;

/**
 * A one-shot Bot API error, queued with {@link FakeTelegramBotApi#failNext} and answered to the next call of that
 * method instead of its normal result. The factories copy Telegram's real descriptions.
 *
 * @param retryAfter seconds, sent as {@code parameters.retry_after}; {@code null} for none
 */
public record TelegramFault(int errorCode, String description, Integer retryAfter) {

    /** 429 with {@code parameters.retry_after}. */
    public static TelegramFault tooManyRequests(int retryAfterSeconds) {
        return new TelegramFault(429, "Too Many Requests: retry after " + retryAfterSeconds, retryAfterSeconds);
    }

    public static TelegramFault threadNotFound() {
        return new TelegramFault(400, "Bad Request: message thread not found", null);
    }

    public static TelegramFault botBlocked() {
        return new TelegramFault(403, "Forbidden: bot was blocked by the user", null);
    }

    public static TelegramFault botKicked() {
        return new TelegramFault(403, "Forbidden: bot was kicked from the supergroup chat", null);
    }

    public static TelegramFault messageToEditNotFound() {
        return new TelegramFault(400, "Bad Request: message to edit not found", null);
    }

    public static TelegramFault messageCantBeEdited() {
        return new TelegramFault(400, "Bad Request: message can't be edited", null);
    }

    /** What Telegram's front answers to an upload over its size limit. */
    public static TelegramFault uploadTooLarge() {
        return new TelegramFault(413, "Request Entity Too Large", null);
    }

    public static TelegramFault of(int errorCode, String description) {
        return new TelegramFault(errorCode, description, null);
    }
}
