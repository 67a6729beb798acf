package dev.seedancebot.testkit.seedance;

import java.time.Instant;

/**
 * Snapshot of one fake task as the server would report it now.
 *
 * @param taskId the platform id returned by create ({@code asyntask_…})
 * @param upstreamId the fake Ark id ({@code cgt-…}), also the name of the result file
 * @param status platform status as sent in {@code data.status}, e.g. {@code QUEUED} or {@code SUCCESS}
 * @param progressPercent progress as a number; the wire carries it as {@code "50%"}
 * @param pollCount how many poll requests for this task have been answered (faulted polls excluded)
 * @param createdAt server-clock time of creation
 */
public record TaskState(
        String taskId, String upstreamId, String status, int progressPercent, int pollCount, Instant createdAt) {

    /** True once the task reports {@code SUCCESS} or {@code FAILURE}. */
    public boolean terminal() {
        return "SUCCESS".equals(status) || "FAILURE".equals(status);
    }
}
