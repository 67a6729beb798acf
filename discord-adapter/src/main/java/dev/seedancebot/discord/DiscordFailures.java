package dev.seedancebot.discord;

import dev.seedancebot.core.platform.PlatformException;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.exceptions.MissingAccessException;
import net.dv8tion.jda.api.requests.ErrorResponse;

/** Maps JDA failures to {@link PlatformException}: permanent where retrying cannot help. */
final class DiscordFailures {
    private DiscordFailures() {}

    /** Whether the failure says the bot lacks a permission in the channel (checked by JDA or answered by Discord). */
    static boolean isMissingPermission(Throwable e) {
        return e instanceof InsufficientPermissionException || e instanceof MissingAccessException
                || e instanceof ErrorResponseException r && (r.getErrorResponse() == ErrorResponse.MISSING_PERMISSIONS
                        || r.getErrorResponse() == ErrorResponse.MISSING_ACCESS);
    }

    static boolean isUploadTooLarge(Throwable e) {
        return e instanceof ErrorResponseException r && (r.getErrorResponse() == ErrorResponse.REQUEST_ENTITY_TOO_LARGE
                || r.getErrorResponse() == ErrorResponse.FILE_UPLOAD_MAX_SIZE_EXCEEDED);
    }

    static PlatformException map(String what, Throwable e) {
        if (isMissingPermission(e)) {
            return new PlatformException(what + ": the bot is missing a permission (" + e.getMessage() + ")", true, e);
        }
        if (e instanceof ErrorResponseException r) {
            // 4xx (unknown channel 10003, too large 40005, cannot DM 50007 ...) will not change on a retry; 429 never
            // gets here because JDA waits rate limits out itself
            return new PlatformException(what + ": Discord answered " + r.getErrorCode() + " " + r.getMeaning(),
                    !r.isServerError(), e);
        }
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return new PlatformException(what + ": " + e.getMessage(), true, e);
        }
        return new PlatformException(what + ": " + e, false, e);
    }
}
