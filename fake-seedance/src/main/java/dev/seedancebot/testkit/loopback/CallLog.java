package dev.seedancebot.testkit.loopback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Every call a fake received, in arrival order, for tests to read and to wait on. Thread-safe; waiting is on a
 * condition signalled by each new call, never by polling.
 */
public final class CallLog<T> {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<T> calls = new ArrayList<>();

    public void add(T call) {
        lock.lock();
        try {
            calls.add(call);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot, oldest first. */
    public List<T> all() {
        lock.lock();
        try {
            return List.copyOf(calls);
        } finally {
            lock.unlock();
        }
    }

    public List<T> matching(Predicate<? super T> filter) {
        return all().stream().filter(filter).toList();
    }

    /** The first call matching {@code filter}, waiting up to {@code timeout} for it to arrive. */
    public Optional<T> await(Predicate<? super T> filter, Duration timeout) throws InterruptedException {
        return awaitAtLeast(filter, 1, timeout).map(found -> found.get(0));
    }

    /** Every call matching {@code filter}, once at least {@code count} arrived within {@code timeout}. */
    public Optional<List<T>> awaitAtLeast(Predicate<? super T> filter, int count, Duration timeout)
            throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                List<T> found = calls.stream().filter(filter).toList();
                if (found.size() >= count) {
                    return Optional.of(found);
                }
                if (left <= 0) {
                    return Optional.empty();
                }
                left = arrived.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    public void clear() {
        lock.lock();
        try {
            calls.clear();
        } finally {
            lock.unlock();
        }
    }
}
