package dev.seedancebot.core.engine;

import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationException;
import dev.seedancebot.core.generation.VideoGenerator;
import dev.seedancebot.core.media.fit.ResultFitter;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.platform.PlatformException;
import dev.seedancebot.core.platform.PlatformPort;
import dev.seedancebot.core.platform.PlatformRouter;
import dev.seedancebot.core.platform.UserTexts;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.storage.PrivateFiles;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a succeeded task's video and posts it where it was asked for, then commits the charge. A video is never
 * posted twice by design: only the lease holder delivers, the post is recorded in the same step that commits the
 * charge, and a post repeated after a crash between the two carries the same task id, which adapters use as an
 * idempotency key where the platform has one.
 */
final class TaskDelivery {
    private static final Logger log = LoggerFactory.getLogger(TaskDelivery.class);

    private final TaskStore store;
    private final TaskTransitions transitions;
    private final PlatformRouter router;
    private final VideoGenerator generator;
    private final ResultFitter fitter;
    private final QuotaService quota;
    private final EngineListener listener;
    private final Settlement settlement;
    private final Notices notices;
    private final TaskWork work;
    private final TaskFiles files;
    private final EngineSettings settings;
    private final Clock clock;

    TaskDelivery(TaskStore store, TaskTransitions transitions, PlatformRouter router, VideoGenerator generator,
            ResultFitter fitter, QuotaService quota, EngineListener listener, Settlement settlement, Notices notices,
            TaskWork work, TaskFiles files, EngineSettings settings, Clock clock) {
        this.store = store;
        this.transitions = transitions;
        this.router = router;
        this.generator = generator;
        this.fitter = fitter;
        this.quota = quota;
        this.listener = listener;
        this.settlement = settlement;
        this.notices = notices;
        this.work = work;
        this.files = files;
        this.settings = settings;
        this.clock = clock;
    }

    void deliver(String id) {
        TaskRecord task = store.find(id).orElse(null);
        if (task == null || (task.state() != TaskState.SUCCEEDED && task.state() != TaskState.DELIVERING)) {
            return;
        }
        Optional<PlatformPort> port = router.port(task.requester().platform());
        if (port.isEmpty()) {
            // the lease upkeep of an instance with this adapter (this one, once it registers) takes it over
            log.warn("task {} waits for a {} adapter to deliver", id, task.requester().platform());
            store.release(id);
            return;
        }
        if (!store.renew(id, task.state())) {
            log.info("task {} is no longer this instance's to deliver", id);
            return;
        }
        Path file = files.result(id);
        long size;
        try {
            size = download(task, file);
        } catch (GenerationException e) {
            if (e.kind() == ErrorKind.RESULT_TOO_LARGE) {
                size = -1;
            } else if (e.kind().retryable() && task.deliveryAttempts() + 1 < settings.deliveryAttempts()) {
                transitions.recordDeliveryAttempts(id, task.state(), task.deliveryAttempts() + 1, clock.instant());
                work.later(id, settings.retryDelay(), () -> deliver(id));
                return;
            } else {
                settlement.fail(task, task.state(), e.kind(), e.kind().userMessage(), true);
                return;
            }
        }
        Instant now = clock.instant();
        TaskView view = task.view();
        long stored = store.uploadLimit(id);
        long limit = stored > 0 ? stored : port.get().uploadLimitBytes(view);
        Delivery delivery = fitter.prepare(view, file, size, limit,
                task.finishedAt().plus(settings.resultLinkValidity()), port.get().wantsThumbnail());
        if (task.state() == TaskState.SUCCEEDED
                && !transitions.markDelivering(id, Math.max(size, 0), now)) {
            return;
        }
        listener.stateChanged(id, task.state(), TaskState.DELIVERING);
        String messageId;
        try {
            messageId = port.get().deliver(store.find(id).orElseThrow().view(), delivery);
        } catch (PlatformException e) {
            int attempts = task.deliveryAttempts() + 1;
            transitions.recordDeliveryAttempts(id, TaskState.DELIVERING, attempts, clock.instant());
            if (!e.permanent() && attempts < settings.deliveryAttempts()) {
                log.warn("task {} delivery failed (attempt {}), retrying: {}", id, attempts, e.getMessage());
                work.later(id, settings.retryDelay(), () -> deliver(id));
            } else {
                // the platform's answer is for the log only; it may be a raw HTTP body
                log.error("task {} could not be delivered: {}", id, e.getMessage());
                settlement.fail(store.find(id).orElseThrow(), TaskState.DELIVERING, ErrorKind.UNKNOWN,
                        UserTexts.notPosted(), true);
            }
            return;
        }
        Instant done = clock.instant();
        if (transitions.markDelivered(id, messageId, done)) {
            quota.commit(id);
            log.info("task {} delivered as message {}", id, messageId);
            listener.stateChanged(id, TaskState.DELIVERING, TaskState.DELIVERED);
            listener.delivered(id, Duration.between(task.createdAt(), done));
            notices.showProgress(id);
        }
    }

    private long download(TaskRecord task, Path file) {
        if (task.state() == TaskState.DELIVERING && task.resultBytes() > 0 && Files.isRegularFile(file)) {
            return task.resultBytes();
        }
        try {
            PrivateFiles.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return generator.download(task.resultUrl(), file, settings.maxResultBytes());
    }
}
