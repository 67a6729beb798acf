package dev.seedancebot.core.generation;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed provider call. The message is the provider's own text, stripped of anything secret; it is safe to log.
 *
 * @param httpStatus the HTTP status, or 0 when none was received
 * @param code the provider's error code ({@code invalid_api_key}, {@code InputImageSensitiveContentDetected}...), or
 *     {@code null}
 * @param retryAfter how long the provider asked us to wait, or {@code null}
 * @param contentIndex the index in the create call's {@code content} array that the provider blamed, or {@code null}
 */
public final class GenerationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final int httpStatus;
    private final String code;
    private final transient Duration retryAfter;
    private final Integer contentIndex;

    public GenerationException(
            ErrorKind kind,
            int httpStatus,
            String code,
            String message,
            Duration retryAfter,
            Integer contentIndex,
            Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.httpStatus = httpStatus;
        this.code = code;
        this.retryAfter = retryAfter;
        this.contentIndex = contentIndex;
    }

    public GenerationException(ErrorKind kind, String message) {
        this(kind, 0, null, message, null, null, null);
    }

    public ErrorKind kind() {
        return kind;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public Optional<Integer> contentIndex() {
        return Optional.ofNullable(contentIndex);
    }

    public boolean retryable() {
        return kind.retryable();
    }
}
