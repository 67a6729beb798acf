package dev.seedancebot.core.quota;

/**
 * Where an allowance, a grant, a block and a budget belong: a community (Discord server or Telegram group) by its id,
 * or {@link #PRIVATE} for every private chat with the bot and the terminal. The same person in two communities has
 * two allowances.
 */
public final class QuotaScope {
    /** All private chats and the terminal together. */
    public static final String PRIVATE = "private";
    /** The whole bot, in {@code budget_spend} and {@code budget_ceiling}. */
    static final String GLOBAL = "*";

    private QuotaScope() {}

    /** The scope of a request made in {@code communityId} ({@code null} in a private chat). */
    public static String of(String communityId) {
        return communityId == null ? PRIVATE : communityId;
    }
}
