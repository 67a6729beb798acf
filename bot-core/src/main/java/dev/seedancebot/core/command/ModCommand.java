package dev.seedancebot.core.command;

import dev.seedancebot.core.community.CommunitySetting;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.LimitKind;
import dev.seedancebot.core.quota.UsageWindow;
import java.util.Objects;

/**
 * One moderator action, already resolved to users. Text platforms get it from {@link ModCommandParser}; Discord maps
 * its slash subcommands onto it. {@link ModCommandRunner} executes it. Reasons are free text, empty when not given.
 */
public sealed interface ModCommand {

    /** A user's quota, or with {@code user == null} the community's usage. */
    record Usage(UserKey user) implements ModCommand {}

    /**
     * Sets a limit for a user, a role or the whole community.
     *
     * @param user the user for {@link LimitScope#USER}, else {@code null}
     * @param roleId the role for {@link LimitScope#ROLE}, else {@code null}
     * @param value credits (tasks for {@link LimitKind#CONCURRENT}); 0 = unlimited; {@code null} = back to the
     *     inherited default
     */
    record SetLimit(LimitScope scope, UserKey user, String roleId, LimitKind kind, Long value) implements ModCommand {
        public SetLimit {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(kind, "kind");
            if (scope == LimitScope.USER) {
                Objects.requireNonNull(user, "user");
            }
            if (scope == LimitScope.ROLE && (roleId == null || roleId.isBlank())) {
                throw new IllegalArgumentException("roleId may not be blank for a role limit");
            }
            if (kind == LimitKind.POOL && scope != LimitScope.COMMUNITY) {
                throw new IllegalArgumentException("the pool limit exists only for the community");
            }
            if (value != null && value < 0) {
                throw new IllegalArgumentException("value may not be negative, was " + value);
            }
        }
    }

    /** Gives a user bonus credits, spent after their daily and monthly windows. */
    record Grant(UserKey user, long credits, String reason) implements ModCommand {
        public Grant {
            Objects.requireNonNull(user, "user");
            if (credits <= 0) {
                throw new IllegalArgumentException("credits must be positive, was " + credits);
            }
            reason = reason == null ? "" : reason.strip();
        }
    }

    /** Gives a user back what they used in {@code window}. */
    record Reset(UserKey user, UsageWindow window, String reason) implements ModCommand {
        public Reset {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(window, "window");
            reason = reason == null ? "" : reason.strip();
        }
    }

    /** Blocks a user in this community, or with {@code everywhere} (operators only) in every community. */
    record Block(UserKey user, String reason, boolean everywhere) implements ModCommand {
        public Block {
            Objects.requireNonNull(user, "user");
            reason = reason == null ? "" : reason.strip();
        }

        public Block(UserKey user, String reason) {
            this(user, reason, false);
        }

        public Block withReason(String value) {
            return new Block(user, value, everywhere);
        }
    }

    record Unblock(UserKey user, String reason, boolean everywhere) implements ModCommand {
        public Unblock {
            Objects.requireNonNull(user, "user");
            reason = reason == null ? "" : reason.strip();
        }

        public Unblock(UserKey user, String reason) {
            this(user, reason, false);
        }

        public Unblock withReason(String value) {
            return new Unblock(user, value, everywhere);
        }
    }

    /**
     * Shows a community's budget (its ceilings and its spend today and this month), or, for operators, sets a
     * ceiling. {@code communityId} {@code null} means here; {@link BudgetScope#GLOBAL} is the whole bot's.
     *
     * @param value credits; {@code null} with {@code set} = back to the configuration
     */
    record Budget(BudgetScope scope, String communityId, boolean set, UsageWindow window, Long value)
            implements ModCommand {
        public Budget {
            Objects.requireNonNull(scope, "scope");
            if (set && (window == null || window == UsageWindow.BOTH || scope == BudgetScope.ALL)) {
                throw new IllegalArgumentException("a budget is set for daily or monthly");
            }
            if (value != null && value < 0) {
                throw new IllegalArgumentException("a budget may not be negative, was " + value);
            }
        }

        public static Budget show() {
            return new Budget(BudgetScope.COMMUNITY, null, false, null, null);
        }

        public boolean changes() {
            return set;
        }
    }

    enum BudgetScope {
        COMMUNITY,
        GLOBAL,
        /** Every community with spend this month (operators only; shown, never set). */
        ALL
    }

    /** Refunds a task's credits, even after delivery, and tells its requester. */
    record Refund(String taskId, String reason) implements ModCommand {
        public Refund {
            if (taskId == null || taskId.isBlank()) {
                throw new IllegalArgumentException("taskId may not be blank");
            }
            reason = reason == null ? "" : reason.strip();
        }
    }

    /** The latest {@code limit} moderator actions in this community. */
    record Audit(int limit) implements ModCommand {
        public static final int MAX = 50;

        public Audit {
            if (limit < 1 || limit > MAX) {
                throw new IllegalArgumentException("limit must be 1–" + MAX + ", was " + limit);
            }
        }
    }

    /** The community's biggest spenders this month. */
    record Top() implements ModCommand {}

    /**
     * Videos and credits per day over the last 30 days, with the top users, as a chart. {@code communityId}
     * {@code null} and not {@code all}: here. Another community or all of them: operators only.
     */
    record Stats(String communityId, boolean all) implements ModCommand {
        public static Stats here() {
            return new Stats(null, false);
        }
    }

    /**
     * Spend over the last 30 days in money and credits, per user and per day; {@code communityId} {@code null} and
     * not {@code all}: here. Another community or all of them (then per community): operators only.
     */
    record Spend(String communityId, boolean all) implements ModCommand {
        public static Spend here() {
            return new Spend(null, false);
        }
    }

    /**
     * The videos waiting for a slot at Seedance, in the order they will be sent, with the slots in use. Moderators:
     * their community's; {@code all} (operators only): every community's.
     */
    record Queue(boolean all) implements ModCommand {}

    /**
     * Ends a pause of the whole queue (the account was out of balance) or a push-back backoff at once, for every
     * instance, instead of waiting for the recheck: the operator has topped the account up. Operators only.
     */
    record QueueResume() implements ModCommand {}

    /** The community's settings: defaults, ceilings, channels and moderator roles. */
    record Settings() implements ModCommand {}

    /**
     * Sets a community setting.
     *
     * @param value as {@link CommunitySetting#parse} returns it; {@code null} = back to the bot's configuration
     */
    record SetSetting(CommunitySetting setting, Object value) implements ModCommand {
        public SetSetting {
            Objects.requireNonNull(setting, "setting");
        }
    }

    /**
     * Changes where {@code /video} works.
     *
     * @param channelId the channel (Discord) or topic (Telegram); {@code null} = where the command was sent; ignored
     *     for {@link ChannelAction#ALL}
     */
    record Channel(ChannelAction action, String channelId) implements ModCommand {
        public Channel {
            Objects.requireNonNull(action, "action");
        }
    }

    /** Makes a role (Discord) or a user (Telegram) a moderator of this community, or stops it. */
    record Moderator(boolean add, String roleId) implements ModCommand {
        public Moderator {
            if (roleId == null || roleId.isBlank()) {
                throw new IllegalArgumentException("roleId may not be blank");
            }
        }
    }

    /**
     * Shows or changes the community's blocked words and patterns.
     *
     * @param entry the word or phrase to add or remove, as typed; empty for {@link WordsAction#LIST}
     */
    record Words(WordsAction action, String entry) implements ModCommand {
        public Words {
            Objects.requireNonNull(action, "action");
            entry = entry == null ? "" : entry.strip();
            if (action != WordsAction.LIST && entry.isEmpty()) {
                throw new IllegalArgumentException("words " + action.name().toLowerCase(java.util.Locale.ROOT)
                        + " needs a word or phrase, e.g. /videomod words add gore (a * stands for any letters).");
            }
        }

        /** From the action's word ({@code add}, {@code remove}, {@code list}) and the rest of the command. */
        public static Words of(String action, String entry) {
            WordsAction what = switch (action.toLowerCase(java.util.Locale.ROOT)) {
                case "add", "block" -> WordsAction.ADD;
                case "remove", "delete", "unblock" -> WordsAction.REMOVE;
                case "list", "show" -> WordsAction.LIST;
                default -> throw new IllegalArgumentException("words takes add, remove or list, not " + action + ".");
            };
            return new Words(what, entry);
        }
    }

    /**
     * Where reports of videos go: a channel (Discord) or topic (Telegram), or with {@code off} the admins.
     *
     * @param channelId {@code null} = where the command was sent
     */
    record Reports(String channelId, boolean off) implements ModCommand {}

    enum WordsAction {
        ADD,
        REMOVE,
        LIST
    }

    enum ChannelAction {
        /** Add to the list of channels where /video works. */
        ALLOW,
        /** Remove from that list. */
        DISALLOW,
        /** Empty the list: /video works everywhere. */
        ALL
    }

    /** Who a limit applies to. */
    enum LimitScope {
        USER,
        ROLE,
        COMMUNITY
    }
}
