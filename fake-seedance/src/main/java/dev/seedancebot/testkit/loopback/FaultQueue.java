package dev.seedancebot.testkit.loopback;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One-shot faults a test queues for the calls to come: each is taken by the first call it matches, in the order
 * queued, so "fail the next two creates" means exactly the next two. {@code C} is what the fake knows of a call (a
 * route, a Bot API method). Thread-safe.
 */
public final class FaultQueue<C, F> {
    private record Pending<C, F>(Predicate<? super C> matches, F fault) {}

    private final List<Pending<C, F>> pending = new ArrayList<>();

    /** Queues {@code fault} for the first later call that {@code matches}. */
    public synchronized void add(Predicate<? super C> matches, F fault) {
        pending.add(new Pending<>(matches, fault));
    }

    /** Takes the oldest fault queued for {@code call}, if any. */
    public synchronized Optional<F> take(C call) {
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).matches().test(call)) {
                return Optional.of(pending.remove(i).fault());
            }
        }
        return Optional.empty();
    }

    public synchronized boolean isEmpty() {
        return pending.isEmpty();
    }
}
