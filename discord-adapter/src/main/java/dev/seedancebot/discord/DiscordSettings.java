package dev.seedancebot.discord;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the Discord adapter.
 *
 * @param token the bot token (from the environment or a file, never a command line argument), or {@code null} when
 *     Discord is not configured: the app then does not start the adapter
 * @param restBaseUrl Discord's REST root with the version, ending in a slash; {@link #DEFAULT_REST_BASE_URL} in
 *     production, a loopback fake in tests. Attachments are only downloaded from Discord's CDN hosts or this URL's host.
 * @param gatewayUrl the gateway WebSocket URL, or null (production) for the one Discord names in
 *     {@code GET /gateway/bot}
 * @param gatewayCompression zlib-stream gateway compression; off for plain-JSON fakes
 * @param commandGuildIds guilds to register the slash commands in (appear at once, good for testing); empty registers
 *     them globally
 * @param moderatorRoleIds roles whose members may use {@code /videomod} besides those with Manage Server
 * @param sharding how many shards the bot has and which of them this instance runs
 */
public record DiscordSettings(
        String token,
        String restBaseUrl,
        String gatewayUrl,
        boolean gatewayCompression,
        List<String> commandGuildIds,
        Set<String> moderatorRoleIds,
        Sharding sharding) {

    public static final String DEFAULT_REST_BASE_URL = "https://discord.com/api/v10/";

    /**
     * The shards of the bot and the range this instance runs. Every instance of one bot must be given the same
     * {@code total}: Discord puts a guild on shard {@code (guild_id >> 22) % total}, so instances that disagree would
     * leave guilds without a shard or serve them twice. A finished video is posted over REST, so any instance can
     * deliver to any guild whatever shards it runs.
     *
     * @param total the number of shards, or 0 for Discord's recommendation ({@code GET /gateway/bot}); a range needs
     *     an explicit total, since the recommendation can change between the starts of two instances
     * @param min the lowest shard id this instance runs, or -1 for all shards
     * @param max the highest shard id this instance runs, or -1 for all shards
     */
    public record Sharding(int total, int min, int max) {
        /** One instance running all of Discord's recommended shards (the default). */
        public static final Sharding RECOMMENDED = new Sharding(0, -1, -1);

        public Sharding {
            if (total < 0) {
                throw new IllegalArgumentException("shardsTotal must be 0 (Discord's recommendation) or positive");
            }
            if ((min == -1) != (max == -1)) {
                throw new IllegalArgumentException("shardMin and shardMax must be set together");
            }
            if (min != -1) {
                if (total == 0) {
                    throw new IllegalArgumentException("a shard range needs shardsTotal: every instance must agree on"
                            + " it, and Discord's recommendation may change between their starts");
                }
                if (min < 0 || min > max || max >= total) {
                    throw new IllegalArgumentException("need 0 <= shardMin <= shardMax < shardsTotal, got " + min
                            + ".." + max + " of " + total);
                }
            }
        }

        /** All {@code total} shards in this instance. */
        public static Sharding all(int total) {
            if (total < 1) {
                throw new IllegalArgumentException("total must be positive");
            }
            return new Sharding(total, -1, -1);
        }

        /** Shards {@code min..max} (inclusive) of {@code total} in this instance. */
        public static Sharding range(int total, int min, int max) {
            return new Sharding(total, min, max);
        }

        /** Whether this instance runs only some of the shards. */
        public boolean isRange() {
            return min != -1;
        }
    }

    public DiscordSettings {
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("discord token may not be blank");
        }
        restBaseUrl = restBaseUrl == null ? DEFAULT_REST_BASE_URL : restBaseUrl;
        if (!restBaseUrl.startsWith("http") || !restBaseUrl.endsWith("/")) {
            throw new IllegalArgumentException("restBaseUrl must be an http(s) URL ending in '/', was " + restBaseUrl);
        }
        if (gatewayUrl != null && !gatewayUrl.startsWith("ws")) {
            throw new IllegalArgumentException("gatewayUrl must be a ws(s) URL, was " + gatewayUrl);
        }
        commandGuildIds = List.copyOf(Objects.requireNonNull(commandGuildIds, "commandGuildIds"));
        moderatorRoleIds = Set.copyOf(Objects.requireNonNull(moderatorRoleIds, "moderatorRoleIds"));
        Objects.requireNonNull(sharding, "sharding");
    }

    /** Whether a token is configured, so that the adapter can run. */
    public boolean enabled() {
        return token != null;
    }

    /** One instance running Discord's recommended number of shards. */
    public DiscordSettings(String token, String restBaseUrl, String gatewayUrl, boolean gatewayCompression,
            List<String> commandGuildIds, Set<String> moderatorRoleIds) {
        this(token, restBaseUrl, gatewayUrl, gatewayCompression, commandGuildIds, moderatorRoleIds, Sharding.RECOMMENDED);
    }

    /** Production endpoints with compression, global commands, no moderator roles. */
    public static DiscordSettings of(String token) {
        return new DiscordSettings(token, null, null, true, List.of(), Set.of());
    }

    /** The same settings with other shards. */
    public DiscordSettings withSharding(Sharding value) {
        return new DiscordSettings(token, restBaseUrl, gatewayUrl, gatewayCompression, commandGuildIds,
                moderatorRoleIds, value);
    }

    @Override
    public String toString() {
        return "DiscordSettings[token=***, restBaseUrl=" + restBaseUrl + ", gatewayUrl=" + gatewayUrl
                + ", gatewayCompression=" + gatewayCompression + ", commandGuildIds=" + commandGuildIds
                + ", moderatorRoleIds=" + moderatorRoleIds + ", sharding=" + sharding + "]";
    }
}
