package dev.seedancebot.core.engine.queue;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Tuning of the queue in front of the provider.
 *
 * @param maxInFlight the most tasks sent to the provider and not finished there, across all instances sharing the
 *     database; requests beyond it wait in the queue (Ark refuses an account more than about 120 queued tasks)
 * @param weights the operator's weight per community (key: the community id, or {@code PLATFORM:id}); a community
 *     of weight 2 is served twice as often as one of weight 1 while both wait. Missing: 1
 * @param decrease the factor applied to the tasks the provider holds when it pushes back (multiplicative decrease);
 *     the effective cap then grows back by one per effective-cap successful creates (additive increase)
 * @param backoff the hold after the first push-back in a row, doubled for each further one up to {@code maxBackoff}
 * @param balanceRecheck how long the whole queue pauses when the account is out of balance before one create is tried
 *     again (an operator can resume it sooner)
 * @param tick how often each instance looks for free slots even when nothing woke it (another instance's slots)
 * @param positionRefresh how often queue positions and waits are recomputed and shown; each waiting task's progress
 *     message is edited at most this often, and only when its position text changed
 * @param typicalTaskDuration the time a task spends at the provider assumed for wait estimates until recent tasks
 *     show the real one
 * @param modelUnavailableAlertAfter how long the provider may keep answering "model not found" (anyfast's 503
 *     {@code model_not_found}) with no accepted create in between before the operators are alerted: a passing
 *     capacity gap is push-back, a wrong model name or a retired model is not
 * @param modelUnavailableGiveUpAfter how long that may last before a task it refuses fails and is refunded in full
 *     instead of waiting again; longer than the alert's time
 */
public record QueueSettings(
        int maxInFlight,
        Map<String, Double> weights,
        double decrease,
        Duration backoff,
        Duration maxBackoff,
        Duration balanceRecheck,
        Duration tick,
        Duration positionRefresh,
        Duration typicalTaskDuration,
        Duration modelUnavailableAlertAfter,
        Duration modelUnavailableGiveUpAfter) {

    public QueueSettings {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("queue max-in-flight must be at least 1, was " + maxInFlight);
        }
        if (!(decrease > 0 && decrease < 1)) {
            throw new IllegalArgumentException("queue decrease must be between 0 and 1 (exclusive), was " + decrease);
        }
        weights = Map.copyOf(Objects.requireNonNull(weights, "weights"));
        weights.forEach((community, weight) -> {
            if (!(weight > 0)) {
                throw new IllegalArgumentException("queue weight of " + community + " must be positive, was " + weight);
            }
        });
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(balanceRecheck, "balanceRecheck");
        Objects.requireNonNull(tick, "tick");
        Objects.requireNonNull(positionRefresh, "positionRefresh");
        Objects.requireNonNull(typicalTaskDuration, "typicalTaskDuration");
        Objects.requireNonNull(modelUnavailableAlertAfter, "modelUnavailableAlertAfter");
        Objects.requireNonNull(modelUnavailableGiveUpAfter, "modelUnavailableGiveUpAfter");
        if (modelUnavailableGiveUpAfter.compareTo(modelUnavailableAlertAfter) < 0) {
            throw new IllegalArgumentException("queue model-unavailable-give-up-after (" + modelUnavailableGiveUpAfter
                    + ") must not be shorter than model-unavailable-alert-after (" + modelUnavailableAlertAfter + ")");
        }
    }

    /** The settings with the default model-unavailable times (alert after 10 minutes, give up after 60). */
    public QueueSettings(int maxInFlight, Map<String, Double> weights, double decrease, Duration backoff,
            Duration maxBackoff, Duration balanceRecheck, Duration tick, Duration positionRefresh,
            Duration typicalTaskDuration) {
        this(maxInFlight, weights, decrease, backoff, maxBackoff, balanceRecheck, tick, positionRefresh,
                typicalTaskDuration, Duration.ofMinutes(10), Duration.ofMinutes(60));
    }

    public static QueueSettings defaults() {
        return new QueueSettings(20, Map.of(), 0.75, Duration.ofSeconds(2), Duration.ofMinutes(2),
                Duration.ofMinutes(5), Duration.ofMillis(250), Duration.ofSeconds(15), Duration.ofMinutes(2));
    }

    /** For tests and the demo: everything within milliseconds. */
    public static QueueSettings fast() {
        return new QueueSettings(20, Map.of(), 0.75, Duration.ofMillis(20), Duration.ofMillis(200),
                Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    public QueueSettings withMaxInFlight(int value) {
        return new QueueSettings(value, weights, decrease, backoff, maxBackoff, balanceRecheck, tick, positionRefresh,
                typicalTaskDuration, modelUnavailableAlertAfter, modelUnavailableGiveUpAfter);
    }

    public QueueSettings withWeights(Map<String, Double> value) {
        return new QueueSettings(maxInFlight, value, decrease, backoff, maxBackoff, balanceRecheck, tick,
                positionRefresh, typicalTaskDuration, modelUnavailableAlertAfter, modelUnavailableGiveUpAfter);
    }

    public QueueSettings withTick(Duration value) {
        return new QueueSettings(maxInFlight, weights, decrease, backoff, maxBackoff, balanceRecheck, value,
                positionRefresh, typicalTaskDuration, modelUnavailableAlertAfter, modelUnavailableGiveUpAfter);
    }

    public QueueSettings withModelUnavailable(Duration alertAfter, Duration giveUpAfter) {
        return new QueueSettings(maxInFlight, weights, decrease, backoff, maxBackoff, balanceRecheck, tick,
                positionRefresh, typicalTaskDuration, alertAfter, giveUpAfter);
    }

    /** The weight of a community lane ({@code PLATFORM:id}): its own key, else its bare id, else 1. */
    double weight(String communityKey) {
        Double full = weights.get(communityKey);
        if (full != null) {
            return full;
        }
        int colon = communityKey.indexOf(':');
        Double bare = weights.get(communityKey.substring(colon + 1));
        if (bare != null) {
            return bare;
        }
        return weights.getOrDefault(communityKey.toLowerCase(Locale.ROOT), 1.0);
    }

    /** The hold after the {@code n}-th push-back in a row (n ≥ 1). */
    Duration backoffAfter(int n) {
        long millis = backoff.toMillis() << Math.min(20, Math.max(0, n - 1));
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
