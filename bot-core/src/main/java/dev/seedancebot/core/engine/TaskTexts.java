package dev.seedancebot.core.engine;

import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationException;
import dev.seedancebot.core.platform.UserTexts;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.seedance.SeedanceClient;
import java.util.Optional;

/** The engine's user-facing sentences, in one place so every platform says the same thing. */
final class TaskTexts {
    private TaskTexts() {}

    static String notCharged(String taskId, String why) {
        return "Your video " + taskId + " could not be made: " + why + " " + UserTexts.NOT_CHARGED;
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
            return " The problem was " + input.get().label()
                    + "; please use another file (real people's faces are usually refused).";
        }
        return e.contentIndex().get() == 0 && !request.providerPrompt().isEmpty()
                ? " The prompt was the problem; please rephrase it."
                : "";
    }

    static String soundtrackRefused(String taskId) {
        return "Seedance's safety check refused the soundtrack of your video " + taskId + ", so it is being made again"
                + " without audio, once, at no extra charge; it will be posted here silent.";
    }

    static String slow(String taskId) {
        return "Your video " + taskId + " is taking longer than usual; Seedance is still working on it and it will"
                + " be posted here when it is ready.";
    }

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
