package dev.seedancebot.core.engine;

import dev.seedancebot.core.engine.queue.Dispatcher;
import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationStatus;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.task.TaskState;
import java.time.Duration;
import java.util.List;

/**
 * The engine's listener, which also wakes the queue whenever a task leaves the provider (finished, failed or
 * cancelled): the freed slot is filled at once instead of at the next periodic tick.
 */
final class QueueWakeListener implements EngineListener {
    private final EngineListener delegate;
    private final Dispatcher queue;

    QueueWakeListener(EngineListener delegate, Dispatcher queue) {
        this.delegate = delegate;
        this.queue = queue;
    }

    @Override
    public void stateChanged(String taskId, TaskState from, TaskState to) {
        delegate.stateChanged(taskId, from, to);
        if ((from == TaskState.SUBMITTING || from == TaskState.SUBMITTED) && to != TaskState.SUBMITTED) {
            queue.wake();
        }
    }

    @Override
    public void polled(String taskId, GenerationStatus status) {
        delegate.polled(taskId, status);
    }

    @Override
    public void providerError(ErrorKind kind, String code) {
        delegate.providerError(kind, code);
    }

    @Override
    public void modelUnavailable(String code, Duration lasted) {
        delegate.modelUnavailable(code, lasted);
    }

    @Override
    public void rejected(VideoRequest request, List<String> problems) {
        delegate.rejected(request, problems);
    }

    @Override
    public void denied(VideoRequest request, String message) {
        delegate.denied(request, message);
    }

    @Override
    public void delivered(String taskId, Duration took) {
        delegate.delivered(taskId, took);
    }
}
