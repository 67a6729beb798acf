package dev.seedancebot.core.generation;

import dev.seedancebot.core.request.VideoRequest;
import java.net.URI;
import java.nio.file.Path;

/**
 * The video provider, as the engine sees it. Implemented by {@code SeedanceClient}. Thread-safe. Every method throws
 * {@link GenerationException} on failure; no method ever puts the API key into an exception or a log line.
 */
public interface VideoGenerator {

    /**
     * Uploads inputs that need it and sends the create call for an already validated request, returning the
     * provider's task id. The create call is sent again only when it is certain that nothing was created (connection
     * refused, a 429 before processing); a create whose answer never came throws {@link ErrorKind#OUTCOME_UNKNOWN}.
     */
    String create(VideoRequest request);

    /** Asks once for the state of a task; retries of transient failures are the caller's business. */
    GenerationStatus poll(String providerTaskId);

    /**
     * Streams a finished video to {@code target} (replacing it), without the API key, failing with
     * {@link ErrorKind#RESULT_TOO_LARGE} past {@code maxBytes} and {@link ErrorKind#RESULT_EXPIRED} on 403/404.
     *
     * @return the number of bytes written
     */
    long download(URI videoUrl, Path target, long maxBytes);
}
