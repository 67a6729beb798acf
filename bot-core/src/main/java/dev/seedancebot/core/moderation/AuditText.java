package dev.seedancebot.core.moderation;

import dev.seedancebot.core.quota.LimitKind;
import dev.seedancebot.core.quota.UsageReset;
import dev.seedancebot.core.quota.UsageWindow;
import java.util.Locale;

/**
 * The details of audit rows, in English on purpose: a row is stored once and read later by any moderator or
 * operator, like the ledger's reasons, so it is a record and not an answer; what the acting moderator is told comes
 * from the bundles ({@code mod.*}).
 */
public final class AuditText {
    static final String VIEWED_USAGE = "viewed usage";
    static final String VIEWED_BUDGET = "viewed budget";
    static final String VIEWED_ALL_BUDGETS = "viewed all budgets";
    static final String VIEWED_SETTINGS = "viewed settings";
    static final String EVERY_COMMUNITY = "every community";
    static final String NO_CHARGE = "no charge found";
    static final String INHERITED = "inherited";
    static final String UNLIMITED = "unlimited";

    private AuditText() {}

    static String community(String communityId) {
        return "community " + communityId;
    }

    static String role(String roleId) {
        return "role " + roleId;
    }

    static String budgetTarget(String scope, boolean global, boolean isPrivate) {
        return global ? "the whole bot" : isPrivate ? "private chats" : community(scope);
    }

    /** The ledger's reason for a refund given without one. */
    static String refundedBy(Object actor) {
        return "refunded by " + actor;
    }

    static String granted(long credits) {
        return "granted " + credits + " bonus credits";
    }

    static String reset(UsageWindow window, UsageReset reset) {
        return "reset " + window.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + reset.dailyCredits()
                + " daily and " + reset.monthlyCredits() + " monthly credits given back";
    }

    static String budget(boolean daily, String before, String after) {
        return (daily ? "daily" : "monthly") + " budget " + before + " → "
                + (after == null ? "the configuration's" : after);
    }

    static String refunded(String credits, String user) {
        return "refunded " + credits + " credits to " + user;
    }

    static String nothingToRefund(String state) {
        return "nothing to refund: the charge is " + state;
    }

    static String limit(LimitKind kind, String before, String after) {
        return kind.label() + " " + before + " → " + after;
    }

    static String channelList(boolean cleared) {
        return cleared ? "channel list cleared" : "channel list was empty";
    }

    static String listChange(String verb, String label, boolean changed) {
        return change(verb + " " + label, changed);
    }

    /** A row's detail, marked when the action changed nothing. */
    public static String change(String detail, boolean changed) {
        return detail + (changed ? "" : " (no change)");
    }

    static String moderator(boolean add) {
        return add ? "added moderator" : "removed moderator";
    }

    static String blocked(boolean blocked, boolean everywhere, boolean changed) {
        String state = (blocked ? "blocked" : "unblocked") + (everywhere ? " everywhere" : " here");
        return changed ? state : "was already " + state;
    }
}
