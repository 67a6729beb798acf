package dev.seedancebot.core.ports.in;

import dev.seedancebot.core.engine.ActionOutcome;
import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.task.TaskView;
import java.util.Optional;

/**
 * Actions on an existing task, from buttons, modals, replies and {@code /extend <id>}. Each is checked against where
 * the task belongs (platform, community, place, requester) before anything happens; a task the actor may not touch
 * is answered as if it did not exist, whatever id or button data was sent.
 */
public interface TaskActions {

    ActionOutcome cancel(Actor actor, String taskId);

    /** The same request again, charged to {@code actor} and answered in {@code replyTo}. */
    SubmitOutcome reroll(Actor actor, String taskId, ChatRef replyTo);

    /** A new video continuing the delivered one, charged to {@code actor} and answered in {@code replyTo}. */
    SubmitOutcome extend(Actor actor, String taskId, String instruction, ChatRef replyTo);

    /**
     * Keeps with a task just accepted the largest upload its chat takes, as the platform said with the request
     * (Discord's {@code attachment_size_limit}), so that its video is fitted to that limit, after a restart too.
     */
    void rememberUploadLimit(String taskId, long bytes);

    /** The task, if it exists and the actor may cancel it (for re-rendering a progress message). */
    Optional<TaskView> find(Actor actor, String taskId);
}
