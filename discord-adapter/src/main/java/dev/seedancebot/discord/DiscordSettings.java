package dev.seedancebot.discord;

import dev.seedancebot.core.request.VideoOptions;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the Discord adapter.
 *
 * @param token the bot token (from the environment or a file, never a command line argument)
 * @param restBaseUrl Discord's REST root with the version, ending in a slash; {@link #DEFAULT_REST_BASE_URL} in
 *     production, a loopback fake in tests. Attachments are only downloaded from Discord's CDN hosts or this URL's host.
 * @param gatewayUrl the gateway WebSocket URL; {@link #DEFAULT_GATEWAY_URL} in production
 * @param gatewayCompression zlib-stream gateway compression; off for plain-JSON fakes
 * @param commandGuildIds guilds to register the slash commands in (appear at once, good for testing); empty registers
 *     them globally
 * @param moderatorRoleIds roles whose members may use {@code /videomod} besides those with Manage Server
 * @param defaults the options a {@code /video} command gets for every option the user leaves out
 */
public record DiscordSettings(
        String token,
        String restBaseUrl,
        String gatewayUrl,
        boolean gatewayCompression,
        List<String> commandGuildIds,
        Set<String> moderatorRoleIds,
        VideoOptions defaults) {

    public static final String DEFAULT_REST_BASE_URL = "https://discord.com/api/v10/";
    public static final String DEFAULT_GATEWAY_URL = "wss://gateway.discord.gg/";

    public DiscordSettings {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("discord token may not be blank");
        }
        restBaseUrl = restBaseUrl == null ? DEFAULT_REST_BASE_URL : restBaseUrl;
        if (!restBaseUrl.startsWith("http") || !restBaseUrl.endsWith("/")) {
            throw new IllegalArgumentException("restBaseUrl must be an http(s) URL ending in '/', was " + restBaseUrl);
        }
        gatewayUrl = gatewayUrl == null ? DEFAULT_GATEWAY_URL : gatewayUrl;
        if (!gatewayUrl.startsWith("ws")) {
            throw new IllegalArgumentException("gatewayUrl must be a ws(s) URL, was " + gatewayUrl);
        }
        commandGuildIds = List.copyOf(Objects.requireNonNull(commandGuildIds, "commandGuildIds"));
        moderatorRoleIds = Set.copyOf(Objects.requireNonNull(moderatorRoleIds, "moderatorRoleIds"));
        Objects.requireNonNull(defaults, "defaults");
    }

    /** Production endpoints with compression, global commands, no moderator roles, Seedance's default options. */
    public static DiscordSettings of(String token) {
        return new DiscordSettings(token, null, null, true, List.of(), Set.of(), VideoOptions.DEFAULTS);
    }

    @Override
    public String toString() {
        return "DiscordSettings[token=***, restBaseUrl=" + restBaseUrl + ", gatewayUrl=" + gatewayUrl
                + ", gatewayCompression=" + gatewayCompression + ", commandGuildIds=" + commandGuildIds
                + ", moderatorRoleIds=" + moderatorRoleIds + ", defaults=" + defaults + "]";
    }
}
