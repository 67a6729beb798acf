package dev.seedancebot.core.quota;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.BudgetSettings.Ceiling;
import dev.seedancebot.core.storage.Jdbc;
import dev.seedancebot.core.storage.UserKeyColumn;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Moderator and operator changes to limits, grants, blocks, resets and budgets. Everything a moderator sets belongs
 * to one scope and stays within that scope's ceiling: a limit is a number of credits from 1 to the ceiling (never
 * "unlimited"), a grant at most the monthly ceiling, and whatever is granted is spent only in that scope and against
 * its budget. Refusals are {@link IllegalArgumentException}s worded for people. Audit is the caller's
 * ({@code ModerationService}). Thread-safe.
 */
final class QuotaAdmin {
    /** The most videos one person may have in flight, whatever a moderator sets. */
    static final int MAX_CONCURRENT = 10;

    private final Jdbc jdbc;
    private final QuotaStore store;
    private final Budgets budgets;
    private final QuotaReadModel reads;
    private final Clock clock;
    private final QuotaSettings settings;

    QuotaAdmin(Jdbc jdbc, QuotaStore store, Budgets budgets, QuotaReadModel reads, QuotaSettings settings,
            Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.budgets = budgets;
        this.reads = reads;
        this.settings = settings;
        this.clock = clock;
    }

    Long setMemberLimit(String communityId, UserKey user, LimitKind kind, Long value) {
        if (kind == LimitKind.POOL) {
            throw new IllegalArgumentException("only communities have a daily pool");
        }
        String scope = QuotaScope.of(communityId);
        Long previous = jdbc.inTransaction(c -> {
            requireWithinCeiling(c, scope, kind, value);
            store.lockMember(c, scope, user);
            return QuotaStore.replaceLimit(c, "quota_member", kind, value, "scope_id = ? AND user_key = ?", scope,
                    UserKeyColumn.format(user));
        });
        reads.invalidatePolicies(user);
        return previous;
    }

    Long setCommunityLimit(String communityId, LimitKind kind, Long value) {
        requireCommunity(communityId);
        Long previous = jdbc.inTransaction(c -> {
            requireWithinCeiling(c, communityId, kind, value);
            store.lockCommunity(c, communityId);
            return QuotaStore.replaceLimit(c, "quota_community", kind, value, "community_id = ?", communityId);
        });
        reads.invalidateAllPolicies();
        return previous;
    }

    Long setRoleLimit(String communityId, String roleId, LimitKind kind, Long value) {
        requireCommunity(communityId);
        if (roleId == null || roleId.isBlank()) {
            throw new IllegalArgumentException("roleId may not be blank");
        }
        if (kind == LimitKind.POOL) {
            throw new IllegalArgumentException("only communities have a daily pool");
        }
        Long previous = jdbc.inTransaction(c -> {
            requireWithinCeiling(c, communityId, kind, value);
            store.lockCommunity(c, communityId);
            Object[] where = {communityId, roleId};
            if (Jdbc.query(c, "SELECT 1 FROM quota_role_limit WHERE community_id = ? AND role_id = ?", r -> 1, where)
                    .isEmpty()) {
                Jdbc.update(c, "INSERT INTO quota_role_limit (community_id, role_id, updated_at) VALUES (?, ?, ?)",
                        communityId, roleId, clock.instant());
            }
            Jdbc.update(c, "UPDATE quota_role_limit SET updated_at = ? WHERE community_id = ? AND role_id = ?",
                    clock.instant(), communityId, roleId);
            return QuotaStore.replaceLimit(c, "quota_role_limit", kind, value, "community_id = ? AND role_id = ?",
                    where);
        });
        reads.invalidateAllPolicies();
        return previous;
    }

    /** Blocks or unblocks in one scope ({@code communityId}) or, with {@code everywhere}, in all of them. */
    boolean setBlocked(String communityId, boolean everywhere, UserKey user, boolean blocked, String reason) {
        boolean changed = jdbc.inTransaction(c -> everywhere
                ? store.setBlockedEverywhere(c, user, blocked, reason)
                : store.setBlocked(c, QuotaScope.of(communityId), user, blocked, reason));
        reads.invalidatePolicies(user);
        return changed;
    }

    void grantBonus(String communityId, UserKey user, long credits, UserKey actor, String note) {
        if (credits <= 0) {
            throw new IllegalArgumentException("credits must be positive, was " + credits);
        }
        String scope = QuotaScope.of(communityId);
        jdbc.inTransaction(c -> {
            long monthly = budgets.ceiling(c, scope).orElse(Ceiling.ZERO).monthly();
            if (credits > monthly) {
                throw new IllegalArgumentException(t("quota.admin.grantTooLarge", "max", monthly));
            }
            store.lockMember(c, scope, user);
            store.insertLedger(c, user, scope, null, null, "GRANT", "BONUS", -credits, null, null, actor, note);
            return null;
        });
        reads.invalidateUsage(user, null);
    }

    /**
     * Gives the person a fresh window in the scope by booking an adjustment that cancels the window's settled usage;
     * history stays. Credits of tasks still in flight stay counted, so their later refund or commit keeps the sums
     * right. Budgets are not reset: the operator has paid for what was made.
     */
    UsageReset resetUsage(String communityId, UserKey user, UsageWindow window, UserKey actor, String note) {
        Objects.requireNonNull(window, "window");
        String scope = QuotaScope.of(communityId);
        Windows windows = Windows.at(clock.instant(), settings.zone());
        UsageReset reset = jdbc.inTransaction(c -> {
            store.lockMember(c, scope, user);
            QuotaStore.Usage usage = store.loadUsage(c, scope, user, windows);
            long day = 0;
            long month = 0;
            if (window.includesDay()) {
                day = usage.usedToday() - store.inFlightWindowCredits(c, scope, user, windows.today(), windows.today());
                if (day != 0) {
                    store.insertLedger(c, user, scope, null, null, "RESET", "WINDOW", -day, windows.today(), null,
                            actor, note);
                }
            }
            if (window.includesMonth()) {
                month = usage.usedMonth() - store.inFlightWindowCredits(c, scope, user, windows.month(),
                        windows.month().plusMonths(1).minusDays(1));
                if (month != 0) {
                    store.insertLedger(c, user, scope, null, null, "RESET", "WINDOW", -month, null, windows.month(),
                            actor, note);
                }
            }
            return new UsageReset(day, month);
        });
        reads.invalidateUsage(user, null);
        return reset;
    }

    /** Ledger totals of one community, with its top spenders this month. Not cached. */
    CommunityUsage communityUsage(String communityId, int topUsers, PolicyResolver resolver) {
        requireCommunity(communityId);
        Windows windows = Windows.at(clock.instant(), settings.zone());
        return jdbc.inTransaction(c -> {
            EffectivePolicy policy = resolver.resolve(false, null, store.findCommunity(c, communityId).orElse(null),
                    List.of());
            long today = QuotaStore.communityUsed(c, communityId, windows.today());
            long month = Jdbc.query(c, "SELECT COALESCE(SUM(amount), 0) FROM quota_ledger WHERE community_id = ?"
                    + " AND window_month = ?", r -> r.getLong(1), communityId, windows.month()).get(0);
            List<UserTotal> top = Jdbc.query(c, "SELECT user_key, SUM(amount) AS total FROM quota_ledger"
                            + " WHERE community_id = ? AND window_month = ?"
                            + " GROUP BY user_key HAVING SUM(amount) > 0 ORDER BY total DESC, user_key LIMIT ?",
                    r -> new UserTotal(UserKeyColumn.parse(r.getString("user_key")), r.getLong("total")),
                    communityId, windows.month(), topUsers);
            return new CommunityUsage(communityId, today, month, policy.communityDailyPool(),
                    QuotaService.room(policy.communityDailyPool(), today), windows.dayResetsAt(), top);
        });
    }

    BudgetView budget(String scope) {
        Windows windows = Windows.at(clock.instant(), settings.zone());
        return jdbc.inTransaction(c -> budgets.view(c, scope, windows));
    }

    List<BudgetView> budgetsWithSpend() {
        Windows windows = Windows.at(clock.instant(), settings.zone());
        return jdbc.inTransaction(c -> {
            List<BudgetView> views = new java.util.ArrayList<>();
            for (String scope : Jdbc.query(c, "SELECT scope_id FROM budget_spend WHERE period = 'M' AND starts = ?"
                    + " AND scope_id <> ? AND credits > 0 ORDER BY credits DESC, scope_id", r -> r.getString(1),
                    windows.month(), QuotaScope.GLOBAL)) {
                views.add(budgets.view(c, scope, windows));
            }
            return views;
        });
    }

    /** Operators only (the caller checks): one window of a scope's ceiling, or of the bot's ({@link QuotaScope}). */
    Ceiling setBudget(String scope, boolean daily, Long value, UserKey actor) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException("a budget may not be negative");
        }
        return jdbc.inTransaction(c -> budgets.setCeiling(c, scope, daily, value, actor));
    }

    /**
     * Moderators set limits as credits within the operator's ceiling for their community: 0 meant "unlimited" once
     * and is refused, and so is anything over the ceiling, with the reason.
     */
    private void requireWithinCeiling(Connection c, String scope, LimitKind kind, Long value) throws SQLException {
        if (value == null) {
            return;
        }
        if (kind == LimitKind.CONCURRENT) {
            if (value < 1 || value > MAX_CONCURRENT) {
                throw new IllegalArgumentException(t("quota.admin.concurrentRange", "max", MAX_CONCURRENT));
            }
            return;
        }
        Ceiling ceiling = budgets.ceiling(c, scope).orElse(Ceiling.ZERO);
        long max = kind == LimitKind.MONTHLY ? ceiling.monthly() : ceiling.daily();
        if (value < 1) {
            throw new IllegalArgumentException(t("quota.admin.belowOne." + kind.name().toLowerCase(Locale.ROOT),
                    "max", shown(max)));
        }
        if (value > max) {
            String window = kind == LimitKind.MONTHLY ? "monthly" : "daily";
            throw new IllegalArgumentException(t("quota.admin.overBudget." + window, "value", value, "max", max));
        }
    }

    private static String shown(long ceiling) {
        return ceiling == Ceiling.UNLIMITED ? t("quota.admin.anyNumber") : String.valueOf(ceiling);
    }

    private static void requireCommunity(String communityId) {
        if (communityId == null || communityId.isBlank()) {
            throw new IllegalArgumentException("communityId may not be blank");
        }
    }
}
