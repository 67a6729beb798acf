package dev.seedancebot.core.ports.in;

import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.task.TaskView;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The Delete and Report buttons under a posted video. The core decides who may and records it; the adapter removes
 * the messages or carries the report to the moderators, since only it can.
 */
public interface ContentActions {

    sealed interface DeleteOutcome permits Deleted, DeleteRefused {}

    /** Recorded as deleted (once): remove the task's posted messages and tell the presser {@code confirmation}. */
    record Deleted(TaskView task, String confirmation) implements DeleteOutcome {
        public Deleted {
            Objects.requireNonNull(task, "task");
        }

        /** The messages to remove: the posted video and the progress message, when they differ (Discord). */
        public Set<String> messageIds() {
            Set<String> ids = new LinkedHashSet<>();
            if (task.deliveredMessageId() != null) {
                ids.add(task.deliveredMessageId());
            }
            if (task.progressMessageId() != null) {
                ids.add(task.progressMessageId());
            }
            return ids;
        }
    }

    record DeleteRefused(Answer answer) implements DeleteOutcome {}

    sealed interface ReportOutcome permits Reported, ReportRefused {}

    /**
     * Recorded (once per person and video): tell the moderators, then the reporter, privately, {@code confirmation}.
     *
     * @param channelId the channel (Discord) or topic (Telegram) the moderators chose for reports, or {@code null}:
     *     then the community's admins, by direct message
     */
    record Reported(TaskView task, UserKey reporter, String channelId, String confirmation) implements ReportOutcome {
        public Reported {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(reporter, "reporter");
        }
    }

    record ReportRefused(Answer answer) implements ReportOutcome {}

    /** Delete a posted video: its requester or a moderator of its community. Counts as a command. */
    DeleteOutcome delete(Actor actor, String taskId);

    /** Report a posted video to the community's moderators. Counts as a command. */
    ReportOutcome report(Actor actor, String taskId);
}
