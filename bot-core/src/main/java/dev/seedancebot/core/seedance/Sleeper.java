package dev.seedancebot.core.seedance;

import java.time.Duration;

/**
 * Blocks the calling thread for a while. {@link SeedanceClient} waits through this seam (between retries and asset
 * polls) so that tests can advance a fake clock instead of waiting.
 */
@FunctionalInterface
public interface Sleeper {

    /** Really sleeps. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    /** Waits {@code duration}; returns early only by throwing when the thread is interrupted. */
    void sleep(Duration duration) throws InterruptedException;
}
