package dev.seedancebot.core.intake;

import dev.seedancebot.core.community.CommunitySettingsService;
import dev.seedancebot.core.content.BlockedWords;
import dev.seedancebot.core.engine.ActionOutcome;
import dev.seedancebot.core.engine.GenerationEngine;
import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.policy.IntakePolicy;
import dev.seedancebot.core.policy.Refusals;
import dev.seedancebot.core.policy.TaskAction;
import dev.seedancebot.core.policy.Verdict;
import dev.seedancebot.core.ports.in.TaskActions;
import dev.seedancebot.core.ports.in.VideoRequests;
import dev.seedancebot.core.request.Intent;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.task.TaskView;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Video requests and task actions from chat: the policy decides, the engine does. Thread-safe. */
public final class RequestDesk implements VideoRequests, TaskActions {
    private final IntakePolicy policy;
    private final GenerationEngine engine;
    private final CommunitySettingsService communities;
    private final VideoOptions configuredDefaults;
    private final BlockedWords words;

    public RequestDesk(IntakePolicy policy, GenerationEngine engine, CommunitySettingsService communities,
            VideoOptions configuredDefaults, BlockedWords words) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.communities = Objects.requireNonNull(communities, "communities");
        this.configuredDefaults = Objects.requireNonNull(configuredDefaults, "configuredDefaults");
        this.words = Objects.requireNonNull(words, "words");
    }

    @Override
    public Verdict count(Actor actor) {
        return policy.countCommand(actor);
    }

    @Override
    public Verdict admit(Actor actor) {
        return policy.admitRequest(actor);
    }

    @Override
    public SubmitOutcome submit(Actor actor, VideoRequest request, String sourceKey) {
        if (!request.requester().equals(actor.user())
                || !Objects.equals(request.replyTo().communityId(), actor.communityId())) {
            throw new IllegalArgumentException("a request is made by its actor, in the actor's community");
        }
        Verdict gate = policy.recheckRequest(actor);
        if (gate instanceof Verdict.Refused refused) {
            return denied(refused);
        }
        Optional<String> blocked = words.refusal(actor.communityId(), request.prompt());
        if (blocked.isPresent()) {
            return new SubmitOutcome.Denied(blocked.get(), false, List.of());
        }
        return sourceKey == null
                ? engine.submit(request, actor.roleIds())
                : engine.submitOnce(request, actor.roleIds(), sourceKey);
    }

    @Override
    public VideoOptions defaults(String communityId) {
        return communities.get(communityId).defaults(configuredDefaults);
    }

    @Override
    public ActionOutcome cancel(Actor actor, String taskId) {
        Verdict counted = policy.countCommand(actor);
        if (counted instanceof Verdict.Refused refused) {
            return new ActionOutcome(false, refused.text(), refused.silent());
        }
        Optional<TaskView> task = engine.task(taskId);
        Verdict verdict = task.map(t -> policy.mayAct(actor, t, TaskAction.CANCEL))
                .orElseGet(() -> Verdict.refused(Refusals.noSuchTask(taskId)));
        if (verdict instanceof Verdict.Refused refused) {
            return ActionOutcome.refused(refused.text());
        }
        // the policy has decided: the requester, a moderator of the task's community, or an operator
        return engine.cancel(taskId, actor.user(), true);
    }

    @Override
    public SubmitOutcome reroll(Actor actor, String taskId, ChatRef replyTo) {
        return followUp(actor, taskId, TaskAction.REROLL, replyTo, "", (a, where) -> engine.reroll(taskId, a.user(),
                where, a.roleIds()));
    }

    @Override
    public SubmitOutcome extend(Actor actor, String taskId, String instruction, ChatRef replyTo) {
        return followUp(actor, taskId, TaskAction.EXTEND, replyTo, instruction, (a, where) -> engine.followUp(taskId,
                Intent.EXTEND, instruction, a.user(), where, a.roleIds()));
    }

    @Override
    public void rememberUploadLimit(String taskId, long bytes) {
        engine.rememberUploadLimit(taskId, bytes);
    }

    @Override
    public Optional<TaskView> find(Actor actor, String taskId) {
        return engine.task(taskId).filter(t -> policy.mayAct(actor, t, TaskAction.CANCEL).allowed());
    }

    private static SubmitOutcome.Denied denied(Verdict.Refused refused) {
        return new SubmitOutcome.Denied(refused.message(), refused.silent(), refused.places());
    }

    private interface FollowUp {
        SubmitOutcome submit(Actor actor, ChatRef replyTo);
    }

    /**
     * Re-roll and extend: checked against where the task belongs, then gated and charged as a new request of the
     * actor where the actor is. The one exception is a requester pressing the buttons under a community's video that
     * was delivered to their DM (Discord's private results): that press acts in the video's community, without a
     * channel to check. Anything else typed or pressed in a private chat ({@code /extend <id>} there) is a private
     * chat's request, under the private-chat policy and budget.
     */
    private SubmitOutcome followUp(Actor actor, String taskId, TaskAction action, ChatRef replyTo, String instruction,
            FollowUp then) {
        Verdict counted = policy.countCommand(actor);
        if (counted instanceof Verdict.Refused refused) {
            return denied(refused);
        }
        Optional<TaskView> task = engine.task(taskId);
        Verdict verdict = task.map(t -> policy.mayAct(actor, t, action))
                .orElseGet(() -> Verdict.refused(Refusals.noSuchTask(taskId)));
        if (verdict instanceof Verdict.Refused refused) {
            return denied(refused);
        }
        Actor acting = actor;
        String taskCommunity = task.get().chat().communityId();
        if (actor.inPrivate() && taskCommunity != null && task.get().requester().equals(actor.user())
                && task.get().chat().chatId().equals(replyTo.chatId())) {
            acting = new Actor(actor.user(), actor.sender(), taskCommunity, List.of(), actor.roleIds(),
                    actor.admin(), actor.language());
        }
        Verdict gate = policy.recheckRequest(acting);
        if (gate instanceof Verdict.Refused refused) {
            return denied(refused);
        }
        // the list may have grown since the first video: its prompt is checked again, with the new instruction
        Optional<String> blocked = words.refusal(acting.communityId(), task.get().prompt() + "\n" + instruction);
        if (blocked.isPresent()) {
            return new SubmitOutcome.Denied(blocked.get(), false, List.of());
        }
        ChatRef where = new ChatRef(replyTo.platform(), acting.communityId(), replyTo.chatId(), replyTo.threadId(),
                replyTo.replyToMessageId());
        return then.submit(acting, where);
    }
}
