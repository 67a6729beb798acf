package dev.seedancebot.discord;

import dev.seedancebot.core.task.TaskView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.dv8tion.jda.api.interactions.InteractionHook;

/**
 * What the adapter remembers of the interaction that started each task: its hook (for progress edits while the token
 * lives), when it arrived by the injected clock, and the user's upload limit. Memory only: after a restart tasks
 * fall back to channel messages; the upload limit is kept with the task by the core, and this one's 10 MiB
 * default only counts for a task that has none stored.
 */
final class TaskContexts {
    /** Interaction tokens live 15 minutes; a margin keeps edits away from the edge. */
    static final Duration HOOK_VALIDITY = Duration.ofMinutes(14);
    static final long DEFAULT_UPLOAD_LIMIT = 10L * 1024 * 1024;

    private final Map<String, Context> contexts = new ConcurrentHashMap<>();
    private final Clock clock;

    TaskContexts(Clock clock) {
        this.clock = clock;
    }

    /** One task's interaction; progress rendering synchronizes on it. */
    static final class Context {
        final InteractionHook hook;
        final Instant createdAt;
        final long uploadLimit;
        String lastText;
        int lastStateOrder = -1;
        int lastProgress = -1;
        String messageId;

        Context(InteractionHook hook, Instant createdAt, long uploadLimit) {
            this.hook = hook;
            this.createdAt = createdAt;
            this.uploadLimit = uploadLimit;
        }

        /** Whether {@code task} is not older than what was shown last (renders may race with engine threads). */
        boolean isNewer(TaskView task) {
            int order = task.state().ordinal();
            return order > lastStateOrder || order == lastStateOrder && task.progressPercent() >= lastProgress;
        }

        void shown(TaskView task, String text, String id) {
            lastStateOrder = task.state().ordinal();
            lastProgress = task.progressPercent();
            lastText = text;
            messageId = id;
        }
    }

    Instant now() {
        return clock.instant();
    }

    void remember(String taskId, InteractionHook hook, Instant receivedAt, long uploadLimit) {
        contexts.put(taskId, new Context(hook, receivedAt, uploadLimit));
    }

    Optional<Context> get(String taskId) {
        return Optional.ofNullable(contexts.get(taskId));
    }

    /** The context while its hook may still be used, judged by the injected clock, not JDA's wall clock. */
    Optional<Context> live(String taskId) {
        Context c = contexts.get(taskId);
        if (c == null || Duration.between(c.createdAt, clock.instant()).compareTo(HOOK_VALIDITY) >= 0) {
            return Optional.empty();
        }
        return Optional.of(c);
    }

    long uploadLimit(String taskId) {
        Context c = contexts.get(taskId);
        return c == null ? DEFAULT_UPLOAD_LIMIT : c.uploadLimit;
    }

    void forget(String taskId) {
        contexts.remove(taskId);
    }
}
