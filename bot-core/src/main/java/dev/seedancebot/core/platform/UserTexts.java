package dev.seedancebot.core.platform;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.task.TaskView;

/**
 * Sentences every platform shows alike, so they are written once: the charge assurances, the answers of a bot that
 * cannot take work now, and how a finished task's progress message ends. The words are in the bundles
 * ({@code i18n/messages*.properties}), in the language of the current {@link dev.seedancebot.core.i18n.Texts} scope.
 *
 * <p>Rule for every user-facing text: it says what happened and what to do, in the bot's own words. A provider's
 * answer, a platform's error body or an exception message never goes into one; the log keeps those.
 */
public final class UserTexts {
    private UserTexts() {}

    public static String nothingCharged() {
        return t("charge.nothingCharged");
    }

    public static String notCharged() {
        return t("charge.notCharged");
    }

    /** The handler queue is full; the request was not read. */
    public static String busy() {
        return t("bot.busy");
    }

    public static String shuttingDown() {
        return t("bot.shuttingDown");
    }

    public static String restarting() {
        return t("bot.restarting");
    }

    public static String videosOff() {
        return t("community.videosOff");
    }

    /** An unexpected fault in the bot itself; the operator finds the cause in the log. */
    public static String internalError() {
        return t("bot.internalError");
    }

    /** Why a task failed when its finished video could not be posted (the platform's answer is in the log). */
    public static String notPosted() {
        return t("task.notPosted");
    }

    /**
     * The last line of a task's progress message once the task ended: done, or failed or cancelled with what happened
     * to its credits; {@code null} while it runs. Failed and cancelled tasks carry that sentence, in the bot's words,
     * as {@link TaskView#errorMessage()}.
     */
    public static String ending(TaskView task) {
        return switch (task.state()) {
            case DELIVERED -> t("task.ending.done");
            case FAILED -> task.errorMessage() == null ? t("task.ending.failedSeeBelow")
                    : t("task.ending.failed", "why", task.errorMessage());
            case CANCELLED -> task.errorMessage() == null ? t("task.ending.cancelled")
                    : t("task.ending.cancelledWhy", "why", task.errorMessage());
            default -> null;
        };
    }
}
