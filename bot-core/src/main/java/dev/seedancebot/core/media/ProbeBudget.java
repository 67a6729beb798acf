package dev.seedancebot.core.media;

import dev.seedancebot.core.media.ProbeResult.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The work one probe may do: at most {@link #MAX_STEPS} boxes, chunks or MP3 resyncs visited, across all nesting
 * levels, and no step after a deadline. Both turn a hostile file into {@link Reason#CORRUPT} long before it costs
 * real CPU time.
 *
 * <p>One budget per probe; not thread-safe.
 */
final class ProbeBudget {

    /**
     * Boxes or chunks one file may make the prober visit. A fragmented MP4 of 15 s with a fragment per frame at 60 fps
     * has under 2,000 top-level boxes and its movie header a few dozen more; each visit costs one positional read, so
     * the whole budget stays within tens of milliseconds.
     */
    static final int MAX_STEPS = 10_000;

    private final Clock clock;
    private final Duration timeLimit;
    private final Instant deadline;
    private int steps;

    ProbeBudget(Clock clock, Duration timeLimit) {
        this.clock = clock;
        this.timeLimit = timeLimit;
        this.deadline = clock.instant().plus(timeLimit);
    }

    /** Counts one visited box or chunk; throws once the file has used up its steps or its time. */
    void step() throws MediaReadException {
        if (++steps > MAX_STEPS) {
            throw new MediaReadException(Reason.CORRUPT, "more than " + MAX_STEPS + " boxes, chunks or MP3 resyncs");
        }
        checkDeadline();
    }

    /**
     * Throws once the time is up, without counting a step: for loops whose iterations are too many and too cheap to
     * count, such as the frames of an MP3, which check at intervals instead.
     */
    void checkDeadline() throws MediaReadException {
        if (clock.instant().isAfter(deadline)) {
            throw new MediaReadException(Reason.CORRUPT, "probe took longer than " + timeLimit.toMillis() + " ms");
        }
    }

    /** Boxes or chunks visited so far, including the one that exceeded the budget. */
    int steps() {
        return steps;
    }
}
