package dev.seedancebot.core.intake;

import dev.seedancebot.core.engine.GenerationEngine;
import dev.seedancebot.core.history.HistoryStore;
import dev.seedancebot.core.history.HistoryTexts;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.policy.IntakePolicy;
import dev.seedancebot.core.policy.Refusals;
import dev.seedancebot.core.policy.TaskAction;
import dev.seedancebot.core.policy.Verdict;
import dev.seedancebot.core.ports.in.Answer;
import dev.seedancebot.core.ports.in.TaskHistory;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code /history}: the policy says whose list and which file, the store which tasks are the actor's here, the engine
 * what they are and where their files are. Thread-safe.
 */
public final class HistoryDesk implements TaskHistory {
    /** Pages beyond this are not offered: a button's page number is whatever the client sent. */
    static final int MAX_PAGE = 1000;

    private final IntakePolicy policy;
    private final GenerationEngine engine;
    private final HistoryStore store;
    private final Duration keepFiles;

    public HistoryDesk(IntakePolicy policy, GenerationEngine engine, HistoryStore store, Duration keepFiles) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.store = Objects.requireNonNull(store, "store");
        this.keepFiles = Objects.requireNonNull(keepFiles, "keepFiles");
    }

    @Override
    public PageOutcome page(Actor actor, UserKey owner, int page) {
        Verdict counted = policy.countCommand(actor);
        if (counted instanceof Verdict.Refused refused) {
            return new PageRefused(new Answer(refused.text(), refused.silent()));
        }
        if (policy.mayViewHistory(actor, owner) instanceof Verdict.Refused refused) {
            return new PageRefused(Answer.of(refused.text()));
        }
        int p = Math.max(0, Math.min(page, MAX_PAGE));
        // one more than a page says whether there is a next one
        List<String> ids = store.ids(actor.user(), actor.communityId(), p * PAGE_SIZE, PAGE_SIZE + 1);
        List<Entry> entries = new ArrayList<>();
        for (String id : ids.subList(0, Math.min(PAGE_SIZE, ids.size()))) {
            // the store chose by owner and place; the policy has the last word on every entry all the same
            engine.task(id).filter(t -> policy.mayAct(actor, t, TaskAction.RESEND).allowed())
                    .ifPresent(t -> entries.add(new Entry(t, kept(t).isPresent(), store.isDeleted(t.id()))));
        }
        return new Page(actor.user(), entries, p, p > 0, ids.size() > PAGE_SIZE,
                HistoryTexts.page(entries, p, keepFiles));
    }

    @Override
    public FileOutcome keptFile(Actor actor, String taskId) {
        Verdict counted = policy.countCommand(actor);
        if (counted instanceof Verdict.Refused refused) {
            return new FileRefused(new Answer(refused.text(), refused.silent()));
        }
        Optional<TaskView> task = engine.task(taskId);
        Verdict verdict = task.map(t -> policy.mayAct(actor, t, TaskAction.RESEND))
                .orElseGet(() -> Verdict.refused(Refusals.noSuchTask(taskId)));
        if (verdict instanceof Verdict.Refused refused) {
            return new FileRefused(Answer.of(refused.text()));
        }
        Optional<Path> file = kept(task.get());
        if (store.isDeleted(taskId)) {
            return new FileRefused(Answer.of(HistoryTexts.deleted(taskId)));
        }
        if (file.isEmpty()) {
            return new FileRefused(Answer.of(task.get().state() == TaskState.DELIVERED
                    ? HistoryTexts.noLongerKept(taskId, keepFiles) : HistoryTexts.notDelivered(taskId)));
        }
        return new KeptFile(task.get(), file.get(), sizeOf(file.get()));
    }

    /** The result file of a delivered, not deleted task while the retention sweep has not removed it. */
    private Optional<Path> kept(TaskView task) {
        Path file = engine.resultFile(task.id());
        return task.state() == TaskState.DELIVERED && Files.isRegularFile(file) && !store.isDeleted(task.id())
                ? Optional.of(file) : Optional.empty();
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
