package dev.seedancebot.core.seedance;

/**
 * Makes provider text safe to put into exceptions and logs: removes the API key (a gateway may echo the token it
 * refused) and caps the length (error bodies can hold whole upstream payloads).
 */
final class Redactor {
    static final String MASK = "<redacted>";
    private static final int MAX_LENGTH = 500;

    private final String secret;

    Redactor(String secret) {
        this.secret = secret;
    }

    /** The text without the secret, shortened to at most 500 characters; {@code null} stays {@code null}. */
    String clean(String text) {
        if (text == null) {
            return null;
        }
        String safe = text.replace(secret, MASK);
        return safe.length() <= MAX_LENGTH ? safe : safe.substring(0, MAX_LENGTH) + "…";
    }
}
