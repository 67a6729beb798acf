package dev.seedancebot.testkit.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The JSON shapes of the fake's world (users, guild, channels, members), with every field JDA 6.5.0 reads
 * (LOOPBACK-FAKES §1.4): roles carry {@code colors}, the guild a valid {@code afk_timeout} and all its arrays.
 */
final class DiscordJson {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String JOINED_AT = "2026-01-01T00:00:00.000000+00:00";

    static final long VIEW_CHANNEL = 1L << 10;
    static final long SEND_MESSAGES = 1L << 11;
    static final long EMBED_LINKS = 1L << 14;
    static final long ATTACH_FILES = 1L << 15;
    static final long READ_MESSAGE_HISTORY = 1L << 16;
    static final long USE_APPLICATION_COMMANDS = 1L << 31;
    static final long SEND_MESSAGES_IN_THREADS = 1L << 38;
    static final long MANAGE_GUILD = 1L << 5;
    static final long BOT_PERMISSIONS = VIEW_CHANNEL | SEND_MESSAGES | SEND_MESSAGES_IN_THREADS | ATTACH_FILES
            | EMBED_LINKS | READ_MESSAGE_HISTORY;
    static final long EVERYONE_PERMISSIONS = VIEW_CHANNEL | SEND_MESSAGES | SEND_MESSAGES_IN_THREADS
            | READ_MESSAGE_HISTORY | USE_APPLICATION_COMMANDS | EMBED_LINKS | ATTACH_FILES;

    private DiscordJson() {}

    static ObjectNode user(String id, String username, boolean bot) {
        ObjectNode u = JSON.createObjectNode()
                .put("id", id)
                .put("username", username)
                .put("discriminator", "0")
                .put("global_name", username)
                .putNull("avatar")
                .put("public_flags", 0)
                .put("flags", 0)
                .putNull("primary_guild");
        if (bot) {
            u.put("bot", true);
        }
        return u;
    }

    /** {@code GET users/@me}: the bot user with the private fields. */
    static ObjectNode selfUser() {
        return user(FakeDiscord.BOT_ID, FakeDiscord.BOT_NAME, true)
                .put("mfa_enabled", false)
                .put("locale", "en-US")
                .put("verified", true);
    }

    static ObjectNode member(Member m) {
        ObjectNode node = JSON.createObjectNode();
        node.set("user", user(m.id(), m.username(), false));
        ArrayNode roles = node.putArray("roles");
        m.roleIds().forEach(roles::add);
        return node.put("joined_at", JOINED_AT).put("deaf", false).put("mute", false).put("flags", 0)
                .put("pending", false).putNull("nick").putNull("avatar").putNull("premium_since");
    }

    static ObjectNode botMember() {
        ObjectNode node = JSON.createObjectNode();
        node.set("user", user(FakeDiscord.BOT_ID, FakeDiscord.BOT_NAME, true));
        node.putArray("roles").add(FakeDiscord.ROLE_BOT);
        return node.put("joined_at", JOINED_AT).put("deaf", false).put("mute", false).put("flags", 0)
                .put("pending", false).putNull("nick").putNull("avatar").putNull("premium_since");
    }

    static ObjectNode role(String id, String name, int position, long permissions, boolean managed) {
        ObjectNode r = JSON.createObjectNode()
                .put("id", id)
                .put("name", name)
                .put("color", 0)
                .put("position", position)
                .put("permissions", Long.toString(permissions))
                .put("managed", managed)
                .put("hoist", false)
                .put("mentionable", false)
                .put("flags", 0)
                .putNull("icon")
                .putNull("unicode_emoji");
        r.putObject("colors").put("primary_color", 0).putNull("secondary_color").putNull("tertiary_color");
        return r;
    }

    static ObjectNode textChannel(String guildId, String id, String name, int position, ArrayNode overwrites) {
        ObjectNode c = JSON.createObjectNode()
                .put("id", id)
                .put("type", 0)
                .put("guild_id", guildId)
                .put("name", name)
                .put("position", position)
                .put("flags", 0)
                .putNull("parent_id")
                .putNull("topic")
                .put("nsfw", false)
                .put("rate_limit_per_user", 0)
                .putNull("last_message_id")
                .put("default_auto_archive_duration", 1440);
        c.set("permission_overwrites", overwrites == null ? JSON.createArrayNode() : overwrites);
        return c;
    }

    static ObjectNode publicThread(String id, String name, String parentId) {
        ObjectNode t = JSON.createObjectNode()
                .put("id", id)
                .put("type", 11)
                .put("guild_id", FakeDiscord.GUILD_ID)
                .put("parent_id", parentId)
                .put("owner_id", FakeDiscord.ALICE.id())
                .put("name", name)
                .put("flags", 0)
                .putNull("last_message_id")
                .put("rate_limit_per_user", 0)
                .put("message_count", 0)
                .put("member_count", 1)
                .put("total_message_sent", 0);
        t.putArray("applied_tags");
        t.putObject("thread_metadata")
                .put("archived", false)
                .put("auto_archive_duration", 1440)
                .put("archive_timestamp", JOINED_AT)
                .put("locked", false)
                .put("invitable", true)
                .put("create_timestamp", JOINED_AT);
        return t;
    }

    static ObjectNode dmChannel(String id, Member recipient) {
        ObjectNode c = JSON.createObjectNode().put("id", id).put("type", 1).put("flags", 0).putNull("last_message_id");
        c.putArray("recipients").add(user(recipient.id(), recipient.username(), false));
        return c;
    }

    /** The roles of a guild: {@code @everyone}, and in the main guild the moderator, admin, bot and helper roles. */
    static ArrayNode roles(String guildId) {
        ArrayNode roles = JSON.createArrayNode();
        roles.add(role(guildId, "@everyone", 0, EVERYONE_PERMISSIONS, false));
        if (guildId.equals(FakeDiscord.GUILD_ID)) {
            roles.add(role(FakeDiscord.ROLE_MODERATORS, "Moderators", 1, 0, false));
            roles.add(role(FakeDiscord.ROLE_ADMINS, "Admins", 2, MANAGE_GUILD, false));
            roles.add(role(FakeDiscord.ROLE_BOT, FakeDiscord.BOT_NAME, 3, BOT_PERMISSIONS, true)
                    .set("tags", JSON.createObjectNode().put("bot_id", FakeDiscord.BOT_ID)));
            roles.add(role(FakeDiscord.ROLE_HELPERS, "Helpers", 4, 0, false));
        }
        return roles;
    }

    /**
     * The main guild ({@link FakeDiscord#GUILD_ID}) with its moderator, admin and bot roles, or another guild with only
     * {@code @everyone}, where the bot's permissions come from that role.
     */
    static ObjectNode guildCreate(String guildId, String name, Iterable<ObjectNode> channels, Iterable<ObjectNode> threads,
            Iterable<Member> members) {
        boolean main = guildId.equals(FakeDiscord.GUILD_ID);
        ObjectNode g = JSON.createObjectNode()
                .put("id", guildId)
                .put("name", name)
                .putNull("icon")
                .putNull("splash")
                .putNull("banner")
                .putNull("description")
                .put("owner_id", FakeDiscord.OWNER_ID)
                .put("afk_timeout", 300)
                .putNull("afk_channel_id")
                .putNull("system_channel_id")
                .putNull("rules_channel_id")
                .putNull("public_updates_channel_id")
                .put("verification_level", 0)
                .put("default_message_notifications", 0)
                .put("explicit_content_filter", 0)
                .put("mfa_level", 0)
                .put("nsfw_level", 0)
                .put("premium_tier", 0)
                .put("premium_subscription_count", 0)
                .put("preferred_locale", "en-US")
                .put("max_members", 500000)
                .put("member_count", 0)
                .put("large", false)
                .put("unavailable", false)
                .put("joined_at", JOINED_AT)
                .putNull("vanity_url_code")
                .put("premium_progress_bar_enabled", false)
                .putNull("safety_alerts_channel_id");
        g.putArray("features");
        g.set("roles", roles(guildId));
        ArrayNode memberArray = g.putArray("members");
        if (main) {
            memberArray.add(botMember());
        } else {
            memberArray.add(botMember().set("roles", JSON.createArrayNode()));
        }
        members.forEach(m -> memberArray.add(member(m)));
        g.put("member_count", memberArray.size());
        ArrayNode channelArray = g.putArray("channels");
        channels.forEach(channelArray::add);
        ArrayNode threadArray = g.putArray("threads");
        threads.forEach(threadArray::add);
        g.putArray("guild_scheduled_events");
        g.putArray("emojis");
        g.putArray("stickers");
        g.putArray("voice_states");
        g.putArray("presences");
        g.putArray("stage_instances");
        g.putArray("soundboard_sounds");
        return g;
    }

    /** READY for a session that serves {@code guildIds}; {@code shard} is echoed as Discord does, or null. */
    static ObjectNode ready(String gatewayUrl, String sessionId, Iterable<String> guildIds, ShardInfo shard) {
        ObjectNode d = JSON.createObjectNode().put("v", 10).put("session_id", sessionId)
                .put("resume_gateway_url", gatewayUrl);
        d.set("user", selfUser());
        ArrayNode guilds = d.putArray("guilds");
        guildIds.forEach(id -> guilds.addObject().put("id", id).put("unavailable", true));
        if (shard != null) {
            d.putArray("shard").add(shard.id()).add(shard.total());
        }
        d.putArray("private_channels");
        d.putArray("relationships");
        d.putArray("presences");
        d.putArray("guild_join_requests");
        d.putArray("geo_ordered_rtc_regions");
        d.putObject("application").put("id", FakeDiscord.BOT_ID).put("flags", 0);
        d.putArray("_trace").add("[\"fake-discord\"]");
        return d;
    }

    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString().replace("Z", "+00:00");
    }

    /** Gives every component of a message request the numeric {@code id} Discord assigns (JDA 6 reads it). */
    static void numberComponents(JsonNode components, int[] next) {
        if (components == null || !components.isArray()) {
            return;
        }
        for (JsonNode c : components) {
            if (c instanceof ObjectNode o && !o.has("id")) {
                o.put("id", ++next[0]);
            }
            numberComponents(c.get("components"), next);
            if (c.has("component")) {
                numberComponents(JSON.createArrayNode().add(c.get("component")), next);
            }
        }
    }
}
