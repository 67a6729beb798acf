package dev.seedancebot.discord;

import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.platform.PlatformException;
import dev.seedancebot.core.policy.Verdict;
import dev.seedancebot.core.ports.in.Answer;
import dev.seedancebot.core.ports.in.TaskActions;
import dev.seedancebot.core.task.TaskView;
import java.time.Instant;
import java.util.List;
import net.dv8tion.jda.api.interactions.InteractionHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows the core's answers in an interaction's response: refusals, problems and, for an accepted task, its progress,
 * which later edits keep up to date. Every answer pings nobody: it may echo what the user typed.
 *
 * <p>Who sees what is decided here, once ({@link #refuse}): on a response everyone sees (a public {@code /video},
 * Re-roll, Extend) only a task's progress, final state and result stay public; an answer that ends the request before
 * a task exists (bad input, blocked word, quota, budget or rate limit, wrong place, someone else's video, videos off,
 * busy, an error) concerns the requester alone and is shown to them only.
 */
final class Answers {
    private static final Logger log = LoggerFactory.getLogger(Answers.class);

    private final TaskContexts contexts;
    private final ProgressRenderer progress;
    private final TaskActions tasks;

    /** Renders a task's progress into its interaction response; implemented by the adapter's delivery side. */
    interface ProgressRenderer {
        void render(TaskView task);
    }

    Answers(TaskContexts contexts, ProgressRenderer progress, TaskActions tasks) {
        this.contexts = contexts;
        this.tasks = tasks;
        this.progress = progress;
    }

    Instant now() {
        return contexts.now();
    }

    /**
     * Shows the outcome of a submit; an accepted task's interaction is remembered for its progress and upload limit.
     *
     * @param seenByAll whether the response was acknowledged as public (see {@link #refuse})
     */
    void outcome(SubmitOutcome outcome, InteractionHook hook, boolean seenByAll, Instant received, long uploadLimit) {
        if (outcome instanceof SubmitOutcome.Accepted accepted) {
            // stored with the task: a boosted server's larger limit must still count after a restart
            tasks.rememberUploadLimit(accepted.task().id(), uploadLimit);
            contexts.remember(accepted.task().id(), hook, received, uploadLimit);
            render(accepted.task());
            if (!accepted.conversions().isEmpty()) {
                // for the requester only: what was done to their files is theirs to know, and the response itself
                // is edited into progress and then the video
                Mentions.none(hook.sendMessage(TaskTexts.limit(String.join("\n", accepted.conversions())))
                        .setEphemeral(true))
                        .queue(null, e -> log.warn("could not tell task {}'s requester about conversions: {}",
                                accepted.task().id(), e.toString()));
            }
        } else if (outcome instanceof SubmitOutcome.Invalid invalid) {
            refuse(hook, seenByAll, invalid.text());
        } else if (outcome instanceof SubmitOutcome.Denied denied && !denied.silent()) {
            refuse(hook, seenByAll, denied.text(DiscordActors::channels));
        }
        // Repeated: the first delivery of the same event was answered already
    }

    /** Re-renders a task's progress in its own interaction response, if that is still live. */
    void render(TaskView task) {
        try {
            progress.render(task);
        } catch (PlatformException e) {
            // the task runs and its video is posted as a channel message whatever happens to this edit
            log.warn("task {} progress edit failed: {}", task.id(), e.getMessage());
        }
    }

    /** A refusal with its places as channel links; a silent one (a flood past its warning) gets nothing beyond the ack. */
    static void refusal(InteractionHook hook, boolean seenByAll, Verdict.Refused refused) {
        if (!refused.silent()) {
            refuse(hook, seenByAll, DiscordActors.text(refused));
        }
    }

    /**
     * An answer that ends the request before any task exists: for the requester only. A private response is simply
     * edited. A public one had its visibility fixed when it was acknowledged (within Discord's 3 s, before the answer
     * was known), so it is deleted and the text sent as an ephemeral follow-up; the follow-up waits for the delete,
     * because one sent while the deferred response still loads would edit that response instead, public.
     */
    static void refuse(InteractionHook hook, boolean seenByAll, String text) {
        if (!seenByAll) {
            reply(hook, text);
            return;
        }
        String id = hook.getInteraction().getId();
        // if the delete fails the requester is still told (then possibly in public): silence would be worse
        hook.deleteOriginal().queue(v -> followUp(hook, text), e -> {
            log.warn("could not delete the public response of refused interaction {}: {}", id, e.toString());
            followUp(hook, text);
        });
    }

    private static void followUp(InteractionHook hook, String text) {
        Mentions.none(hook.sendMessage(TaskTexts.limit(text)).setEphemeral(true))
                .queue(null, e -> log.warn("could not tell interaction {}'s requester: {}",
                        hook.getInteraction().getId(), e.toString()));
    }

    /** A core answer; a silent one gets nothing beyond the ack. */
    static void reply(InteractionHook hook, Answer answer) {
        if (!answer.silent()) {
            reply(hook, answer.text());
        }
    }

    static void reply(InteractionHook hook, String text) {
        Mentions.none(hook.editOriginal(TaskTexts.limit(text)).setComponents(List.of()))
                .queue(null, e -> log.warn("could not answer interaction {}: {}", hook.getInteraction().getId(),
                        e.toString()));
    }
}
