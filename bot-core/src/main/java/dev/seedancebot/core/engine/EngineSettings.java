package dev.seedancebot.core.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the engine. The polling defaults follow API-NOTES §4: anyfast refreshes tasks about every 15 s, so the
 * first poll comes after 10 s, then every 12 s, every 30 s after 5 minutes; a task is only given up after the
 * provider's own 24 h limit, because until then it may still finish and bill.
 *
 * @param workDir where task inputs and results are kept (a {@code tasks/<id>/} folder each)
 * @param tick how often due polls are looked up: a tick starts polls until the slots are full, and slots freed
 *     after it wait for the next one, so the tick bounds the poll rate (20 ms: 850 polls/s with 10,000 tasks)
 * @param maxPollsInFlight the most polls sent at once, whatever the number of tasks
 * @param jitter the largest fraction (0–1) of an interval removed at random, so polls don't bunch up
 * @param maxResultBytes the largest result the bot downloads
 * @param deliveryAttempts how often a failed post is retried before the user is refunded
 * @param retention how long finished tasks' files and rows are kept, and the free disk left
 */
public record EngineSettings(
        Path workDir,
        Duration tick,
        Duration firstPollAfter,
        Duration pollInterval,
        Duration latePollInterval,
        Duration lateAfter,
        Duration slowNoticeAfter,
        Duration giveUpAfter,
        int maxPollsInFlight,
        double jitter,
        Duration rateLimitPause,
        Duration retryDelay,
        long maxResultBytes,
        int deliveryAttempts,
        Duration resultLinkValidity,
        RetentionSettings retention) {

    public EngineSettings {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(retention, "retention");
        if (maxPollsInFlight < 1) {
            throw new IllegalArgumentException("maxPollsInFlight must be at least 1");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be within 0–1");
        }
    }

    /** Settings with the default {@link RetentionSettings}. */
    public EngineSettings(Path workDir, Duration tick, Duration firstPollAfter, Duration pollInterval,
            Duration latePollInterval, Duration lateAfter, Duration slowNoticeAfter, Duration giveUpAfter,
            int maxPollsInFlight, double jitter, Duration rateLimitPause, Duration retryDelay, long maxResultBytes,
            int deliveryAttempts, Duration resultLinkValidity) {
        this(workDir, tick, firstPollAfter, pollInterval, latePollInterval, lateAfter, slowNoticeAfter, giveUpAfter,
                maxPollsInFlight, jitter, rateLimitPause, retryDelay, maxResultBytes, deliveryAttempts,
                resultLinkValidity, RetentionSettings.DEFAULTS);
    }

    public static EngineSettings defaults(Path workDir) {
        return new EngineSettings(
                workDir,
                Duration.ofMillis(20),
                Duration.ofSeconds(10),
                Duration.ofSeconds(12),
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                Duration.ofMinutes(5),
                Duration.ofHours(24),
                32,
                0.2,
                Duration.ofSeconds(30),
                Duration.ofSeconds(15),
                500L * 1024 * 1024,
                5,
                Duration.ofHours(24),
                RetentionSettings.DEFAULTS);
    }

    /**
     * Settings for tests and the demo: everything happens within milliseconds, and no disk floor (tests must not
     * depend on the free space of the machine they run on).
     */
    public static EngineSettings fast(Path workDir) {
        return new EngineSettings(
                workDir,
                Duration.ofMillis(10),
                Duration.ZERO,
                Duration.ofMillis(20),
                Duration.ofMillis(50),
                Duration.ofMinutes(5),
                Duration.ofMinutes(5),
                Duration.ofHours(24),
                32,
                0.0,
                Duration.ofMillis(200),
                Duration.ofMillis(20),
                100L * 1024 * 1024,
                3,
                Duration.ofHours(24),
                RetentionSettings.DEFAULTS.withMinFreeDiskBytes(0));
    }

    public EngineSettings withSlowNoticeAfter(Duration value) {
        return new EngineSettings(workDir, tick, firstPollAfter, pollInterval, latePollInterval, lateAfter, value,
                giveUpAfter, maxPollsInFlight, jitter, rateLimitPause, retryDelay, maxResultBytes, deliveryAttempts,
                resultLinkValidity, retention);
    }

    public EngineSettings withGiveUpAfter(Duration value) {
        return new EngineSettings(workDir, tick, firstPollAfter, pollInterval, latePollInterval, lateAfter,
                slowNoticeAfter, value, maxPollsInFlight, jitter, rateLimitPause, retryDelay, maxResultBytes,
                deliveryAttempts, resultLinkValidity, retention);
    }

    public EngineSettings withPollInterval(Duration value) {
        return new EngineSettings(workDir, tick, firstPollAfter, value, value, lateAfter, slowNoticeAfter,
                giveUpAfter, maxPollsInFlight, jitter, rateLimitPause, retryDelay, maxResultBytes, deliveryAttempts,
                resultLinkValidity, retention);
    }

    public EngineSettings withRetention(RetentionSettings value) {
        return new EngineSettings(workDir, tick, firstPollAfter, pollInterval, latePollInterval, lateAfter,
                slowNoticeAfter, giveUpAfter, maxPollsInFlight, jitter, rateLimitPause, retryDelay, maxResultBytes,
                deliveryAttempts, resultLinkValidity, value);
    }
}
