package dev.seedancebot.testkit.discord;

/**
 * A gateway session's shard as the client sent it in IDENTIFY ({@code "shard": [id, total]}); a session without it
 * is shard 0 of 1 and receives every guild.
 */
public record ShardInfo(int id, int total) {
    /** What Discord assumes when IDENTIFY carries no shard. */
    public static final ShardInfo UNSHARDED = new ShardInfo(0, 1);

    public ShardInfo {
        if (total < 1 || id < 0 || id >= total) {
            throw new IllegalArgumentException("invalid shard [" + id + ", " + total + "]");
        }
    }

    /** Discord's rule: a guild belongs to shard {@code (guild_id >> 22) % total}. */
    public boolean serves(String guildId) {
        return (Long.parseLong(guildId) >> 22) % total == id;
    }
}
