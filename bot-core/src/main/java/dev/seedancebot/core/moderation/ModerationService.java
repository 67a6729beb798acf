package dev.seedancebot.core.moderation;

import dev.seedancebot.core.community.CommunitySetting;
import dev.seedancebot.core.community.CommunitySettings;
import dev.seedancebot.core.community.CommunitySettingsService;
import dev.seedancebot.core.community.CommunitySettingsService.ListSetting;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.quota.CommunityUsage;
import dev.seedancebot.core.quota.EffectivePolicy;
import dev.seedancebot.core.quota.LedgerEntry;
import dev.seedancebot.core.quota.BudgetSettings.Ceiling;
import dev.seedancebot.core.quota.LimitKind;
import dev.seedancebot.core.quota.QuotaScope;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.quota.QuotaSnapshot;
import dev.seedancebot.core.quota.UsageReset;
import dev.seedancebot.core.quota.UsageWindow;
import dev.seedancebot.core.quota.UserTotal;
import dev.seedancebot.core.storage.Database;
import dev.seedancebot.core.storage.Jdbc;
import dev.seedancebot.core.storage.UserKeyColumn;
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

    private static final int MAX_AUDIT_TEXT = 500;
    private static final DateTimeFormatter RESET_TIME = DateTimeFormatter.ofPattern("MMM d, HH:mm", Locale.ENGLISH);

    private final Jdbc jdbc;
    private final QuotaService quota;
    private final CommunitySettingsService communities;
    private final Clock clock;

    public ModerationService(Database db, QuotaService quota, CommunitySettingsService communities, Clock clock) {
        this.jdbc = Objects.requireNonNull(db, "db").jdbc();
        this.quota = Objects.requireNonNull(quota, "quota");
        this.communities = Objects.requireNonNull(communities, "communities");
        this.clock = Objects.requireNonNull(clock, "clock");
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
        StringBuilder text = new StringBuilder()
                .append(target).append(p.blocked() ? " (BLOCKED)" : "").append('\n')
                .append("Today: ").append(s.usedToday()).append(" of ").append(limit(p.dailyLimit()))
                .append(" used, ").append(amount(s.remainingToday())).append(" left\n")
                .append("This month: ").append(s.usedMonth()).append(" of ").append(limit(p.monthlyLimit()))
                .append(" used, ").append(amount(s.remainingMonth())).append(" left\n")
                .append("In progress: ").append(s.runningTasks()).append(" of ").append(limit(p.maxConcurrent()))
                .append(" tasks (").append(s.reservedCredits()).append(" credits reserved)\n")
                .append("Bonus: ").append(s.bonusRemaining()).append(" credits\n")
                .append("Resets: daily ").append(at(s.dailyResetsAt())).append(", monthly ").append(at(s.monthlyResetsAt()));
        writeAudit(actor, ModerationAction.VIEW_USER_USAGE, target.toString(), communityId, "viewed usage", reason);
        return new UsageReport<>(s, text.toString());
    }

    /** Today's and this month's spending of a community, its pool, and its {@code topUsers} biggest spenders. */
    public UsageReport<CommunityUsage> communityUsage(
            UserKey actor, String communityId, int topUsers, String reason) {
        if (topUsers < 0) {
            throw new IllegalArgumentException("topUsers may not be negative, was " + topUsers);
        }
        CommunityUsage u = quota.communityUsage(communityId, topUsers);
        StringBuilder text = new StringBuilder()
                .append("Community ").append(communityId).append('\n')
                .append("Today: ").append(u.usedToday()).append(" credits used");
        if (u.dailyPool() > 0) {
            text.append(" of the ").append(u.dailyPool()).append(" pool, ").append(u.poolRemaining()).append(" left");
        }
        text.append("\nThis month: ").append(u.usedMonth()).append(" credits used");
        for (int i = 0; i < u.topUsersThisMonth().size(); i++) {
            UserTotal top = u.topUsersThisMonth().get(i);
            text.append('\n').append(i + 1).append(". ").append(top.user()).append(": ").append(top.credits());
        }
        writeAudit(actor, ModerationAction.VIEW_COMMUNITY_USAGE, communityId, communityId, "viewed usage", reason);
        return new UsageReport<>(u, text.toString());
    }

    /**
     * Sets (1 to the community's ceiling) or clears ({@code null}) one of a user's own limits in this community (or,
     * with {@code communityId} {@code null}, in private chats).
     */
    public ModerationResult setUserLimit(
            UserKey actor, String communityId, UserKey target, LimitKind kind, Long value, String reason) {
        Long previous = quota.setUserLimit(communityId, target, kind, value);
        return limitChanged(actor, ModerationAction.SET_USER_LIMIT, target.toString(), communityId, kind, previous,
                value, reason);
    }

    /** Sets or clears a community default for its members, or ({@link LimitKind#POOL}) its shared daily pool. */
    public ModerationResult setCommunityLimit(
            UserKey actor, String communityId, LimitKind kind, Long value, String reason) {
        Long previous = quota.setCommunityLimit(communityId, kind, value);
        return limitChanged(actor, ModerationAction.SET_COMMUNITY_LIMIT, "community " + communityId, communityId,
                kind, previous, value, reason);
    }

    /**
     * Sets or clears a limit for holders of a role in a community. When a user has several roles, the most generous
     * wins; a user's own limit beats them all.
     */
    public ModerationResult setRoleLimit(
            UserKey actor, String communityId, String roleId, LimitKind kind, Long value, String reason) {
        Long previous = quota.setRoleLimit(communityId, roleId, kind, value);
        return limitChanged(actor, ModerationAction.SET_ROLE_LIMIT, "role " + roleId, communityId, kind, previous,
                value, reason);
    }

    /**
     * Adds bonus credits that never expire, are spent once the user's daily or monthly credits run out, and only in
     * this community, against its budget.
     */
    public ModerationResult grantBonus(
            UserKey actor, String communityId, UserKey target, long credits, String reason) {
        quota.grantBonus(communityId, target, credits, actor, reason);
        String detail = "granted " + credits + " bonus credits";
        writeAudit(actor, ModerationAction.GRANT_BONUS, target.toString(), communityId, detail, reason);
        return new ModerationResult(ModerationAction.GRANT_BONUS, target.toString(), true,
                "Granted " + target + " " + credits + " bonus credits to spend here.");
    }

    /** Gives a user a fresh window (an adjustment row in the ledger; history stays). */
    public ModerationResult resetUsage(
            UserKey actor, String communityId, UserKey target, UsageWindow window, String reason) {
        UsageReset reset = quota.resetUsage(communityId, target, window, actor, reason);
        String detail = "reset " + window.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + reset.dailyCredits()
                + " daily and " + reset.monthlyCredits() + " monthly credits given back";
        writeAudit(actor, ModerationAction.RESET_USAGE, target.toString(), communityId, detail, reason);
        boolean changed = reset.dailyCredits() != 0 || reset.monthlyCredits() != 0;
        return new ModerationResult(ModerationAction.RESET_USAGE, target.toString(), changed,
                "Usage of " + target + " " + detail + ".");
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
        writeAudit(actor, ModerationAction.VIEW_BUDGET, community(communityId), communityId, "viewed budget", reason);
        return new ModerationResult(ModerationAction.VIEW_BUDGET, community(communityId), false, text);
    }

    /** Operators only (the caller checks): every scope with spend this month, biggest spender first. */
    public ModerationResult viewAllBudgets(UserKey actor) {
        String text = BudgetText.all(quota.budgetsWithSpend());
        writeAudit(actor, ModerationAction.VIEW_BUDGET, "every community", null, "viewed all budgets", null);
        return new ModerationResult(ModerationAction.VIEW_BUDGET, "every community", false, text);
    }

    /**
     * Operators only (the caller checks): sets one window of a community's budget, of private chats' ({@code scope}
     * {@link dev.seedancebot.core.quota.QuotaScope#PRIVATE}) or with {@code global} of the whole bot; {@code null}
     * goes back to the configuration, {@link Ceiling#UNLIMITED} removes the ceiling.
     */
    public ModerationResult setBudget(UserKey actor, String scope, boolean global, boolean daily, Long value,
            String reason) {
        Ceiling before = quota.setBudget(scope, global, daily, value, actor);
        String target = global ? "the whole bot" : QuotaScope.PRIVATE.equals(scope) ? "private chats"
                : community(scope);
        String window = daily ? "daily" : "monthly";
        String detail = window + " budget " + BudgetText.ceiling(before.of(daily)) + " → "
                + (value == null ? "the configuration's" : BudgetText.ceiling(value));
        writeAudit(actor, ModerationAction.SET_BUDGET, target, global ? null : scope, detail, reason);
        return new ModerationResult(ModerationAction.SET_BUDGET, target, true,
                "Set the " + detail + " for " + target + ".");
    }

    /**
     * Refunds a task's charge through the ledger, whether it is still reserved or already committed. The engine wraps
     * this to tell the user.
     */
    public ModerationResult refundTask(UserKey actor, String communityId, String taskId, String reason) {
        Optional<LedgerEntry> before = quota.entry(taskId);
        boolean refunded = quota.refundByModerator(taskId, reason == null ? "refunded by " + actor : reason);
        String detail;
        if (refunded) {
            detail = "refunded " + before.map(e -> e.credits() + " credits to " + e.user()).orElse("");
        } else if (before.isEmpty()) {
            detail = "no charge found";
        } else {
            detail = "nothing to refund: the charge is " + stateOf(taskId);
        }
        writeAudit(actor, ModerationAction.REFUND_TASK, "task " + taskId, communityId, detail, reason);
        return new ModerationResult(ModerationAction.REFUND_TASK, "task " + taskId, refunded,
                "Task " + taskId + ": " + detail + ".");
    }

    /** A community's settings as they are now; the view is audited like the others. */
    public CommunitySettings viewSettings(UserKey actor, String communityId, String reason) {
        writeAudit(actor, ModerationAction.VIEW_SETTINGS, community(communityId), communityId, "viewed settings",
                reason);
        return communities.get(communityId);
    }

    /**
     * Sets a community setting to {@code value} (typed as {@link CommunitySetting#parse} returns it), or with
     * {@code null} lets the operator's configuration apply again.
     */
    public ModerationResult setSetting(
            UserKey actor, String communityId, CommunitySetting setting, Object value, String reason) {
        CommunitySettingsService.Change change = communities.set(communityId, setting, value, actor);
        String detail = setting.key() + " " + settingText(change.before()) + " → " + settingText(change.after());
        writeAudit(actor, ModerationAction.SET_SETTING, community(communityId), communityId, detail, reason);
        String text = change.after() == null
                ? setting.key() + " now follows the bot's configuration (was " + settingText(change.before()) + ")."
                : "Set " + setting.key() + " to " + change.after() + " here (was " + settingText(change.before()) + ").";
        return new ModerationResult(ModerationAction.SET_SETTING, community(communityId), change.changed(), text);
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
                (allow ? "allowed " : "disallowed ") + label, reason);
        boolean everywhere = communities.get(communityId).channels().isEmpty();
        String text = allow
                ? "/video now works in " + label + (changed ? "" : " (it already did)") + ". Channels not listed"
                        + " refuse it."
                : changed ? label + " is no longer a /video channel." + (everywhere
                        ? " No channel is listed any more, so /video works everywhere here." : "")
                        : label + " was not a /video channel.";
        return new ModerationResult(action, ListSetting.CHANNELS.key() + " " + channelId, changed, text);
    }

    /** Empties the channel list: {@code /video} works in every channel here again. */
    public ModerationResult allowAllChannels(UserKey actor, String communityId, String reason) {
        boolean changed = communities.clearList(communityId, ListSetting.CHANNELS, actor);
        writeAudit(actor, ModerationAction.ALLOW_ALL_CHANNELS, community(communityId), communityId,
                changed ? "channel list cleared" : "channel list was empty", reason);
        return new ModerationResult(ModerationAction.ALLOW_ALL_CHANNELS, community(communityId), changed,
                "/video works in every channel here" + (changed ? " again." : " (it already did)."));
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
                (add ? "added moderator " : "removed moderator ") + label, reason);
        String text = add
                ? label + (changed ? " can now use /videomod here." : " could already use /videomod here.")
                : changed ? label + " can no longer use /videomod here (admins always can)."
                        : label + " was not a moderator role here.";
        return new ModerationResult(action, ListSetting.MODERATOR_ROLES.key() + " " + roleId, changed, text);
    }

    /** Changes a list setting and audits it, the no-ops too; returns whether the list changed. */
    private boolean changeList(UserKey actor, String communityId, ListSetting list, String id, boolean add,
            ModerationAction action, String detail, String reason) {
        boolean changed = communities.changeList(communityId, list, id, add, actor);
        writeAudit(actor, action, list.key() + " " + id, communityId, detail + (changed ? "" : " (no change)"),
                reason);
        return changed;
    }

    /**
     * The most recent audit rows, newest first.
     *
     * @param communityId only actions taken in this community; {@code null} for all
     */
    public List<AuditEntry> audit(String communityId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        String columns = "SELECT id, actor, action, target, community_id, detail, reason, created_at"
                + " FROM moderation_audit ";
        Jdbc.RowMapper<AuditEntry> mapper = r -> new AuditEntry(
                r.getLong("id"),
                UserKeyColumn.parse(r.getString("actor")),
                ModerationAction.valueOf(r.getString("action")),
                r.getString("target"),
                r.getString("community_id"),
                r.getString("detail"),
                r.getString("reason"),
                Jdbc.instant(r, "created_at"));
        return communityId == null
                ? jdbc.query(columns + "ORDER BY id DESC LIMIT ?", mapper, limit)
                : jdbc.query(columns + "WHERE community_id = ? ORDER BY id DESC LIMIT ?", mapper, communityId, limit);
    }

    private ModerationResult blocked(UserKey actor, String communityId, UserKey target, boolean everywhere,
            boolean blocked, String reason) {
        boolean changed = quota.setBlocked(communityId, everywhere, target, blocked, reason);
        ModerationAction action = everywhere
                ? blocked ? ModerationAction.BLOCK_EVERYWHERE : ModerationAction.UNBLOCK_EVERYWHERE
                : blocked ? ModerationAction.BLOCK : ModerationAction.UNBLOCK;
        String state = (blocked ? "blocked" : "unblocked") + (everywhere ? " everywhere" : " here");
        String detail = changed ? state : "was already " + state;
        writeAudit(actor, action, target.toString(), communityId, detail, reason);
        return new ModerationResult(action, target.toString(), changed,
                changed ? target + " is now " + state + "." : target + " was already " + state + ".");
    }

    private ModerationResult limitChanged(
            UserKey actor, ModerationAction action, String target, String communityId, LimitKind kind, Long previous,
            Long value, String reason) {
        String detail = kind.label() + " " + overrideText(previous) + " → " + overrideText(value);
        writeAudit(actor, action, target, communityId, detail, reason);
        return new ModerationResult(action, target, !Objects.equals(previous, value),
                "Set the " + detail + " for " + target + ".");
    }

    private static String community(String communityId) {
        return "community " + communityId;
    }

    private static String settingText(String value) {
        return value == null ? "inherited" : value;
    }

    private String stateOf(String taskId) {
        return quota.entry(taskId).map(LedgerEntry::state).map(ChargeState::name)
                .map(s -> s.toLowerCase(Locale.ROOT)).orElse("gone");
    }

    /** Audits an action another service carried out (blocked words), like this service's own. */
    public void record(UserKey actor, ModerationAction action, String target, String communityId, String detail) {
        writeAudit(actor, action, target, communityId, detail, null);
    }

    private void writeAudit(
            UserKey actor, ModerationAction action, String target, String communityId, String detail, String reason) {
        Objects.requireNonNull(actor, "actor");
        Instant now = clock.instant();
        jdbc.update("INSERT INTO moderation_audit (actor, action, target, community_id, detail, reason, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                UserKeyColumn.format(actor), action.name(), target, communityId, clip(detail), clip(reason), now);
    }

    private String at(Instant instant) {
        ZoneId zone = quota.settings().zone();
        return RESET_TIME.format(instant.atZone(zone)) + " " + zone.getId();
    }

    private static String clip(String text) {
        return text == null || text.length() <= MAX_AUDIT_TEXT ? text : text.substring(0, MAX_AUDIT_TEXT - 1) + "…";
    }

    private static String overrideText(Long value) {
        return value == null ? "inherited" : limit(value);
    }

    private static String limit(long value) {
        return value == 0 ? "unlimited" : String.valueOf(value);
    }

    private static String amount(long value) {
        return value == Long.MAX_VALUE ? "unlimited" : String.valueOf(value);
    }
}
