package dev.seedancebot.core.engine;

import static dev.seedancebot.core.i18n.Texts.t;
import static dev.seedancebot.core.i18n.Texts.tn;

import dev.seedancebot.core.cluster.ClusterSettings;
import dev.seedancebot.core.community.CommunitySettings;
import dev.seedancebot.core.community.CommunitySettingsService;
import dev.seedancebot.core.engine.JdbcTaskStore.Changes;
import dev.seedancebot.core.engine.queue.Dispatcher;
import dev.seedancebot.core.engine.queue.QueueSettings;
import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationException;
import dev.seedancebot.core.generation.GenerationStatus;
import dev.seedancebot.core.generation.VideoGenerator;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.media.convert.Conversion;
import dev.seedancebot.core.media.convert.MediaConverter;
import dev.seedancebot.core.media.fit.ResultFitter;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.platform.PlatformException;
import dev.seedancebot.core.platform.PlatformPort;
import dev.seedancebot.core.platform.PlatformRouter;
import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.platform.UserTexts;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.quota.PriceTable;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.quota.ReserveDecision;
import dev.seedancebot.core.request.Intent;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.MediaKind;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.MediaSource;
import dev.seedancebot.core.request.RequestValidator;
import dev.seedancebot.core.request.ValidationResult;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.storage.Database;
import dev.seedancebot.core.storage.DiskFloor;
import dev.seedancebot.core.storage.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The generation engine: takes validated requests, charges them, sends them to the provider, polls them, downloads
 * the result and hands it to the platform it came from, refunding every failure.
 *
 * <p>Durability contract: every task and every state change is in the database before the external call that follows
 * it (see {@link TaskState}); quota is reserved before the create call, committed after the delivery is recorded and
 * refunded on any failure; {@link #start()} resumes whatever a crash left unfinished. A create call whose outcome is
 * unknown is never sent again: the user is refunded and told. A crash between posting a video and recording the post
 * makes the restart post again with the same task id, which adapters use as an idempotency key where the platform
 * has one.
 *
 * <p>Several instances can share one PostgreSQL database (see {@link ClusterSettings}). An instance works on a task
 * only while it holds the task's lease (see {@link JdbcTaskStore}): it leases the tasks it accepts, claims due polls
 * with {@code FOR UPDATE SKIP LOCKED}, renews its leases every {@link ClusterSettings#renewInterval()} and, at the
 * same pace, takes over tasks whose leases lapsed because their instance died. So no task is polled by two instances
 * at once, and a state change or a post is only made by the lease holder: no double delivery, no double charge.
 * On H2 there is one instance, so {@link #start()} simply takes every lease back.
 *
 * <p>Threads: {@code scheduler} runs the poll tick, lease upkeep, delayed retries and the retention sweep (one
 * thread is enough);
 * {@code workers} run provider and platform calls; at most {@link EngineSettings#maxPollsInFlight()} polls are in
 * flight at once.
 */
public final class GenerationEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GenerationEngine.class);
    private static final String ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final int STRANDED_BATCH = 100;
    /**
     * Create refusals for load, answered before the provider accepted anything: the task waits again. Model
     * unavailable is anyfast's 503 {@code model_not_found}, "no available channel" (API-NOTES: capacity, retry later).
     */
    private static final Set<ErrorKind> PUSH_BACK = EnumSet.of(ErrorKind.RATE_LIMITED, ErrorKind.SERVER_ERROR,
            ErrorKind.NETWORK, ErrorKind.MODEL_UNAVAILABLE);

    private final JdbcTaskStore store;
    private final QuotaService quota;
    private final CommunitySettingsService communities;
    private final PriceTable prices;
    private final RequestValidator validator;
    private final MediaConverter converter;
    private final VideoGenerator generator;
    private final PlatformRouter router;
    private final EngineSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final Random random;
    private final SecureRandom ids = new SecureRandom();
    private final Semaphore pollPermits;
    private final ClusterSettings cluster;
    private final boolean sharedDatabase;
    private final boolean afterUncleanStop;
    private final AtomicReference<Instant> pausedUntil = new AtomicReference<>(Instant.EPOCH);
    private final AtomicLong pollsSent = new AtomicLong();
    private final EngineListener listener;
    private final DiskFloor diskFloor;
    private final ResultFitter fitter;
    private final RetentionSweeper retention;
    private final TaskNotFoundGrace notFound;
    private final SilentRetry silentRetry;
    private final Dispatcher queue;
    private volatile ScheduledFuture<?> tick;
    private volatile ScheduledFuture<?> leaseUpkeep;
    private volatile ScheduledFuture<?> sweep;
    private volatile boolean accepting = true;

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
        this.quota = quota;
        this.communities = communities;
        this.prices = prices;
        this.validator = validator;
        this.converter = Objects.requireNonNull(converter, "converter");
        this.generator = generator;
        this.router = router;
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
        this.workers = workers;
        this.random = random;
        this.queue = new Dispatcher(database.dataSource(), cluster.instanceId(), cluster.leaseDuration(),
                database.isShared(), queueSettings, clock, id -> runAsync(id, () -> sendCreate(id)),
                id -> runAsync(id, () -> showProgress(id)));
        this.listener = new QueueWakeListener(listener == null ? EngineListener.NONE : listener, queue);
        this.pollPermits = new Semaphore(settings.maxPollsInFlight());
        this.diskFloor = diskFloor;
        this.fitter = fitter;
        this.retention = new RetentionSweeper(store, settings.workDir(), settings.retention(), clock);
        this.notFound = new TaskNotFoundGrace(database.dataSource(), taskNotFoundGrace);
        this.silentRetry = new SilentRetry(store, generator, clock);
    }

    /**
     * Resumes the unfinished tasks nobody holds (on H2: all of them), then starts polling and lease upkeep. Call
     * once, after the adapters have registered.
     */
    public void start() {
        int freed = store.releaseLeftoverLeases(!sharedDatabase);
        log.info("engine instance {} starting (lease {}); {} leases left from an earlier run freed",
                cluster.instanceId(), cluster.leaseDuration(), freed);
        if (afterUncleanStop) {
            quota.repairTornCharges(); // scans every charge: only after a kill can one be torn
        }
        settleOpenCharges();
        takeOverStranded();
        long tickMillis = Math.max(1, settings.tick().toMillis());
        tick = scheduler.scheduleWithFixedDelay(this::pollDueTasks, 0, tickMillis, TimeUnit.MILLISECONDS);
        long upkeepMillis = Math.max(1, cluster.renewInterval().toMillis());
        leaseUpkeep = scheduler.scheduleWithFixedDelay(
                this::keepLeases, upkeepMillis, upkeepMillis, TimeUnit.MILLISECONDS);
        long sweepMillis = settings.retention().sweepEvery().toMillis();
        // the first sweep soon after start, so that a bot restarted more often than sweepEvery still sweeps
        sweep = scheduler.scheduleWithFixedDelay(retention::sweepNow, Math.min(sweepMillis, 60_000), sweepMillis,
                TimeUnit.MILLISECONDS);
        queue.start(scheduler, workers);
    }

    /**
     * Finishes the ledger side of tasks that ended just before a crash: a delivered task is charged, a failed one
     * (or one cancelled before its create call) refunded. Commit and refund are idempotent, so an instance racing
     * this one does no harm.
     */
    private void settleOpenCharges() {
        for (TaskRecord task : store.finishedWithReservedCharge()) {
            boolean charge = task.state() == TaskState.DELIVERED
                    || (task.state() == TaskState.CANCELLED && task.providerTaskId() != null);
            if (charge) {
                quota.commit(task.id());
            } else {
                refund(task, task.errorKind(), task.errorKind() == null ? "cancelled" : task.errorKind().name());
            }
            log.info("task {} was {} before a stop; its charge is now {}", task.id(), task.state(),
                    charge ? "committed" : "refunded");
        }
    }

    /** This engine's id in the {@code lease_owner} column. */
    public String instanceId() {
        return cluster.instanceId();
    }

    /** Stops taking new requests; running work continues until {@link #close()}. */
    public void stopAccepting() {
        accepting = false;
    }

    /** Stops polling. Work in flight is left to the executors' owner; everything is persisted and resumes. */
    @Override
    public void close() {
        accepting = false;
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
        int released = store.releaseLeftoverLeases(false);
        log.info("engine instance {} released {} leases", cluster.instanceId(), released);
    }

    // ---------------------------------------------------------------- requests

    /**
     * Validates, prices and charges a request, stores it and queues the create call. Returns at once: the provider is
     * called on a worker thread. {@code roleIds} are the requester's roles in the community (for per-role limits).
     */
    public SubmitOutcome submit(VideoRequest request, Set<String> roleIds) {
        return submit(request, roleIds, null, null);
    }

    /**
     * Like {@link #submit(VideoRequest, Set)}, for a request made from a platform event that may be delivered again
     * (a Telegram update whose offset was not confirmed before a restart): a second submit with the same
     * {@code sourceKey} answers {@link SubmitOutcome.Repeated} with the first task and charges nothing.
     */
    public SubmitOutcome submitOnce(VideoRequest request, Set<String> roleIds, String sourceKey) {
        Objects.requireNonNull(sourceKey, "sourceKey");
        Optional<TaskRecord> earlier = store.findBySourceKey(sourceKey);
        if (earlier.isPresent()) {
            return new SubmitOutcome.Repeated(earlier.get().view());
        }
        try {
            return submit(request, roleIds, null, sourceKey);
        } catch (IllegalStateException e) {
            // the same event raced itself in; the unique key let exactly one through
            return store.findBySourceKey(sourceKey)
                    .<SubmitOutcome>map(t -> new SubmitOutcome.Repeated(t.view()))
                    .orElseThrow(() -> e);
        }
    }

    private SubmitOutcome submit(VideoRequest request, Set<String> roleIds, String parentId, String sourceKey) {
        if (!accepting) {
            return new SubmitOutcome.Denied(UserTexts.restarting());
        }
        Optional<String> diskFull = diskFloor.refusal();
        if (diskFull.isPresent()) {
            return new SubmitOutcome.Denied(diskFull.get());
        }
        CommunitySettings community = communities.get(request.replyTo().communityId());
        if (!community.videosEnabled()) {
            String message = UserTexts.videosOff();
            listener.denied(request, message);
            return new SubmitOutcome.Denied(message);
        }
        // converted before validation, pricing and charging: the price is that of what is sent
        Conversion conversion = converter.convert(request,
                settings.workDir().resolve("convert").resolve(UUID.randomUUID().toString()));
        try {
            return submitConverted(request, conversion, roleIds, parentId, sourceKey, community);
        } finally {
            conversion.discard(); // the task keeps its own copies (or links) of the converted files
        }
    }

    private SubmitOutcome submitConverted(VideoRequest original, Conversion conversion, Set<String> roleIds,
            String parentId, String sourceKey, CommunitySettings community) {
        VideoRequest request = conversion.request();
        ValidationResult validation = validator.validate(request);
        List<String> problems = new ArrayList<>(conversion.problems());
        validation.problems().stream().filter(p -> !conversion.alreadyRefused(p)).forEach(problems::add);
        problems.addAll(community.problems(request.options()));
        if (!problems.isEmpty()) {
            listener.rejected(original, problems);
            return new SubmitOutcome.Invalid(problems);
        }
        long cost = prices.cost(request.options(), validation.totalVideoSeconds());
        String id = newTaskId();
        Instant now = clock.instant();
        List<MediaInput> kept = keepMedia(id, request.media());
        TaskRecord task = new TaskRecord(id, parentId, request.requester(), request.replyTo(), Set.copyOf(roleIds),
                TaskState.RECEIVED, request.intent(), request.prompt(), request.options(), kept, cost, null, null, 0, 0,
                null, false, null, 0, 0, null, null, null, null, now, null, null, null);
        store.insert(task, request.mode().name(), now, sourceKey, Languages.tag(Texts.current().locale()));
        ReserveDecision decision;
        try {
            decision = quota.reserve(id, request.requester(), request.replyTo().communityId(), roleIds, cost);
        } catch (RuntimeException e) {
            forget(id);
            throw e;
        }
        if (decision instanceof ReserveDecision.Denied denied) {
            forget(id);
            listener.denied(original, denied.message());
            return new SubmitOutcome.Denied(denied.message());
        }
        long remaining = ((ReserveDecision.Granted) decision).remainingToday();
        log.info("task {} received from {} ({}, {} credits)", id, request.requester(), request.mode(), cost);
        listener.stateChanged(id, null, TaskState.RECEIVED);
        queue.enqueue(id, now);
        return new SubmitOutcome.Accepted(task.view(), remaining, conversion.notes());
    }

    /** A new task with the same prompt, inputs and settings as {@code taskId}, linked to it. */
    public SubmitOutcome reroll(String taskId, UserKey actor, ChatRef replyTo, Set<String> roleIds) {
        Optional<TaskRecord> parent = store.find(taskId);
        if (parent.isEmpty()) {
            return new SubmitOutcome.Invalid(List.of(t("task.noSuchVideo", "taskId", taskId)));
        }
        TaskRecord p = parent.get();
        boolean inputsGone = p.media().stream()
                .anyMatch(m -> m.source() instanceof MediaSource.LocalFile f && !Files.isRegularFile(f.path()));
        if (inputsGone) {
            return new SubmitOutcome.Invalid(List.of(settings.retention().noLongerKept(taskId)));
        }
        VideoRequest again = new VideoRequest(p.prompt(), p.media(), p.options(), p.intent(), actor, replyTo);
        return submit(again, roleIds, p.id(), null);
    }

    /**
     * A new task that edits or extends the delivered video of {@code taskId} following {@code instruction}, linked
     * to it.
     */
    public SubmitOutcome followUp(
            String taskId, Intent intent, String instruction, UserKey actor, ChatRef replyTo, Set<String> roleIds) {
        if (intent == Intent.GENERATE) {
            throw new IllegalArgumentException("follow-ups are edits or extensions");
        }
        Optional<TaskRecord> parent = store.find(taskId);
        Path result = resultFile(taskId);
        if (parent.isPresent() && parent.get().state() == TaskState.DELIVERED && !Files.isRegularFile(result)
                && parent.get().resultBytes() > 0) {
            return new SubmitOutcome.Invalid(List.of(settings.retention().noLongerKept(taskId)));
        }
        if (parent.isEmpty() || parent.get().state() != TaskState.DELIVERED || !Files.isRegularFile(result)) {
            return new SubmitOutcome.Invalid(List.of(
                    t(intent == Intent.EXTEND ? "task.notAvailableToExtend" : "task.notAvailableToEdit",
                            "taskId", taskId)));
        }
        MediaInput video = new MediaInput(MediaRole.REFERENCE_VIDEO, new MediaSource.LocalFile(result),
                "video " + taskId);
        VideoRequest request = new VideoRequest(instruction, List.of(video), parent.get().options(), intent, actor,
                replyTo);
        return submit(request, roleIds, taskId, null);
    }

    /**
     * Cancels a task for its owner or a moderator. Before the create call the credits are refunded; afterwards the
     * provider keeps running and billing (it has no cancel call), so the credits stay used and the user is told.
     */
    public ActionOutcome cancel(String taskId, UserKey actor, boolean moderator) {
        Optional<TaskRecord> found = store.find(taskId);
        if (found.isEmpty()) {
            return ActionOutcome.refused(t("task.noSuchVideo", "taskId", taskId));
        }
        TaskRecord task = found.get();
        if (!moderator && !task.requester().equals(actor)) {
            return ActionOutcome.refused(t("task.cancel.notYours", "taskId", taskId));
        }
        Instant now = clock.instant();
        switch (task.state()) {
            case RECEIVED -> {
                String ending = inRequesterLanguage(taskId, () -> t("task.cancel.beforeSentEnding"));
                if (store.cancel(taskId, TaskState.RECEIVED, cancelled(ending, now), now)) {
                    quota.refund(taskId, "cancelled before submission by " + actor);
                    notifyQuietly(taskId, new Notice(Notice.Kind.CANCELLED,
                            inRequesterLanguage(taskId, () -> t("task.cancel.beforeSent", "taskId", taskId))));
                    listener.stateChanged(taskId, TaskState.RECEIVED, TaskState.CANCELLED);
                    showProgress(taskId);
                    return ActionOutcome.done(t("task.cancel.beforeSent", "taskId", taskId));
                }
                return cancel(taskId, actor, moderator);
            }
            case SUBMITTING, SUBMITTED -> {
                String ending = inRequesterLanguage(taskId, () -> t("task.cancel.startedEnding",
                        "stillBilled", t("task.cancel.stillBilled", "credits", tn("unit.credits", task.cost()))));
                if (store.cancel(taskId, task.state(), cancelled(ending, now), now)) {
                    quota.commit(taskId);
                    notifyQuietly(taskId, new Notice(Notice.Kind.CANCELLED, inRequesterLanguage(taskId,
                            () -> t("task.cancel.started", "taskId", taskId,
                                    "stillBilled", t("task.cancel.stillBilled", "credits", tn("unit.credits", task.cost()))))));
                    listener.stateChanged(taskId, task.state(), TaskState.CANCELLED);
                    // the progress message must end as cancelled, without the Cancel button that now does nothing
                    showProgress(taskId);
                    return ActionOutcome.done(t("task.cancel.started", "taskId", taskId,
                            "stillBilled", t("task.cancel.stillBilled", "credits", tn("unit.credits", task.cost()))));
                }
                return cancel(taskId, actor, moderator);
            }
            case SUCCEEDED, DELIVERING -> {
                return ActionOutcome.refused(t("task.cancel.alreadyPosting", "taskId", taskId));
            }
            default -> {
                return ActionOutcome.refused(t("task.cancel.alreadyEnded", "taskId", taskId));
            }
        }
    }

    /** How a cancelled task's progress message ends ({@link UserTexts#ending}), stored with the cancellation. */
    private static Changes cancelled(String ending, Instant now) {
        return Changes.of("finished_at", now).and("error_message", ending);
    }

    /**
     * Tells the requester that a moderator refunded their task; the ledger change itself is the caller's. The text is
     * written in the requester's language, not the moderator's, so the caller passes how to word it.
     */
    public void announceRefund(String taskId, Supplier<String> text) {
        notifyQuietly(taskId, new Notice(Notice.Kind.REFUNDED, inRequesterLanguage(taskId, text)));
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
        return pollsSent.get();
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
        return taskDir(taskId).resolve("result.mp4");
    }

    // ---------------------------------------------------------------- lifecycle

    /** Renews this instance's leases, then takes over tasks whose instance died. Runs on the scheduler. */
    private void keepLeases() {
        try {
            store.renewLeases();
            takeOverStranded();
        } catch (RuntimeException e) {
            log.error("lease upkeep failed; retrying in {}", cluster.renewInterval(), e);
        }
    }

    private void takeOverStranded() {
        EnumSet<Platform> deliverable = EnumSet.noneOf(Platform.class);
        for (Platform p : Platform.values()) {
            if (router.port(p).isPresent()) {
                deliverable.add(p);
            }
        }
        List<TaskRecord> claimed;
        do {
            claimed = store.claimStranded(STRANDED_BATCH, deliverable);
            for (TaskRecord task : claimed) {
                log.info("task {} taken over in state {}", task.id(), task.state());
                runAsync(task.id(), () -> resume(task));
            }
        } while (claimed.size() == STRANDED_BATCH);
    }

    /** Continues a task this instance has just leased from a crashed or previous run. */
    private void resume(TaskRecord task) {
        String id = task.id();
        switch (task.state()) {
            case RECEIVED -> {
                boolean reserved = quota.entry(id).map(e -> e.state() == ChargeState.RESERVED).orElse(false);
                if (reserved) {
                    queue.enqueue(id, task.createdAt());
                } else {
                    fail(task, TaskState.RECEIVED, ErrorKind.UNKNOWN,
                            t("task.restartedBeforeCharge"), false);
                }
            }
            case SUBMITTING -> fail(task, TaskState.SUBMITTING, ErrorKind.OUTCOME_UNKNOWN,
                    t("task.restartedWhileSending"),
                    false);
            case SUCCEEDED, DELIVERING -> runAsync(id, () -> deliver(id));
            // failed, its notice not yet posted: its instance stopped (or its refund threw) in between; the refund
            // is idempotent, and the user must not hear "not charged" while the charge is still held
            case FAILED -> {
                refund(task, task.errorKind(), task.errorKind() == null ? "failed" : task.errorKind().name());
                announceFailure(id, task.errorMessage(), quota.entry(id).isPresent());
            }
            default -> { } // SUBMITTED: the poll tick picks it up
        }
    }

    /** Sends the create call of a task the queue leased to this instance. */
    private void sendCreate(String id) {
        Instant now = clock.instant();
        if (!store.transition(id, TaskState.RECEIVED, TaskState.SUBMITTING, Changes.none(), now)) {
            return; // cancelled meanwhile
        }
        listener.stateChanged(id, TaskState.RECEIVED, TaskState.SUBMITTING);
        TaskRecord task = store.find(id).orElseThrow();
        VideoRequest request = task.request();
        String providerId;
        try {
            providerId = generator.create(request);
        } catch (GenerationException e) {
            log.warn("task {} create failed: {} {} {}", id, e.kind(), e.code().orElse(""), e.getMessage());
            listener.providerError(e.kind(), e.code().orElse(""));
            if (PUSH_BACK.contains(e.kind())) {
                queue.pushedBack(id, e.retryAfter().orElse(null), clock.instant());
                return;
            }
            if (e.kind() == ErrorKind.INSUFFICIENT_BALANCE) {
                queue.pauseForBalance(clock.instant()); // this task fails and is refunded; the others wait
            }
            String why = e.kind() == ErrorKind.OUTCOME_UNKNOWN
                    ? t("task.unconfirmed")
                    : TaskTexts.failure(e.kind()) + TaskTexts.blamedInput(request, e);
            fail(task, TaskState.SUBMITTING, e.kind(), why, true);
            return;
        } catch (RuntimeException e) {
            log.error("task {} create failed unexpectedly", id, e);
            fail(task, TaskState.SUBMITTING, ErrorKind.OUTCOME_UNKNOWN,
                    t("task.unexpectedSendError"), true);
            return;
        }
        Instant after = clock.instant();
        boolean moved = store.transition(id, TaskState.SUBMITTING, TaskState.SUBMITTED,
                Changes.of("provider_task_id", providerId)
                        .and("submitted_at", after)
                        .and("provider_state", "")
                        .and("next_poll_at", after.plus(withJitter(settings.firstPollAfter()))),
                after);
        if (!moved) {
            // cancelled while the create call was in flight: the provider task exists and bills; it stays recorded
            store.annotate(id, TaskState.CANCELLED, Changes.of("provider_task_id", providerId), after);
            return;
        }
        queue.accepted();
        log.info("task {} submitted as provider task {}", id, providerId);
        listener.stateChanged(id, TaskState.SUBMITTING, TaskState.SUBMITTED);
        showProgress(id);
    }

    /**
     * Claims due tasks and hands them to the workers until the poll slots are full or nothing more is due, so one
     * tick can start far more polls than there are slots (a tick that took only one batch capped the engine at
     * {@code maxPollsInFlight} polls per tick).
     */
    private void pollDueTasks() {
        try {
            while (true) {
                Instant now = clock.instant();
                if (now.isBefore(pausedUntil.get())) {
                    return;
                }
                int free = pollPermits.availablePermits();
                if (free == 0) {
                    return;
                }
                // only this thread takes permits, so each of the (at most free) claimed tasks gets one
                List<TaskRecord> claimed = store.claimDueForPoll(now, free);
                for (int i = 0; i < claimed.size(); i++) {
                    TaskRecord task = claimed.get(i);
                    pollPermits.acquireUninterruptibly();
                    try {
                        workers.execute(() -> {
                            try {
                                withTaskContext(task.id(), () -> poll(task));
                            } finally {
                                pollPermits.release();
                            }
                        });
                    } catch (RejectedExecutionException e) {
                        pollPermits.release();
                        claimed.subList(i, claimed.size()).forEach(t -> store.release(t.id()));
                        return;
                    }
                }
                if (claimed.size() < free) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.error("poll tick failed", e);
        }
    }

    private void poll(TaskRecord task) {
        String id = task.id();
        Instant now = clock.instant();
        GenerationStatus status;
        try {
            pollsSent.incrementAndGet();
            status = generator.poll(task.providerTaskId());
        } catch (GenerationException e) {
            listener.providerError(e.kind(), e.code().orElse(""));
            onPollError(task, e, now);
            return;
        } catch (RuntimeException e) {
            log.error("task {} poll failed unexpectedly", id, e);
            reschedule(task, now, settings.retryDelay());
            return;
        }
        listener.polled(id, status);
        if (status instanceof GenerationStatus.Succeeded ok) {
            if (store.transition(id, TaskState.SUBMITTED, TaskState.SUCCEEDED,
                    Changes.of("result_url", ok.videoUrl()).and("progress", 100).and("finished_at", now)
                            .and("poll_count", task.pollCount() + 1)
                            .and("completion_tokens", ok.completionTokens()),
                    now)) {
                log.info("task {} succeeded after {} polls", id, task.pollCount() + 1);
                listener.stateChanged(id, TaskState.SUBMITTED, TaskState.SUCCEEDED);
                showProgress(id);
                deliver(id);
            }
        } else if (status instanceof GenerationStatus.Failed failed) {
            // the provider's own words stay in the log: users get the bot's sentence for the kind
            log.info("task {} failed at the provider: {} {} {}", id, failed.kind(), failed.code(), failed.message());
            listener.providerError(failed.kind(), failed.code() == null ? "" : failed.code());
            switch (silentRetry.retry(task, failed, withJitter(settings.firstPollAfter()))) {
                case RESENT -> {
                    notifyQuietly(id, new Notice(Notice.Kind.CHANGED, TaskTexts.soundtrackRefused(id)));
                    showProgress(id);
                }
                case NOT_SENT -> fail(task, TaskState.SUBMITTING, failed.kind(), TaskTexts.failure(failed.kind()),
                        true);
                case NOT_APPLICABLE -> fail(task, TaskState.SUBMITTED, failed.kind(),
                        TaskTexts.failure(failed.kind()), true);
                case GONE -> { }
            }
        } else if (status instanceof GenerationStatus.Pending pending) {
            onPending(task, pending, now);
        }
    }

    private void onPending(TaskRecord task, GenerationStatus.Pending pending, Instant now) {
        String id = task.id();
        Duration age = Duration.between(task.submittedAt() == null ? task.createdAt() : task.submittedAt(), now);
        if (age.compareTo(settings.giveUpAfter()) >= 0) {
            fail(task, TaskState.SUBMITTED, ErrorKind.PROVIDER_TIMEOUT,
                    t("task.gaveUp", "hours", settings.giveUpAfter().toHours()), true);
            return;
        }
        boolean changed = pending.progressPercent() != task.progress() || !pending.state().equals(task.providerState());
        boolean slow = !task.slowNoticeSent() && age.compareTo(settings.slowNoticeAfter()) >= 0;
        Duration interval = age.compareTo(settings.lateAfter()) >= 0 ? settings.latePollInterval() : settings.pollInterval();
        store.update(id, TaskState.SUBMITTED,
                Changes.of("progress", pending.progressPercent())
                        .and("provider_state", pending.state())
                        .and("poll_count", task.pollCount() + 1)
                        .and("slow_notice_sent", task.slowNoticeSent() || slow)
                        .and("not_found_since", null)
                        .and("next_poll_at", now.plus(withJitter(interval))),
                now);
        if (changed) {
            showProgress(id);
        }
        if (slow) {
            notifyQuietly(id, new Notice(Notice.Kind.SLOW, TaskTexts.slow(id)));
        }
    }

    private void onPollError(TaskRecord task, GenerationException e, Instant now) {
        switch (e.kind()) {
            case RATE_LIMITED -> {
                Duration pause = e.retryAfter().orElse(settings.rateLimitPause());
                pausedUntil.accumulateAndGet(now.plus(pause), (a, b) -> a.isAfter(b) ? a : b);
                log.warn("provider rate limit: pausing all polls for {}", pause);
                reschedule(task, now, pause);
            }
            case TASK_NOT_FOUND -> {
                if (notFound.tolerate(task.id(), now)) {
                    reschedule(task, now, settings.latePollInterval());
                } else {
                    fail(task, TaskState.SUBMITTED, ErrorKind.TASK_NOT_FOUND, ErrorKind.TASK_NOT_FOUND.userMessage(),
                            true);
                }
            }
            case AUTHENTICATION, INSUFFICIENT_BALANCE -> {
                // the task may still finish and bill once an operator fixes the account: slow down, don't abandon
                log.error("task {} poll refused ({}); fix the API key or balance", task.id(), e.kind());
                reschedule(task, now, settings.latePollInterval());
            }
            default -> {
                log.warn("task {} poll failed ({}), retrying: {}", task.id(), e.kind(), e.getMessage());
                reschedule(task, now, settings.retryDelay());
            }
        }
    }

    private void reschedule(TaskRecord task, Instant now, Duration delay) {
        store.update(task.id(), TaskState.SUBMITTED, Changes.of("next_poll_at", now.plus(withJitter(delay))), now);
    }

    private void deliver(String id) {
        TaskRecord task = store.find(id).orElse(null);
        if (task == null || (task.state() != TaskState.SUCCEEDED && task.state() != TaskState.DELIVERING)) {
            return;
        }
        Optional<PlatformPort> port = router.port(task.requester().platform());
        if (port.isEmpty()) {
            // the lease upkeep of an instance with this adapter (this one, once it registers) takes it over
            log.warn("task {} waits for a {} adapter to deliver", id, task.requester().platform());
            store.release(id);
            return;
        }
        if (!store.renew(id, task.state())) {
            log.info("task {} is no longer this instance's to deliver", id);
            return;
        }
        Path file = resultFile(id);
        long size;
        try {
            size = download(task, file);
        } catch (GenerationException e) {
            if (e.kind() == ErrorKind.RESULT_TOO_LARGE) {
                size = -1;
            } else if (e.kind().retryable() && task.deliveryAttempts() + 1 < settings.deliveryAttempts()) {
                store.update(id, task.state(), Changes.of("delivery_attempts", task.deliveryAttempts() + 1),
                        clock.instant());
                later(id, settings.retryDelay(), () -> deliver(id));
                return;
            } else {
                fail(task, task.state(), e.kind(), e.kind().userMessage(), true);
                return;
            }
        }
        Instant now = clock.instant();
        TaskView view = task.view();
        long stored = store.uploadLimit(id);
        long limit = stored > 0 ? stored : port.get().uploadLimitBytes(view);
        Delivery delivery = fitter.prepare(view, file, size, limit,
                task.finishedAt().plus(settings.resultLinkValidity()), port.get().wantsThumbnail());
        if (task.state() == TaskState.SUCCEEDED
                && !store.transition(id, TaskState.SUCCEEDED, TaskState.DELIVERING,
                        Changes.of("result_bytes", Math.max(size, 0)), now)) {
            return;
        }
        listener.stateChanged(id, task.state(), TaskState.DELIVERING);
        String messageId;
        try {
            messageId = port.get().deliver(store.find(id).orElseThrow().view(), delivery);
        } catch (PlatformException e) {
            int attempts = task.deliveryAttempts() + 1;
            store.update(id, TaskState.DELIVERING, Changes.of("delivery_attempts", attempts), clock.instant());
            if (!e.permanent() && attempts < settings.deliveryAttempts()) {
                log.warn("task {} delivery failed (attempt {}), retrying: {}", id, attempts, e.getMessage());
                later(id, settings.retryDelay(), () -> deliver(id));
            } else {
                // the platform's answer is for the log only; it may be a raw HTTP body
                log.error("task {} could not be delivered: {}", id, e.getMessage());
                fail(store.find(id).orElseThrow(), TaskState.DELIVERING, ErrorKind.UNKNOWN, UserTexts.notPosted(), true);
            }
            return;
        }
        Instant done = clock.instant();
        if (store.transition(id, TaskState.DELIVERING, TaskState.DELIVERED,
                Changes.of("delivered_message_id", messageId), done)) {
            quota.commit(id);
            log.info("task {} delivered as message {}", id, messageId);
            listener.stateChanged(id, TaskState.DELIVERING, TaskState.DELIVERED);
            listener.delivered(id, Duration.between(task.createdAt(), done));
            showProgress(id);
        }
    }

    private long download(TaskRecord task, Path file) {
        if (task.state() == TaskState.DELIVERING && task.resultBytes() > 0 && Files.isRegularFile(file)) {
            return task.resultBytes();
        }
        try {
            PrivateFiles.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return generator.download(task.resultUrl(), file, settings.maxResultBytes());
    }

    /**
     * Ends a task as failed, refunds it if it was charged and tells the user. The notice stays pending in the
     * database until it is posted, so a crash in between makes the next start post it ({@link #resume}).
     */
    private void fail(TaskRecord task, TaskState from, ErrorKind kind, String why, boolean charged) {
        Instant now = clock.instant();
        if (!store.fail(task.id(), from,
                Changes.of("error_kind", kind).and("error_message", TaskTexts.shorten(why, 2000))
                        .and("finished_at", now),
                now)) {
            return;
        }
        boolean refunded = refund(task, kind, kind.name());
        log.info("task {} failed ({}), refunded={}", task.id(), kind, refunded);
        listener.stateChanged(task.id(), from, TaskState.FAILED);
        announceFailure(task.id(), why, charged || refunded);
    }

    /**
     * Refunds the requester. The budgets get the credits back only when the provider cannot have billed the task:
     * it has no provider job and the create call's outcome is not unknown.
     */
    private boolean refund(TaskRecord task, ErrorKind kind, String reason) {
        boolean mayBeBilled = task.providerTaskId() != null || kind == ErrorKind.OUTCOME_UNKNOWN;
        return mayBeBilled ? quota.refundKeepingSpend(task.id(), reason) : quota.refund(task.id(), reason);
    }

    /** Posts a failed task's notice (once it has been tried, it is no longer pending) and its final progress. */
    private void announceFailure(String id, String why, boolean charged) {
        String text = charged
                ? TaskTexts.notCharged(id, why)
                : TaskTexts.nothingCharged(id, why);
        notifyQuietly(id, new Notice(Notice.Kind.FAILED, text));
        store.failureNoticePosted(id);
        showProgress(id);
    }

    private void showProgress(String id) {
        TaskRecord task = store.find(id).orElse(null);
        if (task == null) {
            return;
        }
        router.port(task.requester().platform()).ifPresent(port -> {
            try (Texts.Scope language = Texts.use(store.language(id))) {
                String messageId = port.showProgress(task.view());
                if (messageId != null && !messageId.equals(task.progressMessageId())) {
                    store.annotate(id, task.state(), Changes.of("progress_message_id", messageId), clock.instant());
                }
            } catch (RuntimeException e) {
                // progress is cosmetic; the result is still posted as its own message
                log.warn("task {} progress update failed: {}", id, e.getMessage());
            }
        });
    }

    private void notifyQuietly(String id, Notice notice) {
        TaskRecord task = store.find(id).orElse(null);
        if (task == null) {
            return;
        }
        router.port(task.requester().platform()).ifPresent(port -> {
            try (Texts.Scope language = Texts.use(store.language(id))) {
                port.notify(task.view(), notice);
            } catch (RuntimeException e) {
                log.warn("task {} notice {} could not be posted: {}", id, notice.kind(), e.getMessage());
            }
        });
    }

    // ---------------------------------------------------------------- helpers

    private void runAsync(String id, Runnable work) {
        try {
            workers.execute(() -> withTaskContext(id, work));
        } catch (RejectedExecutionException e) {
            log.warn("task {} work not started: engine is shutting down; it resumes on the next start", id);
        }
    }

    private void later(String id, Duration delay, Runnable work) {
        try {
            scheduler.schedule(() -> runAsync(id, work), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.warn("task {} retry not scheduled: engine is shutting down; it resumes on the next start", id);
        }
    }

    /**
     * Runs one piece of a task's work. If it fails unexpectedly (a database fault, say), the task's lease is given
     * up, so that the next poll tick or lease upkeep, here or on another instance, picks the task up again instead
     * of the lease being renewed with nobody working on it.
     */
    private void withTaskContext(String id, Runnable work) {
        MDC.put("task", id);
        try (Texts.Scope language = Texts.use(store.language(id))) {
            work.run();
        } catch (RuntimeException e) {
            log.error("task {} work failed", id, e);
            try {
                store.release(id);
            } catch (RuntimeException releaseFailure) {
                log.warn("task {} lease not released, it lapses instead: {}", id, releaseFailure.getMessage());
            }
        } finally {
            MDC.remove("task");
        }
    }

    /**
     * {@code text} written in the language of the task's requester, as they asked for it: what the engine tells them
     * (and stores as their progress message's ending) is in their language even when a moderator acted.
     */
    private String inRequesterLanguage(String id, Supplier<String> text) {
        try (Texts.Scope language = Texts.use(store.language(id))) {
            return text.get();
        }
    }

    private Duration withJitter(Duration base) {
        if (settings.jitter() == 0 || base.isZero()) {
            return base;
        }
        // only ever shortens the interval, so a finished task is noticed within one interval (plus a tick)
        double factor = 1 - random.nextDouble() * settings.jitter();
        return Duration.ofMillis(Math.round(base.toMillis() * factor));
    }

    private String newTaskId() {
        StringBuilder id = new StringBuilder("t");
        for (int i = 0; i < 7; i++) {
            id.append(ID_ALPHABET.charAt(ids.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private Path taskDir(String id) {
        return settings.workDir().resolve("tasks").resolve(id);
    }

    /** Copies local inputs into the task's folder, so that the request survives a restart and adapters' temp files. */
    private List<MediaInput> keepMedia(String id, List<MediaInput> media) {
        List<MediaInput> kept = new ArrayList<>();
        int n = 0;
        for (MediaInput m : media) {
            if (m.source() instanceof MediaSource.LocalFile f) {
                Path target = taskDir(id).resolve("input-" + (++n) + "-" + m.kind().name().toLowerCase(Locale.ROOT));
                try {
                    PrivateFiles.createDirectories(target.getParent());
                    if (m.kind() == MediaKind.VIDEO && f.path().startsWith(settings.workDir())) {
                        Files.createLink(target, f.path());
                    } else {
                        PrivateFiles.copy(f.path(), target);
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    try {
                        PrivateFiles.copy(f.path(), target);
                    } catch (IOException again) {
                        throw new UncheckedIOException(again);
                    }
                }
                kept.add(new MediaInput(m.role(), new MediaSource.LocalFile(target), m.label()));
            } else {
                kept.add(m);
            }
        }
        return kept;
    }

    private void forget(String id) {
        store.delete(id);
        Path dir = taskDir(id);
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            log.debug("task {} folder not removed: {}", id, e.getMessage());
        }
    }
}
