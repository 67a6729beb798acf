package dev.seedancebot.app.ops;

import dev.seedancebot.core.engine.EngineListener;
import dev.seedancebot.core.engine.GenerationEngine;
import dev.seedancebot.core.engine.queue.Dispatcher;
import dev.seedancebot.core.engine.queue.QueueStatus;
import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationStatus;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.storage.DiskFloor;
import dev.seedancebot.core.task.TaskState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Turns engine events into Micrometer meters (Prometheus names in brackets): task transitions by target state
 * ({@code seedance_task_transitions_total}), tasks by state and the queue depth read from the database at scrape time
 * ({@code seedance_tasks}, {@code seedance_queue_depth}), polls by result ({@code seedance_polls_total}), provider
 * errors by kind and code ({@code seedance_provider_errors_total}), quota denials, input rejections and the time from
 * request to delivery as a histogram ({@code seedance_delivery_seconds}), and the data disk's free space, floor and
 * whether requests are refused for it ({@code seedance_disk_free_bytes}, {@code seedance_disk_floor_bytes},
 * {@code seedance_disk_below_floor}). Fast and exception-free, as the
 * {@link EngineListener} contract asks.
 */
public final class EngineMetrics implements EngineListener {
    private final MeterRegistry registry;
    private final Counter denials;
    private final Counter rejections;
    private final Timer delivery;

    public EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.denials = Counter.builder("seedance.quota.denials")
                .description("Requests refused by quota, block or community policy")
                .register(registry);
        this.rejections = Counter.builder("seedance.input.rejections")
                .description("Requests refused because their inputs break Seedance's rules")
                .register(registry);
        this.delivery = Timer.builder("seedance.delivery")
                .description("Time from the request to the recorded delivery of the video")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(5))
                .maximumExpectedValue(Duration.ofHours(2))
                .register(registry);
    }

    /** Adds the gauges that read the engine's tables; call once the engine exists. */
    public void bind(GenerationEngine engine) {
        for (TaskState state : TaskState.values()) {
            if (!state.isTerminal()) {
                Gauge.builder("seedance.tasks", engine, e -> e.countInState(state))
                        .description("Unfinished tasks by state")
                        .tag("state", name(state))
                        .register(registry);
            }
        }
        Gauge.builder("seedance.queue.depth", engine, GenerationEngine::unfinishedCount)
                .description("Tasks not finished yet, in any state")
                .register(registry);
        bindQueue(engine.queue());
        DiskFloor disk = engine.diskFloor();
        Gauge.builder("seedance.disk.free", disk, DiskFloor::freeBytes)
                .description("Free space on the data disk (-1 when it cannot be read)")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("seedance.disk.floor", disk, DiskFloor::minFreeBytes)
                .description("Free space below which new requests are refused (0 = no floor)")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("seedance.disk.below.floor", disk, d -> d.below() ? 1 : 0)
                .description("1 while new requests are refused because the data disk is nearly full")
                .register(registry);
    }

    /**
     * The queue in front of the provider: waiting tasks, tasks in flight, the effective cap (lowered by push-back),
     * whether it is paused (out of balance) and the wait percentiles of recent dispatches. One status read serves a
     * whole scrape.
     */
    private void bindQueue(Dispatcher queue) {
        Supplier<QueueStatus> status = new Supplier<>() {
            private QueueStatus last;
            private long readAt;

            @Override
            public synchronized QueueStatus get() {
                long now = System.nanoTime();
                if (last == null || now - readAt > 1_000_000_000L) {
                    last = queue.status();
                    readAt = now;
                }
                return last;
            }
        };
        Gauge.builder("seedance.queue.waiting", status, s -> s.get().depth())
                .description("Requests waiting in the queue for a slot at the provider, across instances")
                .strongReference(true)
                .register(registry);
        Gauge.builder("seedance.queue.in.flight", status, s -> s.get().inFlight())
                .description("Tasks sent to the provider and not finished there, across instances")
                .strongReference(true)
                .register(registry);
        Gauge.builder("seedance.queue.cap", status, s -> s.get().maxInFlight())
                .description("The configured cap on tasks in flight (queue.max-in-flight)")
                .strongReference(true)
                .register(registry);
        Gauge.builder("seedance.queue.effective.cap", status, s -> s.get().effectiveCap())
                .description("The cap as lowered by provider push-back (AIMD)")
                .strongReference(true)
                .register(registry);
        Gauge.builder("seedance.queue.paused", status, s -> s.get().paused() ? 1 : 0)
                .description("1 while the queue is paused because the provider account is out of balance")
                .strongReference(true)
                .register(registry);
        for (double q : new double[] {0.5, 0.9, 0.99}) {
            Gauge.builder("seedance.queue.wait", status, s -> wait(s.get(), q))
                    .description("Wait from request to dispatch of recent tasks dispatched by this instance")
                    .baseUnit("seconds")
                    .tag("quantile", String.valueOf(q))
                    .strongReference(true)
                    .register(registry);
        }
    }

    private static double wait(QueueStatus status, double q) {
        Duration d = q == 0.5 ? status.waitP50() : q == 0.9 ? status.waitP90() : status.waitP99();
        return d.toMillis() / 1000.0;
    }

    @Override
    public void stateChanged(String taskId, TaskState from, TaskState to) {
        registry.counter("seedance.task.transitions", "to", name(to)).increment();
    }

    @Override
    public void polled(String taskId, GenerationStatus status) {
        String result = status instanceof GenerationStatus.Pending
                ? "pending"
                : status instanceof GenerationStatus.Succeeded ? "succeeded" : "failed";
        registry.counter("seedance.polls", "result", result).increment();
    }

    @Override
    public void providerError(ErrorKind kind, String code) {
        registry.counter("seedance.provider.errors", "kind", kind.name().toLowerCase(Locale.ROOT),
                "code", code == null || code.isBlank() ? "none" : code).increment();
    }

    @Override
    public void rejected(VideoRequest request, List<String> problems) {
        rejections.increment();
    }

    @Override
    public void denied(VideoRequest request, String message) {
        denials.increment();
    }

    @Override
    public void delivered(String taskId, Duration took) {
        delivery.record(took);
    }

    private static String name(TaskState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
