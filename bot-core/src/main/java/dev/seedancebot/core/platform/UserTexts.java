package dev.seedancebot.core.platform;

import dev.seedancebot.core.engine.TaskView;

/**
 * Sentences every platform shows alike, so they are written once: the charge assurances, the answers of a bot that
 * cannot take work now, and how a finished task's progress message ends.
 *
 * <p>Rule for every user-facing text: it says what happened and what to do, in the bot's own words. A provider's
 * answer, a platform's error body or an exception message never goes into one; the log keeps those.
 */
public final class UserTexts {
    public static final String NOTHING_CHARGED = "Nothing was charged.";
    public static final String NOT_CHARGED = "You were not charged.";
    /** The handler queue is full; the request was not read. */
    public static final String BUSY = "The bot is busy right now; please try again in a minute. " + NOTHING_CHARGED;
    public static final String SHUTTING_DOWN = "The bot is shutting down; please try again in a minute. "
            + NOTHING_CHARGED;
    public static final String RESTARTING = "The bot is restarting; please try again in a minute. " + NOTHING_CHARGED;
    public static final String VIDEOS_OFF = "The moderators have switched video making off here. " + NOTHING_CHARGED;
    /** An unexpected fault in the bot itself; the operator finds the cause in the log. */
    public static final String INTERNAL_ERROR = "Something went wrong on the bot's side; the operator can see why in"
            + " the log. Please try again later.";
    /** Why a task failed when its finished video could not be posted (the platform's answer is in the log). */
    public static final String NOT_POSTED = "the finished video could not be posted here. Please try again later; if"
            + " it keeps happening, ask an admin to check that the bot may post videos in this chat.";

    private UserTexts() {}

    /**
     * The last line of a task's progress message once the task ended: done, or failed or cancelled with what happened
     * to its credits; {@code null} while it runs. Failed and cancelled tasks carry that sentence, in the bot's words,
     * as {@link TaskView#errorMessage()}.
     */
    public static String ending(TaskView task) {
        return switch (task.state()) {
            case DELIVERED -> "✅ Done.";
            case FAILED -> "❌ Failed: " + (task.errorMessage() == null ? "see the message below." : task.errorMessage())
                    + " " + NOT_CHARGED;
            case CANCELLED -> "🚫 " + (task.errorMessage() == null ? "Cancelled." : task.errorMessage());
            default -> null;
        };
    }
}
