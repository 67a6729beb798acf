package dev.seedancebot.core.generation;

/**
 * Every way a provider call can fail, as the engine and the users need to tell them apart. {@link #retryable()} says
 * whether the same call may be sent again later; {@link #userMessage()} is what a chat user reads.
 */
public enum ErrorKind {
    AUTHENTICATION(false, "The bot's Seedance API key was refused. An operator needs to fix the key."),
    INSUFFICIENT_BALANCE(false, "The bot's Seedance account is out of balance. An operator needs to top it up."),
    INVALID_REQUEST(false, "Seedance rejected the request as invalid; please change the prompt or"
            + " settings and try again."),
    /** HTTP 413: the gateway's request-body limit (new-api's default is 32 MB) was exceeded by the inputs sent. */
    REQUEST_TOO_LARGE(false, "The request with its attached files is larger than Seedance accepts (about 32 MB in"
            + " all). Please send smaller or fewer reference files."),
    INPUT_MODERATION(false, "Seedance's safety check rejected the prompt or one of the inputs;"
            + " please rephrase it or use other files."),
    OUTPUT_MODERATION(false, "Seedance's safety check rejected the generated video; please"
            + " rephrase the prompt and try again."),
    RATE_LIMITED(true, "Seedance is busy right now; please try again in a minute."),
    MODEL_UNAVAILABLE(true, "The Seedance model is not available right now; please try again later."),
    SERVER_ERROR(true, "Seedance had a server error; please try again later."),
    NETWORK(true, "Seedance could not be reached; please try again later."),
    TASK_NOT_FOUND(false, "Seedance no longer knows this task."),
    ASSET_NOT_READY(true, "An uploaded input is still being processed by Seedance."),
    ASSET_FAILED(false, "Seedance could not process one of the uploaded inputs."),
    PROVIDER_TIMEOUT(false, "Seedance gave up on this task because it took too long."),
    /** A create call whose answer never came: the task may or may not exist, so it must not be sent again. */
    OUTCOME_UNKNOWN(false, "Seedance did not confirm the request in time."),
    RESULT_EXPIRED(false, "The finished video's download link had expired."),
    RESULT_TOO_LARGE(false, "The finished video is larger than this bot accepts."),
    UNKNOWN(false, "Seedance reported an unexpected error; please try again later.");

    private final boolean retryable;
    private final String userMessage;

    ErrorKind(boolean retryable, String userMessage) {
        this.retryable = retryable;
        this.userMessage = userMessage;
    }

    public boolean retryable() {
        return retryable;
    }

    public String userMessage() {
        return userMessage;
    }
}
