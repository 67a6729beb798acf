package dev.seedancebot.core.engine;

import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationStatus;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.task.TaskState;
import java.time.Duration;
import java.util.List;

/**
 * Observes the engine, for metrics and tests. Called on engine threads after the database write it reports; must be
 * fast and must not throw.
 */
public interface EngineListener {
    EngineListener NONE = new EngineListener() {};

    /** {@code from} is {@code null} for a new task. */
    default void stateChanged(String taskId, TaskState from, TaskState to) {}

    default void polled(String taskId, GenerationStatus status) {}

    default void providerError(ErrorKind kind, String code) {}

    /**
     * The provider has answered creates with "model not found" ({@code code}) for {@code lasted}, with none accepted
     * in between, past the queue's alert time; reported at each further such refusal.
     */
    default void modelUnavailable(String code, Duration lasted) {}

    default void rejected(VideoRequest request, List<String> problems) {}

    default void denied(VideoRequest request, String message) {}

    /** {@code took} runs from the request to the recorded delivery. */
    default void delivered(String taskId, Duration took) {}
}
