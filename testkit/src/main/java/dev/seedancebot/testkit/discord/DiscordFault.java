package dev.seedancebot.testkit.discord;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A one-shot error answer of {@link FakeDiscord}, queued with {@link FakeDiscord#failNext} and used by the next
 * matching request, with the status, JSON error body and headers Discord sends. Immutable.
 *
 * @param status HTTP status
 * @param code Discord's JSON error code ({@code 0} for rate limits)
 * @param message Discord's error message
 * @param headers extra response headers
 */
public record DiscordFault(int status, int code, String message, Map<String, String> headers) {

    public DiscordFault {
        headers = Map.copyOf(headers);
    }

    /**
     * 429 for one route. JDA reads {@code Retry-After} and treats a 429 without a {@code Via} header as a Cloudflare
     * ban, so both are sent, with {@code X-RateLimit-Scope: user}.
     */
    public static DiscordFault rateLimited(double retryAfterSeconds) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Retry-After", Long.toString((long) Math.ceil(retryAfterSeconds)));
        h.put("Via", "1.1 google");
        h.put("X-RateLimit-Scope", "user");
        h.put("X-RateLimit-Limit", "5");
        h.put("X-RateLimit-Remaining", "0");
        h.put("X-RateLimit-Reset-After", Double.toString(retryAfterSeconds));
        return new DiscordFault(429, 0, "You are being rate limited.", h);
    }

    /** 403 {@code 50013 Missing Permissions}: the bot may not post here (or attach files, or embed links). */
    public static DiscordFault missingPermissions() {
        return new DiscordFault(403, 50013, "Missing Permissions", Map.of());
    }

    /** 403 {@code 50001 Missing Access}: the bot cannot see the channel. */
    public static DiscordFault missingAccess() {
        return new DiscordFault(403, 50001, "Missing Access", Map.of());
    }

    /** 413 {@code 40005 Request entity too large}: an attachment is over the upload limit. */
    public static DiscordFault uploadTooLarge() {
        return new DiscordFault(413, 40005, "Request entity too large", Map.of());
    }

    /** 404 {@code 10003 Unknown Channel}: the channel was deleted. */
    public static DiscordFault unknownChannel() {
        return new DiscordFault(404, 10003, "Unknown Channel", Map.of());
    }

    /**
     * 404 {@code 10062 Unknown interaction}: what an interaction callback answers when it came after Discord's 3 s
     * (the user was shown "The application did not respond").
     */
    public static DiscordFault unknownInteraction() {
        return new DiscordFault(404, 10062, "Unknown interaction", Map.of());
    }

    /** 401 {@code 50027 Invalid Webhook Token}: what an interaction token answers after its 15 minutes. */
    public static DiscordFault invalidWebhookToken() {
        return new DiscordFault(401, 50027, "Invalid Webhook Token", Map.of());
    }

    /** 500 without a Discord code; JDA does not retry it (it retries 502–504 slowly, which tests should avoid). */
    public static DiscordFault serverError() {
        return new DiscordFault(500, 0, "500: Internal Server Error", Map.of());
    }
}
