package dev.seedancebot.core.platform;

import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.task.TaskView;

/**
 * What the engine needs from a chat platform. Implemented by each adapter; called from engine threads, never from
 * the platform SDK's own threads, so implementations may block on network calls. Every method may throw a
 * {@link PlatformException}; the engine retries where that makes sense.
 */
public interface PlatformPort {

    Platform platform();

    /**
     * The task's state or progress changed; called only on a change. Implementations keep one progress message per
     * task up to date (editing it, within the platform's limits) and return its id, or {@code null} if there is none.
     */
    String showProgress(TaskView task);

    /** The largest file this task's chat accepts as an upload, in bytes. */
    long uploadLimitBytes(TaskView task);

    /**
     * Whether uploads should carry a thumbnail. Telegram shows a grey box until it has processed a video that came
     * without one; Discord makes its own, so the extra ffmpeg run is skipped there.
     */
    default boolean wantsThumbnail() {
        return false;
    }

    /**
     * Posts the finished video in the task's chat and thread, addressed to the requester, with the prompt and
     * settings, and returns the platform's message id. The adapter may turn the task's progress message into the
     * result (Telegram does, so that a repeat edits instead of posting again). {@code task.id()} is a stable
     * idempotency key: a delivery repeated after a crash carries the same id.
     */
    String deliver(TaskView task, Delivery delivery);

    /** Tells the requester something about their task (failure and refund, slowness, cancellation). */
    void notify(TaskView task, Notice notice);

    /**
     * Sends {@code text} privately to one user of this platform (operator alerts): a DM on Discord, the private chat
     * on Telegram, whose id is the user's. Platforms without private messages refuse.
     */
    default void directMessage(String userId, String text) {
        throw new PlatformException(platform() + " cannot send private messages", true);
    }
}
