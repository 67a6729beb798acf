package dev.seedancebot.core.engine;

import dev.seedancebot.core.cluster.ClusterSettings;
import dev.seedancebot.core.community.CommunitySettingsService;
import dev.seedancebot.core.engine.queue.Dispatcher;
import dev.seedancebot.core.engine.queue.QueueSettings;
import dev.seedancebot.core.generation.VideoGenerator;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.media.convert.MediaConverter;
import dev.seedancebot.core.media.fit.ResultFitter;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.platform.PlatformRouter;
import dev.seedancebot.core.quota.PriceTable;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.request.Intent;
import dev.seedancebot.core.request.RequestValidator;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.storage.Database;
import dev.seedancebot.core.storage.DiskFloor;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The generation engine: takes validated requests, charges them, sends them to the provider, polls them, downloads
 * the result and hands it to the platform it came from, refunding every failure.
 *
 * <p>Durability contract: every task and every state change is in the database before the external call that follows
 * it (see {@link TaskState}); quota is reserved before the create call, committed after the delivery is recorded and
 * refunded on any failure; {@link #start()} resumes whatever a crash left unfinished ({@link Recovery}). A create
 * call whose outcome is unknown is never sent again: the user is refunded and told. A crash between posting a video
 * and recording the post makes the restart post again with the same task id, which adapters use as an idempotency
 * key where the platform has one.
 *
 * <p>Several instances can share one PostgreSQL database (see {@link ClusterSettings}). An instance works on a task
 * only while it holds the task's lease (see {@link JdbcTaskStore}): it leases the tasks it accepts, claims due polls
 * with {@code FOR UPDATE SKIP LOCKED}, renews its leases every {@link ClusterSettings#renewInterval()} and, at the
 * same pace, takes over tasks whose leases lapsed because their instance died. So no task is polled by two instances
 * at once, and a state change or a post is only made by the lease holder: no double delivery, no double charge.
 * On H2 there is one instance, so {@link #start()} simply takes every lease back.
 *
 * <p>The work is split along a task's life: {@link Intake} takes requests in, the queue ({@link Dispatcher}) hands
 * them to the {@link Submitter}, the {@link Poller} follows them at the provider, {@link TaskDelivery} posts the
 * result, {@link Settlement} ends failures and refunds them, {@link Cancellation} and {@link Recovery} do what their
 * names say, over the task-store ports {@link TaskStore} and {@link TaskTransitions} (on JDBC) and
 * {@link TaskFiles}. This class wires them and is the one way in.
 *
 * <p>Threads: {@code scheduler} runs the poll tick, lease upkeep, delayed retries and the retention sweep (one
 * thread is enough);
 * {@code workers} run provider and platform calls; at most {@link EngineSettings#maxPollsInFlight()} polls are in
 * flight at once. {@link #tick(Instant)} is the same step without the scheduler, for tests that drive the engine
 * themselves.
 */
public final class GenerationEngine implements AutoCloseable {
    private final TaskStore store;
    private final EngineSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final ClusterSettings cluster;
    private final boolean sharedDatabase;
    private final boolean afterUncleanStop;
    private final DiskFloor diskFloor;
    private final RetentionSweeper retention;
    private final Dispatcher queue;
    private final TaskFiles files;
    private final Notices notices;
    private final Intake intake;
    private final Cancellation cancellation;
    private final Submitter submitter;
    private final Poller poller;
    private final Recovery recovery;
    private volatile ScheduledFuture<?> tick;
    private volatile ScheduledFuture<?> leaseUpkeep;
    private volatile ScheduledFuture<?> sweep;

    /**
     * An engine taking part in a group of instances as {@code cluster} says (its id and lease), refusing new requests
     * while {@code diskFloor} says the disk is nearly full, and polling a task the provider does not know for
     * {@code taskNotFoundGrace} before it counts as lost (see {@link TaskNotFoundGrace}).
     */
    public GenerationEngine(
            Database database,
            QuotaService quota,
            CommunitySettingsService communities,
            PriceTable prices,
            RequestValidator validator,
            MediaConverter converter,
            VideoGenerator generator,
            PlatformRouter router,
            EngineSettings settings,
            Clock clock,
            ScheduledExecutorService scheduler,
            ExecutorService workers,
            Random random,
            EngineListener listener,
            ClusterSettings cluster,
            DiskFloor diskFloor,
            Duration taskNotFoundGrace,
            ResultFitter fitter,
            QueueSettings queueSettings) {
        this.cluster = cluster;
        this.sharedDatabase = database.isShared();
        this.afterUncleanStop = database.afterUncleanStop();
        this.store = new JdbcTaskStore(database.dataSource(), cluster.instanceId(), cluster.leaseDuration(),
                database.isShared());
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
        this.workers = workers;
        this.diskFloor = diskFloor;
        TaskTransitions transitions = new JdbcTaskTransitions(new TaskRows(database.dataSource()), cluster.instanceId(),
                cluster.leaseDuration());
        this.files = new TaskFiles(settings.workDir());
        this.notices = new Notices(store, transitions, router, clock);
        TaskWork work = new TaskWork(store, scheduler, workers, random, settings.jitter());
        // the queue calls back into the submitter, built below: the callbacks run only once the queue is ticked
        this.queue = new Dispatcher(database.dataSource(), cluster.instanceId(), cluster.leaseDuration(),
                database.isShared(), queueSettings, clock, id -> work.runAsync(id, () -> sendCreate(id)),
                id -> work.runAsync(id, () -> notices.showProgress(id)));
        EngineListener events = new QueueWakeListener(listener == null ? EngineListener.NONE : listener, queue);
        Settlement settlement = new Settlement(transitions, quota, events, notices, clock);
        TaskDelivery delivery = new TaskDelivery(store, transitions, router, generator, fitter, quota, events,
                settlement, notices, work, files, settings, clock);
        this.intake = new Intake(store, quota, communities, prices, validator, converter, diskFloor, queue, events,
                files, settings, clock);
        this.cancellation = new Cancellation(store, transitions, quota, events, notices, clock);
        this.submitter = new Submitter(store, transitions, generator, queue, events, settlement, notices, work,
                settings.firstPollAfter(), clock);
        this.poller = new Poller(store, transitions, generator, events, settlement, notices, delivery, work,
                new TaskNotFoundGrace(transitions, taskNotFoundGrace),
                new SilentRetry(store, transitions, generator, clock), settings, clock, workers);
        this.recovery = new Recovery(store, quota, router, queue, settlement, delivery, work, cluster);
        this.retention = new RetentionSweeper(store, settings.workDir(), settings.retention(), clock);
    }

    /**
     * Resumes the unfinished tasks nobody holds (on H2: all of them), then starts polling and lease upkeep. Call
     * once, after the adapters have registered.
     */
    public void start() {
        recovery.onStart(sharedDatabase, afterUncleanStop);
        long tickMillis = Math.max(1, settings.tick().toMillis());
        tick = scheduler.scheduleWithFixedDelay(() -> poller.tick(clock.instant()), 0, tickMillis,
                TimeUnit.MILLISECONDS);
        long upkeepMillis = Math.max(1, cluster.renewInterval().toMillis());
        leaseUpkeep = scheduler.scheduleWithFixedDelay(
                recovery::keepLeases, upkeepMillis, upkeepMillis, TimeUnit.MILLISECONDS);
        long sweepMillis = settings.retention().sweepEvery().toMillis();
        // the first sweep soon after start, so that a bot restarted more often than sweepEvery still sweeps
        sweep = scheduler.scheduleWithFixedDelay(retention::sweepNow, Math.min(sweepMillis, 60_000), sweepMillis,
                TimeUnit.MILLISECONDS);
        queue.start(scheduler, workers);
    }

    /**
     * One step of the engine at {@code now}, without its scheduler: sends the creates the queue allows, then starts
     * the polls that are due. With a direct executor as {@code workers}, every provider and platform call the step
     * makes has returned when it does, so a test can advance its clock and see each transition. Not to be called
     * concurrently with itself or with a {@link #start started} engine's own ticks.
     */
    public void tick(Instant now) {
        queue.tick(now);
        poller.tick(now);
    }

    private void sendCreate(String id) {
        submitter.send(id);
    }

    /** This engine's id in the {@code lease_owner} column. */
    public String instanceId() {
        return cluster.instanceId();
    }

    /** Stops taking new requests; running work continues until {@link #close()}. */
    public void stopAccepting() {
        intake.stopAccepting();
    }

    /** Stops polling. Work in flight is left to the executors' owner; everything is persisted and resumes. */
    @Override
    public void close() {
        intake.stopAccepting();
        queue.close();
        for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {tick, leaseUpkeep, sweep}) {
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    /**
     * Hands this instance's leases back, so other instances take its unfinished tasks at once instead of after the
     * lease lapses. Call after {@link #close()} once the workers have stopped.
     */
    public void releaseLeases() {
        recovery.releaseLeases();
    }

    // ---------------------------------------------------------------- requests

    /**
     * Validates, prices and charges a request, stores it and queues the create call. Returns at once: the provider is
     * called on a worker thread. {@code roleIds} are the requester's roles in the community (for per-role limits).
     */
    public SubmitOutcome submit(VideoRequest request, Set<String> roleIds) {
        return intake.submit(request, roleIds, null, null);
    }

    /**
     * Like {@link #submit(VideoRequest, Set)}, for a request made from a platform event that may be delivered again
     * (a Telegram update whose offset was not confirmed before a restart): a second submit with the same
     * {@code sourceKey} answers {@link SubmitOutcome.Repeated} with the first task and charges nothing.
     */
    public SubmitOutcome submitOnce(VideoRequest request, Set<String> roleIds, String sourceKey) {
        return intake.submitOnce(request, roleIds, sourceKey);
    }

    /** A new task with the same prompt, inputs and settings as {@code taskId}, linked to it. */
    public SubmitOutcome reroll(String taskId, UserKey actor, ChatRef replyTo, Set<String> roleIds) {
        return intake.reroll(taskId, actor, replyTo, roleIds);
    }

    /**
     * A new task that edits or extends the delivered video of {@code taskId} following {@code instruction}, linked
     * to it.
     */
    public SubmitOutcome followUp(
            String taskId, Intent intent, String instruction, UserKey actor, ChatRef replyTo, Set<String> roleIds) {
        return intake.followUp(taskId, intent, instruction, actor, replyTo, roleIds);
    }

    /**
     * Cancels a task for its owner or a moderator. Before the create call the credits are refunded; afterwards the
     * provider keeps running and billing (it has no cancel call), so the credits stay used and the user is told.
     */
    public ActionOutcome cancel(String taskId, UserKey actor, boolean moderator) {
        return cancellation.cancel(taskId, actor, moderator);
    }

    /**
     * Tells the requester that a moderator refunded their task; the ledger change itself is the caller's. The text is
     * written in the requester's language, not the moderator's, so the caller passes how to word it.
     */
    public void announceRefund(String taskId, Supplier<String> text) {
        notices.notifyQuietly(taskId, new Notice(Notice.Kind.REFUNDED, notices.inRequesterLanguage(taskId, text)));
    }

    public Optional<TaskView> task(String taskId) {
        return store.find(taskId).map(TaskRecord::view);
    }

    public List<TaskView> recentTasks(UserKey user, int limit) {
        return store.recentByUser(user, limit).stream().map(TaskRecord::view).toList();
    }

    /** Tasks that are not finished yet (for health, metrics and shutdown). */
    public int unfinishedCount() {
        return store.unfinished().size();
    }

    public int countInState(TaskState state) {
        return store.countInState(state);
    }

    public long pollsSent() {
        return poller.pollsSent();
    }

    /** The queue in front of the provider: its state, and {@link Dispatcher#resume} for operators. */
    public Dispatcher queue() {
        return queue;
    }

    /** Removes expired task files and rows; {@link #start()} runs it every {@link RetentionSettings#sweepEvery()}. */
    public RetentionSweeper retention() {
        return retention;
    }

    /** The free-disk floor below which {@link #submit} refuses new requests. */
    public DiskFloor diskFloor() {
        return diskFloor;
    }

    /**
     * Keeps the largest upload the task's chat accepts, as the platform said when the task was asked for; the
     * delivery fits the video to it, after a restart too. Without it the adapter's {@code uploadLimitBytes} counts.
     */
    public void rememberUploadLimit(String taskId, long bytes) {
        if (bytes > 0) {
            store.uploadLimit(taskId, bytes);
        }
    }

    /** The file a delivered task's video is kept in, for follow-ups. */
    public Path resultFile(String taskId) {
        return files.result(taskId);
    }
}
