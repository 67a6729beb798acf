package dev.seedancebot.core.intake;

import dev.seedancebot.core.community.CommunitySettingsService.ListSetting;
import dev.seedancebot.core.community.CommunitySettingsService;
import dev.seedancebot.core.content.ContentTexts;
import dev.seedancebot.core.content.ReportStore;
import dev.seedancebot.core.engine.GenerationEngine;
import dev.seedancebot.core.history.HistoryStore;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.policy.IntakePolicy;
import dev.seedancebot.core.policy.Refusals;
import dev.seedancebot.core.policy.TaskAction;
import dev.seedancebot.core.policy.Verdict;
import dev.seedancebot.core.ports.in.Answer;
import dev.seedancebot.core.ports.in.ContentActions;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delete and Report under a posted video: the policy says who may, the stores remember it once. Thread-safe. */
public final class ContentDesk implements ContentActions {
    private static final Logger log = LoggerFactory.getLogger(ContentDesk.class);

    private final IntakePolicy policy;
    private final GenerationEngine engine;
    private final HistoryStore history;
    private final ReportStore reports;
    private final CommunitySettingsService communities;
    private final Clock clock;

    public ContentDesk(IntakePolicy policy, GenerationEngine engine, HistoryStore history, ReportStore reports,
            CommunitySettingsService communities, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.history = Objects.requireNonNull(history, "history");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.communities = Objects.requireNonNull(communities, "communities");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public DeleteOutcome delete(Actor actor, String taskId) {
        Checked checked = check(actor, taskId, TaskAction.DELETE);
        if (checked.refusal() != null) {
            return new DeleteRefused(checked.refusal());
        }
        TaskView task = checked.task();
        if (!history.markDeleted(taskId, actor.user(), clock.instant())) {
            return new DeleteRefused(Answer.of(ContentTexts.alreadyDeleted(taskId)));
        }
        try {
            // the requester or a moderator wanted it gone: the kept copy goes too, so nothing can post it again
            Files.deleteIfExists(engine.resultFile(taskId));
        } catch (IOException e) {
            log.warn("task {} deleted, but its kept file could not be removed: {}", taskId, e.toString());
        }
        log.info("task {} deleted by {}", taskId, actor.user());
        return new Deleted(task, ContentTexts.deleted(taskId));
    }

    @Override
    public ReportOutcome report(Actor actor, String taskId) {
        Checked checked = check(actor, taskId, TaskAction.REPORT);
        if (checked.refusal() != null) {
            return new ReportRefused(checked.refusal());
        }
        TaskView task = checked.task();
        if (!reports.record(taskId, actor.user(), clock.instant())) {
            return new ReportRefused(Answer.of(ContentTexts.alreadyReported(taskId)));
        }
        String community = task.chat().communityId();
        String channel = community == null ? null
                : communities.list(community, ListSetting.REPORT_CHANNEL).stream().findFirst().orElse(null);
        log.info("task {} reported by {} ({} reports)", taskId, actor.user(), reports.count(taskId));
        return new Reported(task, actor.user(), channel, ContentTexts.reported(taskId));
    }

    /** The task the actor may act on, or why not: exactly one of the two is set. */
    private record Checked(TaskView task, Answer refusal) {
        static Checked refused(Answer answer) {
            return new Checked(null, answer);
        }
    }

    /** The task when the actor may act on it and it is a posted, not deleted video; else the refusal. */
    private Checked check(Actor actor, String taskId, TaskAction action) {
        Verdict counted = policy.countCommand(actor);
        if (counted instanceof Verdict.Refused refused) {
            return Checked.refused(new Answer(refused.text(), refused.silent()));
        }
        Optional<TaskView> task = engine.task(taskId);
        Verdict verdict = task.map(t -> policy.mayAct(actor, t, action))
                .orElseGet(() -> Verdict.refused(Refusals.noSuchTask(taskId)));
        if (verdict instanceof Verdict.Refused refused) {
            return Checked.refused(Answer.of(refused.text()));
        }
        if (task.get().state() != TaskState.DELIVERED) {
            return Checked.refused(Answer.of(ContentTexts.notPosted(taskId)));
        }
        if (history.isDeleted(taskId)) {
            return Checked.refused(Answer.of(ContentTexts.alreadyDeleted(taskId)));
        }
        return new Checked(task.get(), null);
    }
}
