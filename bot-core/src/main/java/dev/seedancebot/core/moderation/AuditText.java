package dev.seedancebot.core.moderation;

import dev.seedancebot.core.quota.BudgetSettings.Ceiling;
import dev.seedancebot.core.quota.LimitKind;
import dev.seedancebot.core.quota.UsageReset;
import dev.seedancebot.core.quota.UsageWindow;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The details of audit rows as bundle keys ({@code audit.*}) and arguments, never words: a row is stored once and read
 * later by moderators of any language, so it is worded when read ({@link AuditDetail}). The targets stored beside them
 * are identifiers ("community 123", "bot"); the words for people come with the detail.
 */
public final class AuditText {
    static final AuditDetail VIEWED_USAGE = of("audit.viewedUsage");
    static final AuditDetail VIEWED_SETTINGS = of("audit.viewedSettings");
    /** The stored target of an operator's look at every community's budget. */
    static final String EVERY_COMMUNITY = "all";
    private static final String INHERITED = "audit.inherited";
    private static final String UNLIMITED = "audit.unlimited";

    private AuditText() {}

    /** A community as a stored target. */
    static String community(String communityId) {
        return "community " + communityId;
    }

    static String role(String roleId) {
        return "role " + roleId;
    }

    /** A budget's scope as a stored target. */
    static String budgetTarget(String scope, boolean global, boolean isPrivate) {
        return global ? "bot" : isPrivate ? "private" : community(scope);
    }

    static AuditDetail viewedBudget(String communityId) {
        return communityId == null ? of("audit.viewedBudget", AuditDetail.TARGET, "audit.target.private")
                : of("audit.viewedBudget", AuditDetail.TARGET, "audit.target.community", "community", communityId);
    }

    static AuditDetail viewedAllBudgets() {
        return of("audit.viewedAllBudgets", AuditDetail.TARGET, "audit.target.everyCommunity");
    }

    static AuditDetail granted(long credits) {
        return of("audit.granted", "credits", String.valueOf(credits));
    }

    static AuditDetail reset(UsageWindow window, UsageReset reset) {
        return of("audit.reset", "@window", "audit.window." + window.name().toLowerCase(Locale.ROOT),
                "daily", String.valueOf(reset.dailyCredits()), "monthly", String.valueOf(reset.monthlyCredits()));
    }

    /** A budget window going from {@code before} to {@code after} ({@code null}: the configuration's). */
    static AuditDetail budget(boolean daily, String targetKey, String scope, long before, Long after) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put(AuditDetail.TARGET, targetKey);
        args.put("community", String.valueOf(scope));
        ceiling(args, "before", before);
        if (after == null) {
            args.put(AuditDetail.WORD + "after", "audit.configured");
        } else {
            ceiling(args, "after", after);
        }
        return new AuditDetail(daily ? "audit.budget.daily" : "audit.budget.monthly", args);
    }

    static AuditDetail refunded(String credits, String user, String taskId) {
        return of("audit.refunded", "credits", credits, "user", user,
                AuditDetail.TARGET, "audit.target.task", "taskId", taskId);
    }

    static AuditDetail nothingToRefund(String state, String taskId) {
        return of("audit.nothingToRefund", "@state", "mod.charge." + state,
                AuditDetail.TARGET, "audit.target.task", "taskId", taskId);
    }

    static AuditDetail noCharge(String taskId) {
        return of("audit.noCharge", AuditDetail.TARGET, "audit.target.task", "taskId", taskId);
    }

    /**
     * A limit going from {@code before} to {@code after} ({@code null} inherited, 0 unlimited).
     *
     * @param target the target's key and its arguments, alternating; none for a user (the stored target shows)
     */
    static AuditDetail limit(LimitKind kind, Long before, Long after, String... target) {
        AuditDetail detail = of("audit.limit", target);
        Map<String, String> args = new LinkedHashMap<>(detail.args());
        args.put(AuditDetail.WORD + "kind", "audit.kind." + kind.name().toLowerCase(Locale.ROOT));
        override(args, "before", before);
        override(args, "after", after);
        return new AuditDetail(detail.key(), args);
    }

    /** A community setting going from {@code before} to {@code after} ({@code null}: inherited). */
    static AuditDetail setting(String setting, String before, String after, String communityId) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("setting", setting);
        args.put(before == null ? "@before" : "before", before == null ? INHERITED : before);
        args.put(after == null ? "@after" : "after", after == null ? INHERITED : after);
        args.put(AuditDetail.TARGET, "audit.target.community");
        args.put("community", communityId);
        return new AuditDetail("audit.setting", args);
    }

    static AuditDetail channelList(boolean cleared, String communityId) {
        return of(cleared ? "audit.channelList.cleared" : "audit.channelList.empty",
                AuditDetail.TARGET, "audit.target.community", "community", communityId);
    }

    /** A list setting's change; {@code what} is one of {@code audit.channel.allowed}, …, {@code audit.word.added}. */
    public static AuditDetail listChange(String what, String label, boolean changed) {
        return change(of(what, "label", label), changed);
    }

    /** Where reports go: a channel, or ({@code null}) the community's admins. */
    public static AuditDetail reportChannel(String channelId) {
        return channelId == null ? of("audit.reports.admins") : of("audit.reports.channel", "channel", channelId);
    }

    static AuditDetail blocked(boolean blocked, boolean everywhere, boolean changed) {
        return of("audit.block." + (changed ? "now." : "already.") + (blocked ? "blocked." : "unblocked.")
                + (everywhere ? "everywhere" : "here"));
    }

    private static AuditDetail change(AuditDetail detail, boolean changed) {
        if (changed) {
            return detail;
        }
        Map<String, String> args = new LinkedHashMap<>(detail.args());
        args.put(AuditDetail.UNCHANGED, "true");
        return new AuditDetail(detail.key(), args);
    }

    private static void override(Map<String, String> args, String name, Long value) {
        if (value == null || value == 0) {
            args.put(AuditDetail.WORD + name, value == null ? INHERITED : UNLIMITED);
        } else {
            args.put(name, String.valueOf(value));
        }
    }

    private static void ceiling(Map<String, String> args, String name, long value) {
        if (value == Ceiling.UNLIMITED) {
            args.put(AuditDetail.WORD + name, UNLIMITED);
        } else {
            args.put(name, String.valueOf(value));
        }
    }

    private static AuditDetail of(String key, String... namesAndValues) {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            args.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new AuditDetail(key, args);
    }
}
