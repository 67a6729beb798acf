package dev.seedancebot.core.engine;

import dev.seedancebot.core.generation.GenerationStatus;
import dev.seedancebot.core.generation.VideoGenerator;
import dev.seedancebot.core.request.VideoOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One automatic retry without audio when Seedance refused only a task's generated soundtrack (Ark's
 * {@code OutputAudioSensitiveContentDetected}, or a code-less "output audio … sensitive" reason): the same request,
 * silent, as a new provider task under the same task id, so the requester's one charge covers it (Seedance bills only
 * successful videos, so the refused one cost nothing). At most once per task: the silent options are stored before the
 * create call, so neither a second refusal nor a restart after a crash in between sends another. Kept out of the
 * engine's submit path on purpose; the engine calls it from its poll.
 */
final class SilentRetry {
    private static final Logger log = LoggerFactory.getLogger(SilentRetry.class);

    private final TaskStore store;
    private final TaskTransitions transitions;
    private final VideoGenerator generator;
    private final Clock clock;

    SilentRetry(TaskStore store, TaskTransitions transitions, VideoGenerator generator, Clock clock) {
        this.store = store;
        this.transitions = transitions;
        this.generator = generator;
        this.clock = clock;
    }

    /** Whether the provider refused the soundtrack alone (the picture passed its check). */
    static boolean audioOnly(GenerationStatus.Failed failed) {
        String code = failed.code() == null ? "" : failed.code().toLowerCase(Locale.ROOT);
        if (!code.isEmpty()) {
            return code.startsWith("outputaudio") && (code.contains("sensitive") || code.contains("risk"));
        }
        String message = failed.message().toLowerCase(Locale.ROOT);
        return message.contains("output audio") && message.contains("sensitive");
    }

    /** What became of a refused task. */
    enum Result {
        /** Not a soundtrack-only refusal, or already retried: fail it from {@code SUBMITTED} as usual. */
        NOT_APPLICABLE,
        /** Sent again without audio; it is polled again as {@code SUBMITTED}. */
        RESENT,
        /** The retry could not be sent: fail it from {@code SUBMITTING}. */
        NOT_SENT,
        /** Cancelled (or taken over) meanwhile: nothing more to do here. */
        GONE
    }

    /**
     * Sends the task again without audio if it qualifies. Like the first create call, the retry passes through
     * {@code SUBMITTING}, which keeps the task's lease (no poll picks up the refused provider task meanwhile) and
     * makes a crash during the call a task whose outcome is unknown, settled by the engine's resume, never resent.
     *
     * @param firstPoll when to poll the new provider task
     */
    Result retry(TaskRecord task, GenerationStatus.Failed failed, Duration firstPoll) {
        if (!audioOnly(failed) || !task.options().generateAudio()) {
            return Result.NOT_APPLICABLE;
        }
        VideoOptions silent = task.options().withGenerateAudio(false);
        Instant now = clock.instant();
        if (!transitions.markResubmitting(task.id(), silent, now)) {
            return Result.GONE;
        }
        String providerId;
        try {
            providerId = generator.create(store.find(task.id()).orElseThrow().request());
        } catch (RuntimeException e) { // a GenerationException, or anything unexpected: the task fails as refused
            log.warn("task {}: the retry without audio could not be sent: {}", task.id(), e.toString());
            return Result.NOT_SENT;
        }
        Instant after = clock.instant();
        boolean moved = transitions.markSubmitted(task.id(), providerId, after.plus(firstPoll), after);
        if (!moved) {
            // cancelled while the call was in flight: the new provider task exists; it stays recorded
            transitions.recordProviderTaskOfCancelled(task.id(), providerId, after);
            return Result.GONE;
        }
        log.info("task {}: soundtrack refused; sent again without audio as provider task {}", task.id(), providerId);
        return Result.RESENT;
    }
}
