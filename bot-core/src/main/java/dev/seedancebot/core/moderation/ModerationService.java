package dev.seedancebot.core.moderation;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.community.CommunitySetting;
import dev.seedancebot.core.community.CommunitySettings;
import dev.seedancebot.core.community.CommunitySettingsService.ListSetting;
import dev.seedancebot.core.community.CommunitySettingsService;
import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.BudgetSettings.Ceiling;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.quota.CommunityUsage;
import dev.seedancebot.core.quota.EffectivePolicy;
import dev.seedancebot.core.quota.LedgerEntry;
import dev.seedancebot.core.quota.LimitKind;
import dev.seedancebot.core.quota.QuotaScope;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.quota.QuotaSnapshot;
import dev.seedancebot.core.quota.UsageReset;
import dev.seedancebot.core.quota.UsageWindow;
import dev.seedancebot.core.quota.UserTotal;
import dev.seedancebot.core.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Moderator operations shared by both adapters and the terminal. Each takes the acting moderator, the community
 * where they acted ({@code null} in private chats and the terminal) and a free-text reason, and writes one audit row
 * (who, what, target, where, when, outcome, why), including for no-ops and views. Whether the actor may moderate is
 * the caller's decision. Thread-safe.
 */
public final class ModerationService {

    private static final DateTimeFormatter RESET_TIME = DateTimeFormatter.ofPattern("MMM d, HH:mm", Locale.ENGLISH);

    private final AuditLog auditLog;
    private final QuotaService quota;
    private final CommunitySettingsService communities;

    public ModerationService(Database db, QuotaService quota, CommunitySettingsService communities, Clock clock) {
        this.auditLog = new AuditLog(Objects.requireNonNull(db, "db").jdbc(), Objects.requireNonNull(clock, "clock"));
        this.quota = Objects.requireNonNull(quota, "quota");
        this.communities = Objects.requireNonNull(communities, "communities");
    }

    /** The community settings this service changes; adapters read them for every command. */
    public CommunitySettingsService communities() {
        return communities;
    }

    /** A user's usage, remaining credits and limits as they apply in {@code communityId} with {@code roleIds}. */
    public UsageReport<QuotaSnapshot> userUsage(
            UserKey actor, String communityId, UserKey target, Set<String> roleIds, String reason) {
        QuotaSnapshot s = quota.snapshot(target, communityId, roleIds);
        EffectivePolicy p = s.policy();
        String text = String.join("\n",
                t(p.blocked() ? "mod.usage.user.blocked" : "mod.usage.user.header", "user", target),
                t("mod.usage.user.today", "used", s.usedToday(), "limit", limit(p.dailyLimit()),
                        "left", amount(s.remainingToday())),
                t("mod.usage.user.month", "used", s.usedMonth(), "limit", limit(p.monthlyLimit()),
                        "left", amount(s.remainingMonth())),
                t("mod.usage.user.running", "running", s.runningTasks(), "limit", limit(p.maxConcurrent()),
                        "reserved", s.reservedCredits()),
                t("mod.usage.user.bonus", "bonus", s.bonusRemaining()),
                t("mod.usage.user.resets", "daily", at(s.dailyResetsAt()), "monthly", at(s.monthlyResetsAt())));
        writeAudit(actor, ModerationAction.VIEW_USER_USAGE, target.toString(), communityId, AuditText.VIEWED_USAGE,
                reason);
        return new UsageReport<>(s, text);
    }

    /** Today's and this month's spending of a community, its pool, and its {@code topUsers} biggest spenders. */
    public UsageReport<CommunityUsage> communityUsage(
            UserKey actor, String communityId, int topUsers, String reason) {
        if (topUsers < 0) {
            throw new IllegalArgumentException("topUsers may not be negative, was " + topUsers);
        }
        CommunityUsage u = quota.communityUsage(communityId, topUsers);
        StringBuilder text = new StringBuilder(t("mod.usage.community.header", "community", communityId))
                .append('\n').append(u.dailyPool() > 0
                        ? t("mod.usage.community.todayPool", "used", u.usedToday(), "pool", u.dailyPool(),
                                "left", u.poolRemaining())
                        : t("mod.usage.community.today", "used", u.usedToday()))
                .append('\n').append(t("mod.usage.community.month", "used", u.usedMonth()));
        for (int i = 0; i < u.topUsersThisMonth().size(); i++) {
            UserTotal top = u.topUsersThisMonth().get(i);
            text.append('\n').append(i + 1).append(". ").append(top.user()).append(": ").append(top.credits());
        }
        writeAudit(actor, ModerationAction.VIEW_COMMUNITY_USAGE, communityId, communityId, AuditText.VIEWED_USAGE,
                reason);
        return new UsageReport<>(u, text.toString());
    }

    /**
     * Sets (1 to the community's ceiling) or clears ({@code null}) one of a user's own limits in this community (or,
     * with {@code communityId} {@code null}, in private chats).
     */
    public ModerationResult setUserLimit(
            UserKey actor, String communityId, UserKey target, LimitKind kind, Long value, String reason) {
        Long previous = quota.setUserLimit(communityId, target, kind, value);
        return limitChanged(actor, ModerationAction.SET_USER_LIMIT, target.toString(), target.toString(), communityId,
                kind, previous, value, reason);
    }

    /** Sets or clears a community default for its members, or ({@link LimitKind#POOL}) its shared daily pool. */
    public ModerationResult setCommunityLimit(
            UserKey actor, String communityId, LimitKind kind, Long value, String reason) {
        Long previous = quota.setCommunityLimit(communityId, kind, value);
        return limitChanged(actor, ModerationAction.SET_COMMUNITY_LIMIT, AuditText.community(communityId),
                shownCommunity(communityId), communityId, kind, previous, value, reason,
                AuditDetail.TARGET, "audit.target.community", "community", communityId);
    }

    /**
     * Sets or clears a limit for holders of a role in a community. When a user has several roles, the most generous
     * wins; a user's own limit beats them all.
     */
    public ModerationResult setRoleLimit(
            UserKey actor, String communityId, String roleId, LimitKind kind, Long value, String reason) {
        Long previous = quota.setRoleLimit(communityId, roleId, kind, value);
        return limitChanged(actor, ModerationAction.SET_ROLE_LIMIT, AuditText.role(roleId),
                t("mod.target.role", "role", roleId), communityId, kind, previous, value, reason,
                AuditDetail.TARGET, "audit.target.role", "role", roleId);
    }

    /**
     * Adds bonus credits that never expire, are spent once the user's daily or monthly credits run out, and only in
     * this community, against its budget.
     */
    public ModerationResult grantBonus(
            UserKey actor, String communityId, UserKey target, long credits, String reason) {
        quota.grantBonus(communityId, target, credits, actor, reason);
        writeAudit(actor, ModerationAction.GRANT_BONUS, target.toString(), communityId, AuditText.granted(credits),
                reason);
        return new ModerationResult(ModerationAction.GRANT_BONUS, target.toString(), true,
                t("mod.grant.done", "user", target, "credits", credits));
    }

    /** Gives a user a fresh window (an adjustment row in the ledger; history stays). */
    public ModerationResult resetUsage(
            UserKey actor, String communityId, UserKey target, UsageWindow window, String reason) {
        UsageReset reset = quota.resetUsage(communityId, target, window, actor, reason);
        writeAudit(actor, ModerationAction.RESET_USAGE, target.toString(), communityId,
                AuditText.reset(window, reset), reason);
        boolean changed = reset.dailyCredits() != 0 || reset.monthlyCredits() != 0;
        String key = switch (window) {
            case TODAY -> "mod.reset.today";
            case THIS_MONTH -> "mod.reset.thisMonth";
            case BOTH -> "mod.reset.both";
        };
        return new ModerationResult(ModerationAction.RESET_USAGE, target.toString(), changed,
                t(key, "user", target, "daily", reset.dailyCredits(), "monthly", reset.monthlyCredits()));
    }

    /**
     * Stops a user from reserving credits in this community, or with {@code everywhere} (operators only) in every
     * community and private chat, until unblocked; tasks already running continue.
     */
    public ModerationResult block(
            UserKey actor, String communityId, UserKey target, boolean everywhere, String reason) {
        return blocked(actor, communityId, target, everywhere, true, reason);
    }

    public ModerationResult unblock(
            UserKey actor, String communityId, UserKey target, boolean everywhere, String reason) {
        return blocked(actor, communityId, target, everywhere, false, reason);
    }

    /** The community's budget (or private chats' with {@code communityId} {@code null}) and the bot's, as text. */
    public ModerationResult viewBudget(UserKey actor, String communityId, String reason) {
        String text = BudgetText.of(quota.budget(communityId), this::at);
        writeAudit(actor, ModerationAction.VIEW_BUDGET, AuditText.community(communityId), communityId,
                AuditText.viewedBudget(communityId), reason);
        return new ModerationResult(ModerationAction.VIEW_BUDGET, AuditText.community(communityId), false, text);
    }

    /** Operators only (the caller checks): every scope with spend this month, biggest spender first. */
    public ModerationResult viewAllBudgets(UserKey actor) {
        String text = BudgetText.all(quota.budgetsWithSpend());
        writeAudit(actor, ModerationAction.VIEW_BUDGET, AuditText.EVERY_COMMUNITY, null, AuditText.viewedAllBudgets(),
                null);
        return new ModerationResult(ModerationAction.VIEW_BUDGET, AuditText.EVERY_COMMUNITY, false, text);
    }

    /**
     * Operators only (the caller checks): sets one window of a community's budget, of private chats' ({@code scope}
     * {@link dev.seedancebot.core.quota.QuotaScope#PRIVATE}) or with {@code global} of the whole bot; {@code null}
     * goes back to the configuration, {@link Ceiling#UNLIMITED} removes the ceiling.
     */
    public ModerationResult setBudget(UserKey actor, String scope, boolean global, boolean daily, Long value,
            String reason) {
        Ceiling before = quota.setBudget(scope, global, daily, value, actor);
        boolean isPrivate = QuotaScope.PRIVATE.equals(scope);
        String target = AuditText.budgetTarget(scope, global, isPrivate);
        AuditDetail detail = AuditText.budget(daily,
                global ? "audit.target.bot" : isPrivate ? "audit.target.private" : "audit.target.community", scope,
                before.of(daily), value);
        writeAudit(actor, ModerationAction.SET_BUDGET, target, global ? null : scope, detail, reason);
        String shown = global ? t("mod.target.bot") : isPrivate ? t("mod.target.private") : shownCommunity(scope);
        return new ModerationResult(ModerationAction.SET_BUDGET, target, true,
                t(daily ? "mod.budget.set.daily" : "mod.budget.set.monthly", "before", ceiling(before.of(daily)),
                        "after", value == null ? t("mod.budget.configured") : ceiling(value), "target", shown));
    }

    /**
     * Refunds a task's charge through the ledger, whether it is still reserved or already committed. The engine wraps
     * this to tell the user.
     */
    public ModerationResult refundTask(UserKey actor, String communityId, String taskId, String reason) {
        Optional<LedgerEntry> before = quota.entry(taskId);
        // without a reason the ledger records who refunded: a record for operators, like LedgerRepair's reasons
        boolean refunded = quota.refundByModerator(taskId, Objects.requireNonNullElse(reason, "refunded by " + actor));
        String credits = before.map(e -> String.valueOf(e.credits())).orElse("?");
        String user = before.map(e -> e.user().toString()).orElse("?");
        AuditDetail detail;
        String text;
        if (refunded) {
            detail = AuditText.refunded(credits, user, taskId);
            text = t("mod.refund.done", "taskId", taskId, "credits", credits, "user", user);
        } else if (before.isEmpty()) {
            detail = AuditText.noCharge(taskId);
            text = t("mod.refund.noCharge", "taskId", taskId);
        } else {
            String state = stateOf(taskId);
            detail = AuditText.nothingToRefund(state, taskId);
            text = t("mod.refund.nothing", "taskId", taskId, "state", t("mod.charge." + state));
        }
        String target = "task " + taskId;
        writeAudit(actor, ModerationAction.REFUND_TASK, target, communityId, detail, reason);
        return new ModerationResult(ModerationAction.REFUND_TASK, target, refunded, text);
    }

    /** A community's settings as they are now; the view is audited like the others. */
    public CommunitySettings viewSettings(UserKey actor, String communityId, String reason) {
        writeAudit(actor, ModerationAction.VIEW_SETTINGS, AuditText.community(communityId), communityId,
                AuditText.VIEWED_SETTINGS, reason);
        return communities.get(communityId);
    }

    /**
     * Sets a community setting to {@code value} (typed as {@link CommunitySetting#parse} returns it), or with
     * {@code null} lets the operator's configuration apply again.
     */
    public ModerationResult setSetting(
            UserKey actor, String communityId, CommunitySetting setting, Object value, String reason) {
        CommunitySettingsService.Change change = communities.set(communityId, setting, value, actor);
        writeAudit(actor, ModerationAction.SET_SETTING, AuditText.community(communityId), communityId,
                AuditText.setting(setting.key(), change.before(), change.after(), communityId), reason);
        String text = change.after() == null
                ? t("mod.setting.inherits", "setting", setting.key(), "before", settingText(change.before()))
                : t("mod.setting.set", "setting", setting.key(), "value", change.after(),
                        "before", settingText(change.before()));
        return new ModerationResult(ModerationAction.SET_SETTING, AuditText.community(communityId), change.changed(),
                text);
    }

    /**
     * Adds a channel (or topic) to the places where {@code /video} works here, or removes it. Once any channel is
     * listed, only the listed ones work.
     *
     * @param label how members see the channel, e.g. a mention
     */
    public ModerationResult allowChannel(
            UserKey actor, String communityId, String channelId, String label, boolean allow, String reason) {
        ModerationAction action = allow ? ModerationAction.ALLOW_CHANNEL : ModerationAction.DISALLOW_CHANNEL;
        boolean changed = changeList(actor, communityId, ListSetting.CHANNELS, channelId, allow, action,
                allow ? "audit.channel.allowed" : "audit.channel.disallowed", label, reason);
        boolean everywhere = communities.get(communityId).channels().isEmpty();
        String key = allow ? changed ? "mod.channel.allowed" : "mod.channel.alreadyAllowed"
                : !changed ? "mod.channel.notListed" : everywhere ? "mod.channel.removedLast" : "mod.channel.removed";
        String text = t(key, "channel", label);
        return new ModerationResult(action, ListSetting.CHANNELS.key() + " " + channelId, changed, text);
    }

    /** Empties the channel list: {@code /video} works in every channel here again. */
    public ModerationResult allowAllChannels(UserKey actor, String communityId, String reason) {
        boolean changed = communities.clearList(communityId, ListSetting.CHANNELS, actor);
        writeAudit(actor, ModerationAction.ALLOW_ALL_CHANNELS, AuditText.community(communityId), communityId,
                AuditText.channelList(changed, communityId), reason);
        return new ModerationResult(ModerationAction.ALLOW_ALL_CHANNELS, AuditText.community(communityId), changed,
                t(changed ? "mod.channel.all.cleared" : "mod.channel.all.already"));
    }

    /**
     * Makes the holders of a role (Discord) or a user (Telegram) moderators here, or stops it.
     *
     * @param label how members see the role or user, e.g. a mention
     */
    public ModerationResult moderatorRole(
            UserKey actor, String communityId, String roleId, String label, boolean add, String reason) {
        ModerationAction action = add ? ModerationAction.ADD_MODERATOR_ROLE : ModerationAction.REMOVE_MODERATOR_ROLE;
        boolean changed = changeList(actor, communityId, ListSetting.MODERATOR_ROLES, roleId, add, action,
                add ? "audit.moderator.added" : "audit.moderator.removed", label, reason);
        String key = add ? changed ? "mod.moderator.added" : "mod.moderator.alreadyAdded"
                : changed ? "mod.moderator.removed" : "mod.moderator.notListed";
        String text = t(key, "label", label);
        return new ModerationResult(action, ListSetting.MODERATOR_ROLES.key() + " " + roleId, changed, text);
    }

    /** Changes a list setting and audits it, the no-ops too; returns whether the list changed. */
    private boolean changeList(UserKey actor, String communityId, ListSetting list, String id, boolean add,
            ModerationAction action, String auditKey, String label, String reason) {
        boolean changed = communities.changeList(communityId, list, id, add, actor);
        writeAudit(actor, action, list.key() + " " + id, communityId, AuditText.listChange(auditKey, label, changed),
                reason);
        return changed;
    }

    /**
     * The most recent audit rows, newest first.
     *
     * @param communityId only actions taken in this community; {@code null} for all
     */
    public List<AuditEntry> audit(String communityId, int limit) {
        return auditLog.latest(communityId, limit);
    }

    private ModerationResult blocked(UserKey actor, String communityId, UserKey target, boolean everywhere,
            boolean blocked, String reason) {
        boolean changed = quota.setBlocked(communityId, everywhere, target, blocked, reason);
        ModerationAction action = everywhere
                ? blocked ? ModerationAction.BLOCK_EVERYWHERE : ModerationAction.UNBLOCK_EVERYWHERE
                : blocked ? ModerationAction.BLOCK : ModerationAction.UNBLOCK;
        writeAudit(actor, action, target.toString(), communityId, AuditText.blocked(blocked, everywhere, changed),
                reason);
        String key = "mod.block." + (changed ? "now." : "already.") + (blocked ? "blocked." : "unblocked.")
                + (everywhere ? "everywhere" : "here");
        return new ModerationResult(action, target.toString(), changed, t(key, "user", target));
    }

    private ModerationResult limitChanged(
            UserKey actor, ModerationAction action, String target, String shownTarget, String communityId,
            LimitKind kind, Long previous, Long value, String reason, String... auditTarget) {
        writeAudit(actor, action, target, communityId, AuditText.limit(kind, previous, value, auditTarget), reason);
        return new ModerationResult(action, target, !Objects.equals(previous, value),
                t("mod.limit.set." + kind.name().toLowerCase(Locale.ROOT), "before", overrideText(previous),
                        "after", overrideText(value), "target", shownTarget));
    }

    private static String shownCommunity(String communityId) {
        return t("mod.target.community", "community", communityId);
    }

    private static String settingText(String value) {
        return value == null ? t("mod.inherited") : value;
    }

    private static String ceiling(long value) {
        return value == Ceiling.UNLIMITED ? t("budget.unlimited") : String.valueOf(value);
    }

    private String stateOf(String taskId) {
        return quota.entry(taskId).map(LedgerEntry::state).map(ChargeState::name)
                .map(s -> s.toLowerCase(Locale.ROOT)).orElse("gone");
    }

    /** Audits an action another service carried out (blocked words), like this service's own. */
    public void record(
            UserKey actor, ModerationAction action, String target, String communityId, AuditDetail detail) {
        writeAudit(actor, action, target, communityId, detail, null);
    }

    private void writeAudit(
            UserKey actor, ModerationAction action, String target, String communityId, AuditDetail detail,
            String reason) {
        auditLog.write(actor, action, target, communityId, detail, reason);
    }

    private String at(Instant instant) {
        ZoneId zone = quota.settings().zone();
        return RESET_TIME.withLocale(Texts.current().locale()).format(instant.atZone(zone)) + " " + zone.getId();
    }

    private static String overrideText(Long value) {
        return value == null ? t("mod.inherited") : limit(value);
    }

    private static String limit(long value) {
        return value == 0 ? t("budget.unlimited") : String.valueOf(value);
    }

    private static String amount(long value) {
        return value == Long.MAX_VALUE ? t("budget.unlimited") : String.valueOf(value);
    }
}
