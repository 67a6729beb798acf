package dev.seedancebot.core.engine.queue;

import dev.seedancebot.core.task.QueueSpot;

/**
 * A task waiting in the queue, as moderators see it.
 *
 * @param communityKey {@code PLATFORM:communityId} ({@code PLATFORM:} for private chats)
 * @param spot its last shown place and wait, or {@code null} before the first numbering
 */
public record QueuedTask(String taskId, String communityKey, String userId, QueueSpot spot) {

    /** The community id alone, as moderators and operators know it. */
    public String communityId() {
        return communityKey.substring(communityKey.indexOf(':') + 1);
    }
}
