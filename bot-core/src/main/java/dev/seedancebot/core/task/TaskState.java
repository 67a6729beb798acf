package dev.seedancebot.core.task;

/**
 * Lifecycle of a generation task. Each state is written to the database before the external call that follows it, so
 * that a restart knows exactly what may already have happened outside.
 */
public enum TaskState {
    /** Validated, stored and charged (reserved); the create call has not been sent. */
    RECEIVED(false),
    /** The create call is about to be or is being sent; if we crash here its outcome is unknown. */
    SUBMITTING(false),
    /** The provider accepted the task; its id is stored and it is being polled. */
    SUBMITTED(false),
    /** The provider finished; the result URL is stored and the video is being downloaded. */
    SUCCEEDED(false),
    /** The video is being posted; a restart posts again only if no delivery was recorded. */
    DELIVERING(false),
    DELIVERED(true),
    FAILED(true),
    CANCELLED(true);

    private final boolean terminal;

    TaskState(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
    }
}
