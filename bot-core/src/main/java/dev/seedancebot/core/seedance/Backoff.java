package dev.seedancebot.core.seedance;

import dev.seedancebot.core.generation.GenerationException;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Exponential backoff with jitter: attempt {@code n} waits {@code initial × multiplier^(n-1)}, capped at {@code max},
 * then shortened by a random share of up to {@code jitter} so that many clients do not retry in step. A provider's
 * {@code Retry-After} always wins when it asks for longer. Thread-safe when {@code random} is (as {@link Random} is).
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final double multiplier;
    private final double jitter;
    private final Random random;

    /**
     * @param initial the delay before the first retry, positive
     * @param max the longest delay, at least {@code initial}
     * @param multiplier growth per attempt, at least 1
     * @param jitter the share of each delay that is randomised, 0 (none) to 1 (anything from zero up)
     * @param random source of the jitter; inject a seeded one in tests
     */
    public Backoff(Duration initial, Duration max, double multiplier, double jitter, Random random) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial must be positive, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max may not be shorter than initial, was " + max);
        }
        if (!(multiplier >= 1)) {
            throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
        }
        this.initial = initial;
        this.max = max;
        this.multiplier = multiplier;
        this.jitter = jitter;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Doubling delays from {@code initial} up to {@code max}, each randomised by up to half. */
    public static Backoff exponential(Duration initial, Duration max, Random random) {
        return new Backoff(initial, max, 2.0, 0.5, random);
    }

    /** The delay before retry number {@code attempt} (1 for the first retry). */
    public Duration delay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
        double ceiling = Math.min(max.toMillis(), initial.toMillis() * Math.pow(multiplier, attempt - 1.0));
        double jittered = ceiling * (1 - jitter * random.nextDouble());
        return Duration.ofMillis(Math.round(jittered));
    }

    /** Like {@link #delay(int)}, but never shorter than what {@code failure} says the provider asked for. */
    public Duration delay(int attempt, GenerationException failure) {
        Duration computed = delay(attempt);
        return failure.retryAfter().filter(asked -> asked.compareTo(computed) > 0).orElse(computed);
    }
}
