package dev.seedancebot.core.request;

import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.UserKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One platform-neutral generation request: what every adapter and the terminal produce, and what the engine
 * validates, charges and submits. The record only checks its structure; {@link RequestValidator} checks every
 * Seedance input rule and says what to fix.
 *
 * @param prompt the user's text; for {@link Intent#EDIT} and {@link Intent#EXTEND} the instruction (may be empty
 *     when media alone carry the request)
 * @param media inputs in the order the user gave them; {@link #contentOrder()} is the order Seedance needs
 */
public record VideoRequest(
        String prompt, List<MediaInput> media, VideoOptions options, Intent intent, UserKey requester, ChatRef replyTo) {

    public VideoRequest {
        prompt = prompt == null ? "" : prompt.strip();
        media = List.copyOf(Objects.requireNonNull(media, "media"));
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(replyTo, "replyTo");
    }

    /** A text-to-video request (with web search when {@code options.webSearch()}). */
    public static VideoRequest text(String prompt, VideoOptions options, UserKey requester, ChatRef replyTo) {
        return new VideoRequest(prompt, List.of(), options, Intent.GENERATE, requester, replyTo);
    }

    /** Edit {@code video} following {@code instruction}: the source timeline is kept, only what is asked changes. */
    public static VideoRequest edit(
            MediaInput video, String instruction, VideoOptions options, UserKey requester, ChatRef replyTo) {
        return new VideoRequest(instruction, List.of(video), options, Intent.EDIT, requester, replyTo);
    }

    /** Extend {@code video} with new footage described by {@code instruction}. */
    public static VideoRequest extend(
            MediaInput video, String instruction, VideoOptions options, UserKey requester, ChatRef replyTo) {
        return new VideoRequest(instruction, List.of(video), options, Intent.EXTEND, requester, replyTo);
    }

    /** The input mode, derived from intent and roles; for an invalid mix the validator reports the problem. */
    public GenerationMode mode() {
        if (intent == Intent.EDIT) {
            return GenerationMode.EDIT;
        }
        if (intent == Intent.EXTEND) {
            return GenerationMode.EXTEND;
        }
        if (media.isEmpty()) {
            return GenerationMode.TEXT_TO_VIDEO;
        }
        boolean reference = media.stream().anyMatch(m -> !m.role().isFrame());
        if (reference) {
            return GenerationMode.REFERENCE;
        }
        boolean last = media.stream().anyMatch(m -> m.role() == MediaRole.LAST_FRAME);
        return last ? GenerationMode.FIRST_LAST_FRAME : GenerationMode.FIRST_FRAME;
    }

    /**
     * The media in the order Seedance requires: images, then videos, then audio; a first frame before a last frame;
     * otherwise as the user gave them. Prompt tags number inputs in this order.
     */
    public List<MediaInput> contentOrder() {
        List<MediaInput> ordered = new ArrayList<>(media);
        ordered.sort(Comparator.comparingInt((MediaInput m) -> m.kind().ordinal())
                .thenComparingInt(m -> m.role() == MediaRole.LAST_FRAME ? 1 : 0));
        return ordered;
    }

    /** The media of one kind in content order. */
    public List<MediaInput> media(MediaKind kind) {
        return contentOrder().stream().filter(m -> m.kind() == kind).toList();
    }

    /**
     * The prompt tag ({@code @image2}, {@code @video1}...) that refers to {@code input}, numbered by content order;
     * empty for first and last frames, which Seedance does not tag.
     */
    public Optional<String> tagOf(MediaInput input) {
        if (input.role().isFrame()) {
            return Optional.empty();
        }
        List<MediaInput> sameKind = media(input.kind()).stream()
                .filter(m -> !m.role().isFrame())
                .toList();
        int index = sameKind.indexOf(input);
        if (index < 0) {
            return Optional.empty();
        }
        return Optional.of("@" + input.kind().tag() + (index + 1));
    }

    /**
     * The text sent to Seedance. Edit and extend have no request field of their own; the model infers them from an
     * instruction that names the reference video, so the instruction is wrapped here.
     */
    public String providerPrompt() {
        return switch (intent) {
            case GENERATE -> prompt;
            case EDIT -> "Edit @video1: " + prompt + " Keep everything else in @video1 unchanged.";
            case EXTEND -> "Extend @video1: " + prompt;
        };
    }
}
