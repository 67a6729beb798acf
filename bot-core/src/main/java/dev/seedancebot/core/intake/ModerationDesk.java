package dev.seedancebot.core.intake;

import dev.seedancebot.core.command.ModCommand;
import dev.seedancebot.core.command.ModCommandRunner;
import dev.seedancebot.core.command.QuotaText;
import dev.seedancebot.core.community.CommunitySettingsService;
import dev.seedancebot.core.content.ContentModeration;
import dev.seedancebot.core.engine.GenerationEngine;
import dev.seedancebot.core.engine.queue.QueueTexts;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.policy.IntakePolicy;
import dev.seedancebot.core.policy.Refusals;
import dev.seedancebot.core.policy.TaskAction;
import dev.seedancebot.core.policy.Verdict;
import dev.seedancebot.core.ports.in.Answer;
import dev.seedancebot.core.ports.in.ModerationRequests;
import dev.seedancebot.core.ports.in.PlaceNames;
import dev.seedancebot.core.ports.in.QuotaQueries;
import dev.seedancebot.core.quota.PriceTable;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.task.QueueSpot;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** {@code /videomod} and {@code /quota} from chat: the policy decides who may, the runner does it. Thread-safe. */
public final class ModerationDesk implements ModerationRequests, QuotaQueries {
    /** How many of the user's latest tasks {@code /quota} looks through for ones waiting in the queue. */
    private static final int QUEUED_SHOWN = 20;

    private final IntakePolicy policy;
    private final ModCommandRunner runner;
    private final GenerationEngine engine;
    private final QuotaService quota;
    private final CommunitySettingsService communities;
    private final PriceTable prices;
    private final VideoOptions configuredDefaults;
    private final Clock clock;
    private final ContentModeration content;

    public ModerationDesk(IntakePolicy policy, ModCommandRunner runner, GenerationEngine engine, QuotaService quota,
            CommunitySettingsService communities, PriceTable prices, VideoOptions configuredDefaults, Clock clock,
            ContentModeration content) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.quota = Objects.requireNonNull(quota, "quota");
        this.communities = Objects.requireNonNull(communities, "communities");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.configuredDefaults = Objects.requireNonNull(configuredDefaults, "configuredDefaults");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.content = Objects.requireNonNull(content, "content");
    }

    @Override
    public boolean isModerator(Actor actor) {
        return policy.isModerator(actor);
    }

    @Override
    public Verdict admit(Actor actor) {
        Verdict counted = policy.countCommand(actor);
        return counted.allowed() ? policy.mayModerateHere(actor) : counted;
    }

    @Override
    public Answer run(Actor actor, ModCommand command, Function<UserKey, Set<String>> rolesOf, PlaceNames names) {
        Verdict verdict = policy.mayModerate(actor, command);
        if (verdict.allowed() && command instanceof ModCommand.Refund refund) {
            Optional<TaskView> task = engine.task(refund.taskId());
            verdict = task.map(t -> policy.mayAct(actor, t, TaskAction.REFUND))
                    .orElseGet(() -> Verdict.refused(Refusals.noSuchTask(refund.taskId())));
        }
        if (verdict instanceof Verdict.Refused refused) {
            return new Answer(refused.text(p -> String.join(", ", p.stream().map(names::channel).toList())),
                    refused.silent());
        }
        String here = actor.places().isEmpty() ? null : actor.places().get(actor.places().size() - 1);
        if (ContentModeration.handles(command)) {
            return Answer.of(content.run(command, actor.user(), actor.communityId(), here, names));
        }
        return Answer.of(runner.run(command, actor.user(), actor.communityId(), here, rolesOf, names));
    }

    @Override
    public Answer quota(Actor actor) {
        Verdict counted = policy.countCommand(actor);
        if (counted instanceof Verdict.Refused refused) {
            return new Answer(refused.text(), refused.silent());
        }
        Map<String, QueueSpot> waiting = new LinkedHashMap<>();
        engine.recentTasks(actor.user(), QUEUED_SHOWN).stream().filter(t -> t.state() == TaskState.RECEIVED)
                .forEach(t -> waiting.put(t.id(), t.queueSpot()));
        String queued = QueueTexts.waiting(waiting);
        return Answer.of(QuotaText.render(quota.snapshot(actor.user(), actor.communityId(), actor.roleIds()), prices,
                communities.get(actor.communityId()).defaults(configuredDefaults), clock.instant())
                + (queued.isEmpty() ? "" : "\n" + queued));
    }
}
