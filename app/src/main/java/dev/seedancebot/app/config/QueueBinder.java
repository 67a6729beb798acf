package dev.seedancebot.app.config;

import dev.seedancebot.core.engine.queue.QueueSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the {@code queue:} section into the core's {@link QueueSettings}: the cap on tasks in flight at the
 * provider, the operator's community weights ({@code ["<community id>=<weight>", ...]}), how long the queue pauses
 * when the account is out of balance, how often positions are shown, and how long "model not found" may last before
 * the operators are alerted and before waiting tasks fail. The backoff keeps the core's defaults.
 */
final class QueueBinder {
    private QueueBinder() {}

    static QueueSettings bind(ValueReader r) {
        QueueSettings d = QueueSettings.defaults();
        int maxInFlight = r.integer("queue.max-in-flight", 1, 10_000, "e.g. 20 (Ark refuses about 120 queued tasks)");
        Duration balanceRecheck = r.duration("queue.balance-recheck", Duration.ofSeconds(1));
        Duration positionRefresh = r.duration("queue.position-refresh", Duration.ofSeconds(1));
        Duration alertAfter = r.duration("queue.model-unavailable-alert-after", Duration.ofSeconds(1));
        Duration giveUpAfter = r.duration("queue.model-unavailable-give-up-after", Duration.ofSeconds(1));
        if (giveUpAfter.compareTo(alertAfter) < 0) {
            r.bad("queue.model-unavailable-give-up-after", "must not be shorter than"
                    + " queue.model-unavailable-alert-after (" + alertAfter + "), e.g. 60m");
            giveUpAfter = alertAfter;
        }
        return new QueueSettings(maxInFlight, weights(r), d.decrease(), d.backoff(), d.maxBackoff(), balanceRecheck,
                d.tick(), positionRefresh, d.typicalTaskDuration(), alertAfter, giveUpAfter);
    }

    private static Map<String, Double> weights(ValueReader r) {
        String raw = r.raw("queue.weights");
        Map<String, Double> weights = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) {
            return weights;
        }
        for (String part : raw.split(",")) {
            String[] pair = part.strip().split("=", 2);
            Double weight = null;
            try {
                weight = pair.length == 2 ? Double.valueOf(pair[1].strip()) : null;
            } catch (NumberFormatException e) {
                weight = null;
            }
            if (pair[0].isBlank() || weight == null || !(weight > 0) || weight.isInfinite()) {
                r.bad("queue.weights", "use a YAML list of \"<community id>=<weight>\" with a positive weight, e.g."
                        + " [\"123456789012345678=2\"]; '" + part.strip() + "' is not one");
                return Map.of();
            }
            weights.put(pair[0].strip(), weight);
        }
        return weights;
    }
}
