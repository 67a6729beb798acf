package dev.seedancebot.core.seedance;

import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;

/** Turns provider answers and transport failures into {@link GenerationException}s with the right {@link ErrorKind}. */
final class ErrorMapper {
    private static final Pattern CONTENT_INDEX = Pattern.compile("content\\[(\\d+)]");

    private final Redactor redactor;
    private final Clock clock;

    ErrorMapper(Redactor redactor, Clock clock) {
        this.redactor = redactor;
        this.clock = clock;
    }

    GenerationException fromResponse(Endpoint endpoint, int status, Headers headers, ProviderError error) {
        ErrorKind kind = classify(endpoint, status, error);
        String text = error.message() != null
                ? error.message()
                : error.wellFormed() ? "HTTP " + status : "HTTP " + status + " with a body that is not JSON";
        return new GenerationException(
                kind,
                status,
                redactor.clean(error.code()),
                redactor.clean(text),
                retryAfter(headers),
                contentIndex(error.message()),
                null);
    }

    GenerationException transport(ErrorKind kind, String what, IOException cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new GenerationException(kind, 0, null, redactor.clean(what + ": " + detail), null, null, cause);
    }

    GenerationException plain(ErrorKind kind, int status, String message) {
        return new GenerationException(kind, status, null, redactor.clean(message), null, null, null);
    }

    static ErrorKind classify(Endpoint endpoint, int status, ProviderError error) {
        String code = lower(error.code());
        String message = lower(error.message());
        if (status == 401 || code.equals("invalid_api_key")) {
            return ErrorKind.AUTHENTICATION;
        }
        if (isOutOfBalance(code, message)) {
            return ErrorKind.INSUFFICIENT_BALANCE;
        }
        if (status == 413) {
            return ErrorKind.REQUEST_TOO_LARGE;
        }
        if (status == 429 || code.equals("rate_limit_exceeded") || code.startsWith("quotaexceeded")) {
            return ErrorKind.RATE_LIMITED;
        }
        ErrorKind moderation = moderationKind(code, "");
        if (moderation != null) {
            return moderation;
        }
        if (code.equals("model_not_found") || message.contains("no available channel")) {
            return ErrorKind.MODEL_UNAVAILABLE;
        }
        if (code.equals("task_not_exist") || (endpoint == Endpoint.POLL && status == 404)) {
            return ErrorKind.TASK_NOT_FOUND;
        }
        if (endpoint == Endpoint.CREATE && isAssetNotReady(code, message)) {
            return ErrorKind.ASSET_NOT_READY;
        }
        if (status == 403) {
            return ErrorKind.AUTHENTICATION;
        }
        if (endpoint == Endpoint.ASSET
                && (status / 100 == 4 || message.contains("upstream asset error") || message.contains("pixelcount"))) {
            return ErrorKind.ASSET_FAILED;
        }
        if (status >= 500) {
            return ErrorKind.SERVER_ERROR;
        }
        if (status >= 400) {
            return ErrorKind.INVALID_REQUEST;
        }
        return ErrorKind.UNKNOWN;
    }

    /**
     * The account cannot pay: new-api answers HTTP 403 with {@code insufficient_user_quota} (wallet),
     * {@code pre_consume_token_quota_failed} (the key's own quota) or, on the task routes, {@code quota_not_enough}
     * ("user quota is not enough"); Ark's {@code AccountOverdueError} may come wrapped. These must not read as a bad
     * key: the key works, the balance is what needs fixing.
     */
    static boolean isOutOfBalance(String code, String message) {
        return code.equals("insufficient_user_quota")
                || code.equals("pre_consume_token_quota_failed")
                || code.endsWith("quota_not_enough")
                || code.startsWith("accountoverdue")
                || message.contains("余额")
                || message.contains("额度不足")
                || message.contains("quota is not enough")
                || (message.contains("insufficient") && (message.contains("quota") || message.contains("balance")));
    }

    /**
     * Ark's moderation verdicts: {@code Input…SensitiveContentDetected[.x]} and {@code Input…RiskDetection} before
     * generation, {@code OutputVideoSensitiveContentDetected} after it. Without a code (a failed task carries only
     * {@code fail_reason}), the English message is read instead. {@code null} when it is no moderation verdict.
     */
    static ErrorKind moderationKind(String code, String message) {
        String c = lower(code);
        String m = lower(message);
        boolean verdict = c.contains("sensitivecontent") || c.contains("riskdetection");
        if (verdict && c.startsWith("output")) {
            return ErrorKind.OUTPUT_MODERATION;
        }
        if (verdict && c.startsWith("input")) {
            return ErrorKind.INPUT_MODERATION;
        }
        if (c.isEmpty() && m.contains("sensitive")) {
            if (m.contains("output")) {
                return ErrorKind.OUTPUT_MODERATION;
            }
            if (m.contains("input")) {
                return ErrorKind.INPUT_MODERATION;
            }
        }
        return null;
    }

    /**
     * "The specified asset asset-… is not found", "The asset is still processing…" (HTTP 400) and the channel copy
     * error {@code asset_copy_not_ready} (HTTP 503): the asset exists but cannot be used yet, and no task was created.
     */
    static boolean isAssetNotReady(String code, String message) {
        String c = lower(code);
        String m = lower(message);
        return c.equals("asset_copy_not_ready")
                || (m.contains("asset")
                        && (m.contains("not found") || m.contains("still processing") || m.contains("not ready")));
    }

    static Integer contentIndex(String message) {
        if (message == null) {
            return null;
        }
        Matcher matcher = CONTENT_INDEX.matcher(message);
        if (!matcher.find()) {
            return null;
        }
        try {
            return Integer.valueOf(matcher.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code Retry-After} as delta-seconds or as an HTTP date; {@code null} when absent or unreadable. */
    Duration retryAfter(Headers headers) {
        String value = headers == null ? null : headers.get("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.strip());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    static String lower(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT);
    }
}
