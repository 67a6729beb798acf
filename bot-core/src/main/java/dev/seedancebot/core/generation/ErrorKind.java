package dev.seedancebot.core.generation;

import dev.seedancebot.core.i18n.Texts;

/**
 * Every way a provider call can fail, as the engine and the users need to tell them apart. {@link #retryable()} says
 * whether the same call may be sent again later; {@link #userMessage()} is what a chat user reads.
 */
public enum ErrorKind {
    AUTHENTICATION(false, "providerError.authentication"),
    INSUFFICIENT_BALANCE(false, "providerError.insufficientBalance"),
    INVALID_REQUEST(false, "providerError.invalidRequest"),
    /** HTTP 413: the gateway's request-body limit (new-api's default is 32 MB) was exceeded by the inputs sent. */
    REQUEST_TOO_LARGE(false, "providerError.requestTooLarge"),
    INPUT_MODERATION(false, "providerError.inputModeration"),
    OUTPUT_MODERATION(false, "providerError.outputModeration"),
    RATE_LIMITED(true, "providerError.rateLimited"),
    MODEL_UNAVAILABLE(true, "providerError.modelUnavailable"),
    SERVER_ERROR(true, "providerError.serverError"),
    NETWORK(true, "providerError.network"),
    TASK_NOT_FOUND(false, "providerError.taskNotFound"),
    ASSET_NOT_READY(true, "providerError.assetNotReady"),
    ASSET_FAILED(false, "providerError.assetFailed"),
    PROVIDER_TIMEOUT(false, "providerError.providerTimeout"),
    /** A create call whose answer never came: the task may or may not exist, so it must not be sent again. */
    OUTCOME_UNKNOWN(false, "providerError.outcomeUnknown"),
    RESULT_EXPIRED(false, "providerError.resultExpired"),
    RESULT_TOO_LARGE(false, "providerError.resultTooLarge"),
    UNKNOWN(false, "providerError.unknown");

    private final boolean retryable;
    private final String textKey;

    ErrorKind(boolean retryable, String textKey) {
        this.retryable = retryable;
        this.textKey = textKey;
    }

    public boolean retryable() {
        return retryable;
    }

    /** What a chat user reads, in the language of the current {@link Texts} scope. */
    public String userMessage() {
        return Texts.t(textKey);
    }
}
