package dev.seedancebot.core.engine;

import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationException;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.seedance.SeedanceClient;
import java.util.Optional;

/** The engine's user-facing sentences, in one place so every platform says the same thing. */
final class TaskTexts {
    private TaskTexts() {}

    static String notCharged(String taskId, String why) {
        return "Your video " + taskId + " could not be made: " + why + " You were not charged.";
    }

    static String failure(ErrorKind kind, String providerMessage) {
        String base = kind.userMessage();
        if (kind == ErrorKind.INVALID_REQUEST || kind == ErrorKind.INPUT_MODERATION
                || kind == ErrorKind.OUTPUT_MODERATION) {
            String detail = providerMessage == null ? "" : providerMessage.strip();
            if (!detail.isEmpty()) {
                return base + " (Seedance said: " + shorten(detail, 300) + ")";
            }
        }
        return base;
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

    static String slow(String taskId) {
        return "Your video " + taskId + " is taking longer than usual; Seedance is still working on it and it will"
                + " be posted here when it is ready.";
    }

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
