package dev.seedancebot.testkit.seedance;

import java.util.List;

/**
 * The states a fake task walks through, one {@link Step} per {@code pollsPerStep} polls (or per
 * {@code stepDuration} of server-clock time). The last step repeats forever, and so does a {@link Step#stuck()}
 * step wherever it sits. Immutable.
 */
public final class TaskScript {
    private final List<Step> steps;

    private TaskScript(List<Step> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a script needs at least one step");
        }
        this.steps = List.copyOf(steps);
    }

    /** Any sequence of steps, e.g. progress going backwards or {@code pending("UNKNOWN")} before success. */
    public static TaskScript of(Step... steps) {
        return new TaskScript(List.of(steps));
    }

    /** {@code NOT_START 0% → QUEUED 10% → IN_PROGRESS 50% → SUCCESS}, the path new-api's Doubao adaptor reports. */
    public static TaskScript standard() {
        return endingWith(Step.success());
    }

    /** {@code NOT_START 0% → QUEUED 10% → IN_PROGRESS 50% →} {@code last}, e.g. a late moderation failure. */
    public static TaskScript endingWith(Step last) {
        return of(Step.pending("NOT_START"), Step.pending("QUEUED"), Step.pending("IN_PROGRESS"), last);
    }

    /** The steps in order. */
    public List<Step> steps() {
        return steps;
    }

    @Override
    public String toString() {
        return "TaskScript" + steps;
    }
}
