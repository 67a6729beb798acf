package dev.seedancebot.app.config;

import dev.seedancebot.discord.DiscordSettings;
import dev.seedancebot.discord.DiscordSettings.Sharding;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the {@code discord:} section straight into the adapter's {@link DiscordSettings}; its token is {@code null}
 * when Discord is not configured.
 */
final class DiscordBinder {
    private DiscordBinder() {}

    static DiscordSettings bind(ValueReader r, AppConfig.Storage storage) {
        String token = r.secret("discord.token", "discord.token-file");
        var commandGuildIds = r.ids("discord.command-guild-ids");
        Set<String> moderatorRoleIds = Set.copyOf(r.ids("discord.moderator-role-ids"));
        String restUrl = restUrl(r, "discord.rest-url");
        String gatewayUrl = gatewayUrl(r, "discord.gateway-url");
        boolean compression = r.bool("discord.gateway-compression");
        return new DiscordSettings(token, restUrl, gatewayUrl, compression, commandGuildIds, moderatorRoleIds,
                sharding(r, storage));
    }

    /** {@code discord.rest-url}: an http(s) URL; the trailing slash the REST client needs is added. */
    private static String restUrl(ValueReader r, String key) {
        String value = r.httpUrl(key, DiscordSettings.DEFAULT_REST_BASE_URL);
        return value.endsWith("/") ? value : value + "/";
    }

    /** {@code discord.gateway-url}: a ws(s) URL, or null for the one Discord names. */
    private static String gatewayUrl(ValueReader r, String key) {
        String value = r.raw(key);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("ws") || scheme.equals("wss")) && uri.getHost() != null) {
                return value.strip();
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        r.bad(key, "use a ws:// or wss:// URL with a host, e.g. wss://gateway.discord.gg, or remove the key to use"
                + " the gateway Discord names");
        return null;
    }

    /** {@code discord.shards-total}, {@code shard-min} and {@code shard-max}, checked together. */
    private static Sharding sharding(ValueReader r, AppConfig.Storage storage) {
        int total = r.integer("discord.shards-total", 0, 65535, "0 = Discord's recommendation and all shards here");
        Integer min = r.optionalInteger("discord.shard-min", 0, 65534, "the lowest shard id this instance runs");
        Integer max = r.optionalInteger("discord.shard-max", 0, 65534, "the highest shard id this instance runs");
        if (r.wasReported("discord.shards-total") || r.wasReported("discord.shard-min")
                || r.wasReported("discord.shard-max")) {
            return Sharding.RECOMMENDED;
        }
        if (min == null && max == null) {
            return total == 0 ? Sharding.RECOMMENDED : Sharding.all(total);
        }
        if (min == null || max == null) {
            String set = min != null ? "discord.shard-min" : "discord.shard-max";
            String unset = min != null ? "discord.shard-max" : "discord.shard-min";
            r.problem(set + " = " + r.raw(set) + " (" + r.origin(set) + ") is set but " + unset
                    + " is not: set both (this instance runs shards shard-min..shard-max) or neither (it runs"
                    + " all shards)");
            return Sharding.RECOMMENDED;
        }
        String range = "discord.shard-min..shard-max = " + min + ".." + max;
        if (total == 0) {
            r.problem(range + " needs discord.shards-total: give every instance the same total, e.g."
                    + " shards-total: " + (max + 1) + "; Discord's recommendation (shards-total: 0) may change"
                    + " between two instances' starts, and instances that disagree leave guilds unserved");
            return Sharding.RECOMMENDED;
        }
        if (min > max || max >= total) {
            r.problem(range + " of discord.shards-total = " + total + " is not a valid range: need 0 <="
                    + " shard-min <= shard-max < shards-total, e.g. shard-min: 0 and shard-max: "
                    + Math.max(0, total / 2 - 1) + " here and the rest on another instance");
            return Sharding.RECOMMENDED;
        }
        if (!storage.isShared() && (min > 0 || max < total - 1)) {
            r.problem(range + " of " + total + " leaves the other shards to other instances, and those must"
                    + " share this instance's database: set storage.jdbc-url to a PostgreSQL database (the"
                    + " embedded H2 file serves one instance), or remove shard-min and shard-max to run every"
                    + " shard here");
            return Sharding.RECOMMENDED;
        }
        return Sharding.range(total, min, max);
    }
}
