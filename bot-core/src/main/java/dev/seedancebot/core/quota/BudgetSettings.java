package dev.seedancebot.core.quota;

import java.util.Map;
import java.util.Objects;

/**
 * The operator's budgets: what the whole bot, each community and private chats may spend per day and month, in
 * credits. Nothing set in chat can exceed them: moderators' limits and grants are checked against their community's
 * ceiling, and every reservation against all of them. Operators change ceilings at run time (stored in the
 * database, which beats this configuration).
 *
 * @param global the whole bot
 * @param communityDefault a community the operator did not list, when {@code unlisted} is {@link Unlisted#DEFAULT}
 * @param communities per-community ceilings, by Discord server id or Telegram group id
 * @param unlisted what communities not in {@code communities} (nor given a ceiling at run time) get
 * @param privateChats all private chats with the bot together, and the terminal
 */
public record BudgetSettings(
        Ceiling global, Ceiling communityDefault, Map<String, Ceiling> communities, Unlisted unlisted,
        Ceiling privateChats) {

    /** Nothing capped: for tests of other rules, never the production default. */
    public static final BudgetSettings NONE = new BudgetSettings(Ceiling.NONE, Ceiling.NONE, Map.of(),
            Unlisted.DEFAULT, Ceiling.NONE);

    /**
     * A bot for a few communities: 3,000 credits a day in all (50 minutes of 480p video), 600 a day per community,
     * 300 a day for private chats together, and ten times that a month.
     */
    public static final BudgetSettings DEFAULTS = new BudgetSettings(new Ceiling(3_000, 30_000),
            new Ceiling(600, 6_000), Map.of(), Unlisted.DEFAULT, new Ceiling(300, 3_000));

    /** What communities the operator did not list may spend. */
    public enum Unlisted {
        /** The default community ceiling. */
        DEFAULT,
        /** Nothing: the bot makes videos only in listed communities. */
        DENY
    }

    /** Credits per day and per month; {@link #UNLIMITED} for no ceiling. */
    public record Ceiling(long daily, long monthly) {
        public static final long UNLIMITED = Long.MAX_VALUE;
        public static final Ceiling NONE = new Ceiling(UNLIMITED, UNLIMITED);
        public static final Ceiling ZERO = new Ceiling(0, 0);

        public Ceiling {
            QuotaSettings.requireNotNegative(daily, "daily ceiling");
            QuotaSettings.requireNotNegative(monthly, "monthly ceiling");
        }

        /** The ceiling of one window: daily for the day, monthly otherwise. */
        public long of(boolean daily) {
            return daily ? this.daily : monthly;
        }

        Ceiling with(boolean daily, long value) {
            return daily ? new Ceiling(value, monthly) : new Ceiling(this.daily, value);
        }
    }

    public BudgetSettings {
        Objects.requireNonNull(global, "global");
        Objects.requireNonNull(communityDefault, "communityDefault");
        communities = Map.copyOf(communities);
        Objects.requireNonNull(unlisted, "unlisted");
        Objects.requireNonNull(privateChats, "privateChats");
    }
}
