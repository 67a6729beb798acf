package dev.seedancebot.app.ops;

import dev.seedancebot.core.spend.OperatorAlerts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * The operator alerts as meters (Prometheus names in brackets): alerts raised by kind
 * ({@code seedance_operator_alerts_total{kind="out_of_balance"|"daily_spend"|"model_unavailable"}}), whether the
 * provider's latest word was "out of balance" ({@code seedance_provider_out_of_balance}, 1 until a task is accepted
 * or finishes again), and today's spend in money, read from the database at scrape time ({@code seedance_spend_today}).
 */
public final class SpendMetrics {
    private SpendMetrics() {}

    public static void bind(MeterRegistry registry, OperatorAlerts alerts) {
        for (OperatorAlerts.Kind kind : OperatorAlerts.Kind.values()) {
            FunctionCounter.builder("seedance.operator.alerts", alerts, a -> a.alertsSent(kind))
                    .description("Alerts sent to the operators (log, metric and direct message)")
                    .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder("seedance.provider.out.of.balance", alerts, a -> a.outOfBalance() ? 1 : 0)
                .description("1 while the provider's latest answer was that the account is out of balance")
                .register(registry);
        Gauge.builder("seedance.spend.today", alerts, a -> a.spentToday().doubleValue())
                .description("Money spent today at the configured price (spend.*), all communities")
                .register(registry);
    }
}
