package dev.seedancebot.core.engine;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationException;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.seedance.SeedanceClient;
import java.util.Optional;

/**
 * The engine's user-facing sentences, in one place so every platform says the same thing; written in the language of
 * the task's requester (the engine opens that scope for each piece of a task's work).
 */
final class TaskTexts {
    private TaskTexts() {}

    static String notCharged(String taskId, String why) {
        return t("task.failed.notCharged", "taskId", taskId, "why", why);
    }

    static String nothingCharged(String taskId, String why) {
        return t("task.failed.nothingCharged", "taskId", taskId, "why", why);
    }

    /**
     * The bot's sentence for a provider failure. The provider's own message is never added: it may be Chinese, quote
     * internals or leak an upstream body, and the log already has it.
     */
    static String failure(ErrorKind kind) {
        return kind.userMessage();
    }

    /** Names the input that Seedance blamed ({@code content[n]} of the create call), with what to do about it. */
    static String blamedInput(VideoRequest request, GenerationException e) {
        if (e.contentIndex().isEmpty()) {
            return "";
        }
        Optional<MediaInput> input = SeedanceClient.inputAtContentIndex(request, e.contentIndex().get());
        if (input.isPresent()) {
            return t("task.blamed.input", "input", input.get().label());
        }
        return e.contentIndex().get() == 0 && !request.providerPrompt().isEmpty()
                ? t("task.blamed.prompt")
                : "";
    }

    static String soundtrackRefused(String taskId) {
        return t("task.soundtrackRefused", "taskId", taskId);
    }

    static String slow(String taskId) {
        return t("task.slow", "taskId", taskId);
    }

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
