package dev.seedancebot.app.config;

import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.engine.RetentionSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds the {@code engine:} section straight into the core's {@link EngineSettings}, with the retention keys of the
 * {@code storage:} section ({@code keep-task-files}, {@code keep-task-rows}, {@code min-free-disk}): they are about
 * the data, but the engine applies them. The tuning an operator has no key for keeps the engine's defaults.
 */
final class EngineBinder {
    private EngineBinder() {}

    /** {@code engine.workers}: the core's worker threads. */
    static int workers(ValueReader r) {
        return r.integer("engine.workers", 1, 256, "e.g. 8");
    }

    static EngineSettings bind(ValueReader r, Path workDir) {
        EngineSettings d = EngineSettings.defaults(workDir);
        Duration firstPollAfter = r.duration("engine.first-poll-after", Duration.ZERO);
        Duration pollInterval = r.duration("engine.poll-interval", Duration.ofSeconds(1));
        Duration latePollInterval = r.duration("engine.late-poll-interval", Duration.ofSeconds(1));
        Duration lateAfter = r.duration("engine.late-after", Duration.ZERO);
        Duration slowNoticeAfter = r.duration("engine.slow-notice-after", Duration.ofSeconds(1));
        Duration giveUpAfter = r.duration("engine.give-up-after", Duration.ofMinutes(1));
        int maxPollsInFlight = r.integer("engine.max-polls-in-flight", 1, 1024, "e.g. 32");
        long maxResultBytes = r.size("engine.max-result-size");
        int deliveryAttempts = r.integer("engine.delivery-attempts", 1, 100, "e.g. 5");
        return new EngineSettings(workDir, d.tick(), firstPollAfter, pollInterval, latePollInterval, lateAfter,
                slowNoticeAfter, giveUpAfter, maxPollsInFlight, d.jitter(), d.rateLimitPause(), d.retryDelay(),
                maxResultBytes, deliveryAttempts, d.resultLinkValidity(), retention(r));
    }

    /** The same settings working in another directory (the demo keeps its state apart from the bot's). */
    static EngineSettings at(EngineSettings e, Path workDir) {
        return new EngineSettings(workDir, e.tick(), e.firstPollAfter(), e.pollInterval(), e.latePollInterval(),
                e.lateAfter(), e.slowNoticeAfter(), e.giveUpAfter(), e.maxPollsInFlight(), e.jitter(),
                e.rateLimitPause(), e.retryDelay(), e.maxResultBytes(), e.deliveryAttempts(), e.resultLinkValidity(),
                e.retention());
    }

    /**
     * {@code storage.keep-task-files}, {@code storage.keep-task-rows} (at least as long) and
     * {@code storage.min-free-disk} (0 = no floor).
     */
    private static RetentionSettings retention(ValueReader r) {
        Duration files = r.duration("storage.keep-task-files", Duration.ofHours(1));
        Duration rows = r.duration("storage.keep-task-rows", Duration.ofHours(1));
        if (rows.compareTo(files) < 0) {
            r.bad("storage.keep-task-rows", "use at least storage.keep-task-files: a task's files never outlive"
                    + " its row");
            rows = files;
        }
        Long floor = ValueReader.parseSize(r.raw("storage.min-free-disk"));
        if (floor == null) {
            r.bad("storage.min-free-disk", "use a size with a unit: B, KB, MB or GB (e.g. 1GB), or 0 for no floor");
            floor = RetentionSettings.DEFAULTS.minFreeDiskBytes();
        }
        return new RetentionSettings(files, rows, RetentionSettings.DEFAULTS.sweepEvery(), floor);
    }
}
