package dev.seedancebot.testkit.discord;

/**
 * An interaction the fake dispatched; its callback and webhook routes contain {@code id} and {@code token}.
 */
public record Interaction(String id, String token) {

    /** Regex of this interaction's callback path, for {@link FakeDiscord#awaitRequest}. */
    public String callbackPath() {
        return ".*/interactions/" + id + "/" + token + "/callback";
    }

    /** Regex of every webhook path (edits of @original and follow-ups) under this interaction's token. */
    public String webhookPath() {
        return ".*/webhooks/\\d+/" + token + "(/.*)?";
    }
}
