package dev.seedancebot.core.engine;

import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.request.Intent;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.task.QueueSpot;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One row of the {@code task} table, with the request it was made from; the engine's working copy. {@code queueSpot}
 * is the position last shown while it waits in the queue, else {@code null}.
 */
record TaskRecord(
        String id,
        String parentId,
        UserKey requester,
        ChatRef chat,
        Set<String> roleIds,
        TaskState state,
        Intent intent,
        String prompt,
        VideoOptions options,
        List<MediaInput> media,
        long cost,
        String providerTaskId,
        String providerState,
        int progress,
        int pollCount,
        Instant nextPollAt,
        boolean slowNoticeSent,
        URI resultUrl,
        long resultBytes,
        int deliveryAttempts,
        String progressMessageId,
        String deliveredMessageId,
        ErrorKind errorKind,
        String errorMessage,
        Instant createdAt,
        Instant submittedAt,
        Instant finishedAt,
        QueueSpot queueSpot) {

    VideoRequest request() {
        return new VideoRequest(prompt, media, options, intent, requester, chat);
    }

    TaskView view() {
        return new TaskView(
                id,
                parentId,
                requester,
                chat,
                state,
                request().mode(),
                prompt,
                options,
                cost,
                providerTaskId,
                progress,
                resultUrl,
                resultBytes,
                progressMessageId,
                deliveredMessageId,
                errorKind,
                errorMessage,
                createdAt,
                finishedAt,
                queueSpot);
    }
}
