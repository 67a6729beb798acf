package dev.seedancebot.core.generation;

import java.net.URI;
import java.util.Objects;

/** What one poll of a provider task says. */
public sealed interface GenerationStatus
        permits GenerationStatus.Pending, GenerationStatus.Succeeded, GenerationStatus.Failed {

    /**
     * Still running. {@code state} is the provider's status text ({@code QUEUED}, {@code IN_PROGRESS}, or empty);
     * {@code progressPercent} is 0–100 and may go backwards.
     */
    record Pending(String state, int progressPercent) implements GenerationStatus {
        public Pending {
            state = state == null ? "" : state;
            progressPercent = Math.max(0, Math.min(100, progressPercent));
        }
    }

    /**
     * Done; {@code videoUrl} is a pre-signed link (about 24 h) that must be fetched without the API key.
     * {@code completionTokens} is what the provider billed ({@code usage.completion_tokens}), {@code null} when the
     * answer does not say.
     */
    record Succeeded(URI videoUrl, Long completionTokens) implements GenerationStatus {
        public Succeeded {
            Objects.requireNonNull(videoUrl, "videoUrl");
            if (completionTokens != null && completionTokens < 0) {
                completionTokens = null;
            }
        }

        public Succeeded(URI videoUrl) {
            this(videoUrl, null);
        }
    }

    /** The provider gave up; it does not bill a failed task. */
    record Failed(ErrorKind kind, String code, String message) implements GenerationStatus {
        public Failed {
            Objects.requireNonNull(kind, "kind");
            message = message == null ? "" : message;
        }
    }
}
