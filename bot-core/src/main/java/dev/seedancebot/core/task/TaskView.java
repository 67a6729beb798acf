package dev.seedancebot.core.task;

import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.request.GenerationMode;
import dev.seedancebot.core.request.VideoOptions;
import java.net.URI;
import java.time.Instant;

/**
 * A read-only snapshot of one task as stored, for adapters to render.
 *
 * @param id short public id, shown to users and carried by buttons (e.g. {@code t7k2m9q})
 * @param progressMessageId the platform message that shows this task's progress, once the adapter has posted one
 * @param resultUrl the provider's pre-signed result link, once known (valid about 24 h after {@code finishedAt})
 * @param errorKind why the task failed, or {@code null}
 * @param errorMessage how a failed or cancelled task ended, in the bot's words for the user (never a provider's or
 *     platform's answer), or {@code null}
 * @param queueSpot while the task waits in the queue ({@link TaskState#RECEIVED}): its position and estimated wait as
 *     last computed; {@code null} otherwise or before the first computation
 */
public record TaskView(
        String id,
        String parentId,
        UserKey requester,
        ChatRef chat,
        TaskState state,
        GenerationMode mode,
        String prompt,
        VideoOptions options,
        long cost,
        String providerTaskId,
        int progressPercent,
        URI resultUrl,
        long resultBytes,
        String progressMessageId,
        String deliveredMessageId,
        ErrorKind errorKind,
        String errorMessage,
        Instant createdAt,
        Instant finishedAt,
        QueueSpot queueSpot) {

    /** A task that is not waiting in the queue (or whose position is not known yet). */
    public TaskView(String id, String parentId, UserKey requester, ChatRef chat, TaskState state, GenerationMode mode,
            String prompt, VideoOptions options, long cost, String providerTaskId, int progressPercent, URI resultUrl,
            long resultBytes, String progressMessageId, String deliveredMessageId, ErrorKind errorKind,
            String errorMessage, Instant createdAt, Instant finishedAt) {
        this(id, parentId, requester, chat, state, mode, prompt, options, cost, providerTaskId, progressPercent,
                resultUrl, resultBytes, progressMessageId, deliveredMessageId, errorKind, errorMessage, createdAt,
                finishedAt, null);
    }

    /**
     * A one-line summary of the settings, as shown beside the prompt: "8 s · 720p · 16:9 · audio", with its words
     * given in the reader's language ({@code HistoryTexts#settingsLine}).
     */
    public String settingsLine(String audio, String silent, String webSearch, String watermark) {
        StringBuilder line = new StringBuilder()
                .append(options.durationSeconds())
                .append(" s · ")
                .append(options.resolution().wireName())
                .append(" · ")
                .append(options.ratio().wireName())
                .append(" · ").append(options.generateAudio() ? audio : silent);
        if (options.webSearch()) {
            line.append(" · ").append(webSearch);
        }
        if (options.watermark()) {
            line.append(" · ").append(watermark);
        }
        if (options.spoiler()) {
            line.append(" · spoiler");
        }
        return line.toString();
    }
}
