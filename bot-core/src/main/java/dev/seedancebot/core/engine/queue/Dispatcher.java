package dev.seedancebot.core.engine.queue;

import dev.seedancebot.core.task.QueueSpot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends waiting tasks to the provider as slots free, fairly, keeping at most {@link QueueSettings#maxInFlight} in
 * flight across every instance on the database (see {@link QueueStore}).
 *
 * <p>{@link #tick} is the single step: claim what the free slots allow, hand each claimed task to the sender, and
 * renumber the backlog when {@link QueueSettings#positionRefresh} has passed. Tests call it with their own instant;
 * {@link #start} runs it on the engine's scheduler every {@link QueueSettings#tick} and at once after {@link #wake}
 * (a task was queued or a slot freed here).
 *
 * <p>The sender's create call reports back: {@link #accepted} (additive increase), {@link #pushedBack} (the provider
 * refused for load: the task goes back to the head of its lane, the effective cap drops and dispatch holds for a
 * backoff; the user sees nothing but a wait) or the engine calls {@link #pauseForBalance} (all dispatch pauses).
 * A "model not found" refusal is push-back too, but {@link #modelUnavailable} says when it has lasted long enough to
 * alert the operators, and to stop waiting.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /**
     * How long the provider has refused creates with "model not found" and no accepted create in between, and what
     * that calls for: an operator alert ({@link QueueSettings#modelUnavailableAlertAfter}), and failing the refused
     * task instead of queueing it again ({@link QueueSettings#modelUnavailableGiveUpAfter}).
     */
    public record ModelStreak(Duration lasted, boolean alert, boolean giveUp) {}

    /** Sends a claimed task's create call; the task is {@code RECEIVED} under this instance's lease. */
    public interface Sender {
        void send(String taskId);
    }

    private final QueueStore store;
    private final ModelOutage modelOutage;
    private final QueuePositions positions;
    private final QueueSettings settings;
    private final Clock clock;
    private final Sender sender;
    private final Consumer<String> spotChanged;
    private final WaitStats waits = new WaitStats(1024);
    private final AtomicLong dispatched = new AtomicLong();
    private final AtomicLong pushBacks = new AtomicLong();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    /** Whether the last {@link #tick} left a slot free (see {@link #enqueue}); true until the first. */
    private volatile boolean slotsLeft = true;
    private volatile ScheduledExecutorService scheduler;
    private volatile ScheduledFuture<?> ticking;
    private final AtomicBoolean numbering = new AtomicBoolean();
    private volatile Executor background = Runnable::run;
    private Instant nextPositions = Instant.MIN;

    /**
     * @param spotChanged told the id of each waiting task whose shown position or wait changed, to show it
     */
    public Dispatcher(DataSource dataSource, String instanceId, Duration lease, boolean shared, QueueSettings settings,
            Clock clock, Sender sender, Consumer<String> spotChanged) {
        this.store = new QueueStore(dataSource, instanceId, lease, shared);
        this.modelOutage = new ModelOutage(dataSource);
        this.positions = new QueuePositions(store, settings);
        this.settings = settings;
        this.clock = clock;
        this.sender = sender;
        this.spotChanged = spotChanged;
    }

    /**
     * Puts a stored and charged task into the queue (its order: when it was asked for) and wakes the dispatch if the
     * last tick left a slot free. When the cap was full, a queued task cannot change that: only a slot freeing can,
     * and that wakes the dispatch itself (or, on another instance, the periodic tick finds it). Without this, each
     * command of a burst cost a dispatch transaction that found no room.
     */
    public void enqueue(String taskId, Instant createdAt) {
        long order = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
        if (store.enqueue(taskId, order) && slotsLeft) {
            wake();
        }
    }

    /**
     * One step: claims as many waiting tasks as there are free slots, in the fair order, and sends them; renumbers
     * the backlog when due. Returns how many were claimed. Not to be called concurrently with itself on one
     * instance ({@link #start} runs it on one scheduler thread).
     */
    public int tick(Instant now) {
        QueueStore.Claim claim = store.claim(now, settings.maxInFlight(), settings::weight);
        slotsLeft = claim.slotsLeft();
        List<QueueStore.Claimed> claimed = claim.tasks();
        for (QueueStore.Claimed task : claimed) {
            waits.record(Duration.between(task.createdAt(), now));
            dispatched.incrementAndGet();
            sender.send(task.taskId());
        }
        if (!now.isBefore(nextPositions) && numbering.compareAndSet(false, true)) {
            nextPositions = now.plus(settings.positionRefresh());
            try {
                background.execute(() -> number(now));
            } catch (RejectedExecutionException e) {
                numbering.set(false);
            }
        }
        return claimed.size();
    }

    /** The create call was accepted: the effective cap grows back and any push-back streak or pause ends. */
    public void accepted() {
        store.accepted(settings.maxInFlight());
        modelOutage.accepted();
    }

    /**
     * The provider refused a create with "model not found" at {@code now}: records it (across instances) and says how
     * long such refusals have lasted. The caller still pushes the task back unless the streak says to give up.
     */
    public ModelStreak modelUnavailable(Instant now) {
        Duration lasted = modelOutage.refused(now);
        return new ModelStreak(lasted, lasted.compareTo(settings.modelUnavailableAlertAfter()) >= 0,
                lasted.compareTo(settings.modelUnavailableGiveUpAfter()) >= 0);
    }

    /**
     * The provider refused the create for load before accepting it (QuotaExceeded, 429, a 5xx, no connection): the
     * task waits again at the head of its lane, and dispatch slows down. {@code retryAfter} may be null.
     */
    public void pushedBack(String taskId, Duration retryAfter, Instant now) {
        if (store.requeue(taskId, now)) {
            pushBacks.incrementAndGet();
            store.pushedBack(now, settings.maxInFlight(), settings.decrease(), settings::backoffAfter, retryAfter);
            log.info("task {} pushed back by the provider; back at the head of its lane", taskId);
        }
    }

    /**
     * The account is out of balance: the whole queue pauses for {@link QueueSettings#balanceRecheck}, then tries one
     * create; {@link #resume} ends the pause at once. (The refused task itself is failed and refunded by the engine.)
     */
    public void pauseForBalance(Instant now) {
        Instant until = now.plus(settings.balanceRecheck());
        store.pause(until);
        log.error("the provider account is out of balance: the queue is paused until {}", until);
    }

    /**
     * Ends a pause or a backoff now (an operator topped up the account), for every instance on the database (they
     * read the gate at their next tick). Returns whether the queue was paused or holding back.
     */
    public boolean resume() {
        QueueStore.Gate gate = store.gate();
        boolean held = gate.paused() || gate.holdUntil() != null && gate.holdUntil().isAfter(clock.instant());
        store.pause(null);
        if (held) {
            log.warn("the queue was resumed by an operator before its recheck");
        }
        wake();
        return held;
    }

    public QueueStatus status() {
        QueueStore.Gate gate = store.gate();
        double cap = gate.effectiveCap() < 0 ? settings.maxInFlight()
                : Math.max(1, Math.min(settings.maxInFlight(), gate.effectiveCap()));
        return new QueueStatus(store.depth(), store.inFlight(), settings.maxInFlight(), cap, gate.paused(),
                gate.holdUntil(), waits.percentile(0.5), waits.percentile(0.9), waits.percentile(0.99),
                dispatched.get(), pushBacks.get());
    }

    /** Numbers the backlog; one at a time, off the dispatching thread once started. */
    private void number(Instant now) {
        try {
            positions.refresh(now, spotChanged);
        } catch (RuntimeException e) {
            log.warn("queue positions not refreshed: {}", e.toString());
        } finally {
            numbering.set(false);
        }
    }

    /**
     * Every waiting task with its last shown spot, nearest to being sent first (tasks not numbered yet last, oldest
     * first): for moderators.
     */
    public List<QueuedTask> waiting() {
        return store.waiting().stream()
                .map(w -> new QueuedTask(w.taskId(), w.communityKey(), w.userKey(), w.position() == null ? null
                        : new QueueSpot(w.position(), Duration.ofSeconds(w.waitSeconds() == null ? 0
                                : w.waitSeconds()))))
                .sorted(Comparator.comparing((QueuedTask t) -> t.spot() == null ? Integer.MAX_VALUE
                        : t.spot().position()))
                .toList();
    }

    /**
     * Runs {@link #tick} on {@code scheduler} every {@link QueueSettings#tick} and after each {@link #wake}; the
     * backlog is numbered on {@code background}, so that numbering thousands of waiting tasks never delays a
     * dispatch.
     */
    public void start(ScheduledExecutorService scheduler, Executor background) {
        this.background = background;
        this.scheduler = scheduler;
        long millis = Math.max(1, settings.tick().toMillis());
        ticking = scheduler.scheduleWithFixedDelay(this::runTick, 0, millis, TimeUnit.MILLISECONDS);
    }

    public void close() {
        ScheduledFuture<?> f = ticking;
        if (f != null) {
            f.cancel(false);
        }
        scheduler = null;
    }

    /** Asks for a tick soon (coalesced): a task was queued or a slot freed. No effect before {@link #start}. */
    public void wake() {
        ScheduledExecutorService s = scheduler;
        if (s == null || !wakePending.compareAndSet(false, true)) {
            return;
        }
        try {
            s.execute(() -> {
                wakePending.set(false);
                runTick();
            });
        } catch (RejectedExecutionException e) {
            wakePending.set(false);
        }
    }

    private void runTick() {
        try {
            tick(clock.instant());
        } catch (RuntimeException e) {
            log.error("queue tick failed", e);
        }
    }
}
