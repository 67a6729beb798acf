package dev.seedancebot.core.engine;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.community.CommunitySettings;
import dev.seedancebot.core.community.CommunitySettingsService;
import dev.seedancebot.core.engine.queue.Dispatcher;
import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.media.convert.Conversion;
import dev.seedancebot.core.media.convert.MediaConverter;
import dev.seedancebot.core.platform.UserTexts;
import dev.seedancebot.core.quota.PriceTable;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.quota.ReserveDecision;
import dev.seedancebot.core.request.Intent;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.MediaSource;
import dev.seedancebot.core.request.RequestValidator;
import dev.seedancebot.core.request.ValidationResult;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.storage.DiskFloor;
import dev.seedancebot.core.task.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes requests in: converts, validates, prices and charges them, stores the task and puts it in the queue. The task
 * is stored before its charge is reserved and removed again if the charge is refused, so nothing is charged for a
 * task that does not exist and no task waits uncharged.
 */
final class Intake {
    private static final Logger log = LoggerFactory.getLogger(Intake.class);
    private static final String ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    private final TaskStore store;
    private final QuotaService quota;
    private final CommunitySettingsService communities;
    private final PriceTable prices;
    private final RequestValidator validator;
    private final MediaConverter converter;
    private final DiskFloor diskFloor;
    private final Dispatcher queue;
    private final EngineListener listener;
    private final TaskFiles files;
    private final EngineSettings settings;
    private final Clock clock;
    private final SecureRandom ids = new SecureRandom();
    private volatile boolean accepting = true;

    Intake(TaskStore store, QuotaService quota, CommunitySettingsService communities, PriceTable prices,
            RequestValidator validator, MediaConverter converter, DiskFloor diskFloor, Dispatcher queue,
            EngineListener listener, TaskFiles files, EngineSettings settings, Clock clock) {
        this.store = store;
        this.quota = quota;
        this.communities = communities;
        this.prices = prices;
        this.validator = validator;
        this.converter = Objects.requireNonNull(converter, "converter");
        this.diskFloor = diskFloor;
        this.queue = queue;
        this.listener = listener;
        this.files = files;
        this.settings = settings;
        this.clock = clock;
    }

    void stopAccepting() {
        accepting = false;
    }

    /**
     * A submit for a request made from a platform event that may be delivered again (a Telegram update whose offset
     * was not confirmed before a restart): a second submit with the same {@code sourceKey} answers
     * {@link SubmitOutcome.Repeated} with the first task and charges nothing.
     */
    SubmitOutcome submitOnce(VideoRequest request, Set<String> roleIds, String sourceKey) {
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

    SubmitOutcome submit(VideoRequest request, Set<String> roleIds, String parentId, String sourceKey) {
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
        List<MediaInput> kept = files.keepMedia(id, request.media());
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
    SubmitOutcome reroll(String taskId, UserKey actor, ChatRef replyTo, Set<String> roleIds) {
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
    SubmitOutcome followUp(
            String taskId, Intent intent, String instruction, UserKey actor, ChatRef replyTo, Set<String> roleIds) {
        if (intent == Intent.GENERATE) {
            throw new IllegalArgumentException("follow-ups are edits or extensions");
        }
        Optional<TaskRecord> parent = store.find(taskId);
        Path result = files.result(taskId);
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

    private String newTaskId() {
        StringBuilder id = new StringBuilder("t");
        for (int i = 0; i < 7; i++) {
            id.append(ID_ALPHABET.charAt(ids.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    /** Removes a task whose charge was refused (or failed): it never existed for the user. */
    private void forget(String id) {
        store.delete(id);
        files.remove(id);
    }
}
