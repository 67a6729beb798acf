package dev.seedancebot.core.quota;

import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.storage.Jdbc;
import dev.seedancebot.core.storage.UserKeyColumn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The quota tables' SQL, inside the caller's transaction. Lock order, for every writer: the member row, then the
 * community row, then the budget rows ({@link Budgets}).
 */
final class QuotaStore {
    static final String CHARGE_COLUMNS = "SELECT task_id, user_key, community_id, scope_id, credits, bonus_credits,"
            + " window_day, state, reserved_at, settled_at, settle_reason";

    private final Clock clock;

    QuotaStore(Clock clock) {
        this.clock = clock;
    }

    /** A person's own limits and block in one scope. */
    record MemberRow(LimitOverride limits, boolean blocked) {}

    record CommunityRow(LimitOverride limits, Long dailyPool) {}

    /** Ledger sums for one person in one scope; {@code usedToday} and {@code usedMonth} include credits reserved. */
    record Usage(long usedToday, long usedMonth, long reservedCredits, int runningTasks, long bonusRemaining) {

        Usage plusReservation(long windowCredits, long bonusCredits) {
            return new Usage(usedToday + windowCredits, usedMonth + windowCredits,
                    reservedCredits + windowCredits + bonusCredits, runningTasks + 1, bonusRemaining - bonusCredits);
        }
    }

    // ---- rows and locks ---------------------------------------------------------------------------------------------

    /** Locks the person's row in the scope, creating it at their first request there. */
    MemberRow lockMember(Connection c, String scope, UserKey user) throws SQLException {
        String key = UserKeyColumn.format(user);
        String select = "SELECT daily_limit, monthly_limit, max_concurrent, blocked FROM quota_member"
                + " WHERE scope_id = ? AND user_key = ? FOR UPDATE";
        Optional<MemberRow> row = Jdbc.queryFirst(c, select, QuotaStore::memberRow, scope, key);
        if (row.isPresent()) {
            return row.get();
        }
        Jdbc.update(c, "INSERT INTO quota_member (scope_id, user_key, blocked, created_at) VALUES (?, ?, FALSE, ?)"
                + " ON CONFLICT DO NOTHING", scope, key, clock.instant());
        return Jdbc.queryFirst(c, select, QuotaStore::memberRow, scope, key).orElseThrow();
    }

    Optional<MemberRow> findMember(Connection c, String scope, UserKey user) throws SQLException {
        return Jdbc.queryFirst(c, "SELECT daily_limit, monthly_limit, max_concurrent, blocked FROM quota_member"
                + " WHERE scope_id = ? AND user_key = ?", QuotaStore::memberRow, scope, UserKeyColumn.format(user));
    }

    /** Whether an operator blocked the person everywhere (the person's global row). */
    boolean blockedEverywhere(Connection c, UserKey user) throws SQLException {
        return Jdbc.queryFirst(c, "SELECT blocked FROM quota_account WHERE user_key = ?", r -> r.getBoolean(1),
                UserKeyColumn.format(user)).orElse(false);
    }

    /** Sets the person's block everywhere; returns whether it changed. */
    boolean setBlockedEverywhere(Connection c, UserKey user, boolean blocked, String reason) throws SQLException {
        String key = UserKeyColumn.format(user);
        Jdbc.update(c, "INSERT INTO quota_account (user_key, blocked, created_at) VALUES (?, FALSE, ?)"
                + " ON CONFLICT DO NOTHING", key, clock.instant());
        return Jdbc.update(c, "UPDATE quota_account SET blocked = ?, blocked_reason = ? WHERE user_key = ?"
                + " AND blocked <> ?", blocked, blocked ? reason : null, key, blocked) > 0;
    }

    /** Sets the person's block in one scope; returns whether it changed. */
    boolean setBlocked(Connection c, String scope, UserKey user, boolean blocked, String reason) throws SQLException {
        lockMember(c, scope, user);
        return Jdbc.update(c, "UPDATE quota_member SET blocked = ?, blocked_reason = ? WHERE scope_id = ?"
                + " AND user_key = ? AND blocked <> ?", blocked, blocked ? reason : null, scope,
                UserKeyColumn.format(user), blocked) > 0;
    }

    CommunityRow lockCommunity(Connection c, String communityId) throws SQLException {
        String select = "SELECT daily_limit, monthly_limit, max_concurrent, daily_pool FROM quota_community"
                + " WHERE community_id = ? FOR UPDATE";
        Optional<CommunityRow> row = Jdbc.queryFirst(c, select, QuotaStore::communityRow, communityId);
        if (row.isPresent()) {
            return row.get();
        }
        Jdbc.update(c, "INSERT INTO quota_community (community_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                communityId, clock.instant());
        return Jdbc.queryFirst(c, select, QuotaStore::communityRow, communityId).orElseThrow();
    }

    Optional<CommunityRow> findCommunity(Connection c, String communityId) throws SQLException {
        return Jdbc.queryFirst(c, "SELECT daily_limit, monthly_limit, max_concurrent, daily_pool FROM quota_community"
                + " WHERE community_id = ?", QuotaStore::communityRow, communityId);
    }

    List<LimitOverride> roleOverrides(Connection c, String communityId, Set<String> roleIds) throws SQLException {
        if (communityId == null || roleIds.isEmpty()) {
            return List.of();
        }
        // a community has a handful of role rules; filtering here keeps the SQL free of variable IN lists
        List<LimitOverride> matching = new ArrayList<>();
        for (var role : Jdbc.query(c, "SELECT role_id, daily_limit, monthly_limit, max_concurrent FROM quota_role_limit"
                + " WHERE community_id = ?", r -> Map.entry(r.getString("role_id"), limits(r)), communityId)) {
            if (roleIds.contains(role.getKey())) {
                matching.add(role.getValue());
            }
        }
        return matching;
    }

    /** Replaces one limit column of the row selected by {@code where}; returns the old value. */
    static Long replaceLimit(Connection c, String table, LimitKind kind, Long value, String where,
            Object... whereParams) throws SQLException {
        // table, column and where clause come from this package, never from input
        Long previous = Jdbc.query(c, "SELECT " + kind.column() + " FROM " + table + " WHERE " + where,
                r -> Jdbc.nullableLong(r, kind.column()), whereParams).get(0);
        Object[] params = new Object[whereParams.length + 1];
        params[0] = kind == LimitKind.CONCURRENT && value != null ? (Object) value.intValue() : value;
        System.arraycopy(whereParams, 0, params, 1, whereParams.length);
        Jdbc.update(c, "UPDATE " + table + " SET " + kind.column() + " = ? WHERE " + where, params);
        return previous;
    }

    // ---- usage -----------------------------------------------------------------------------------------------------

    Usage loadUsage(Connection c, String scope, UserKey user, Windows windows) throws SQLException {
        String key = UserKeyColumn.format(user);
        long[] sums = Jdbc.query(c,
                "SELECT COALESCE(SUM(CASE WHEN bucket = 'WINDOW' AND window_day = ? THEN amount END), 0),"
                        + " COALESCE(SUM(CASE WHEN bucket = 'WINDOW' AND window_month = ? THEN amount END), 0),"
                        + " COALESCE(SUM(CASE WHEN bucket = 'BONUS' THEN amount END), 0)"
                        + " FROM quota_ledger WHERE scope_id = ? AND user_key = ?"
                        + " AND (window_month = ? OR window_day = ? OR bucket = 'BONUS')",
                r -> new long[] {r.getLong(1), r.getLong(2), r.getLong(3)},
                windows.today(), windows.month(), scope, key, windows.month(), windows.today()).get(0);
        long[] inFlight = Jdbc.query(c, "SELECT COUNT(*), COALESCE(SUM(credits), 0) FROM quota_charge"
                        + " WHERE scope_id = ? AND user_key = ? AND state = 'RESERVED'",
                r -> new long[] {r.getLong(1), r.getLong(2)}, scope, key).get(0);
        // never below zero: a bonus refund booked after the upgrade for a grant spent before it (V7) must not turn
        // into a debt that lowers the allowance
        return new Usage(sums[0], sums[1], inFlight[1], (int) inFlight[0], Math.max(0, -sums[2]));
    }

    long inFlightWindowCredits(Connection c, String scope, UserKey user, LocalDate from, LocalDate to)
            throws SQLException {
        return Jdbc.query(c, "SELECT COALESCE(SUM(window_credits), 0) FROM quota_charge WHERE scope_id = ?"
                        + " AND user_key = ? AND state = 'RESERVED' AND window_day >= ? AND window_day <= ?",
                r -> r.getLong(1), scope, UserKeyColumn.format(user), from, to).get(0);
    }

    static long communityUsed(Connection c, String communityId, LocalDate day) throws SQLException {
        return Jdbc.query(c, "SELECT COALESCE(SUM(amount), 0) FROM quota_ledger WHERE community_id = ?"
                + " AND window_day = ?", r -> r.getLong(1), communityId, day).get(0);
    }

    // ---- charges and the ledger ------------------------------------------------------------------------------------

    static Optional<LedgerEntry> findCharge(Connection c, String taskId) throws SQLException {
        return Jdbc.queryFirst(c, CHARGE_COLUMNS + " FROM quota_charge WHERE task_id = ?", QuotaStore::chargeRow,
                taskId);
    }

    static LedgerEntry chargeRow(ResultSet r) throws SQLException {
        return new LedgerEntry(
                r.getString("task_id"),
                UserKeyColumn.parse(r.getString("user_key")),
                r.getString("community_id"),
                r.getString("scope_id"),
                r.getLong("credits"),
                r.getLong("bonus_credits"),
                r.getObject("window_day", LocalDate.class),
                ChargeState.valueOf(r.getString("state")),
                Jdbc.instant(r, "reserved_at"),
                Jdbc.instant(r, "settled_at"),
                r.getString("settle_reason"));
    }

    void insertCharge(Connection c, String taskId, UserKey user, String communityId, long credits, long windowPart,
            LocalDate day) throws SQLException {
        Jdbc.update(c, "INSERT INTO quota_charge (task_id, user_key, community_id, scope_id, credits, window_credits,"
                        + " bonus_credits, window_day, state, reserved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'RESERVED', ?)",
                taskId, UserKeyColumn.format(user), communityId, QuotaScope.of(communityId), credits, windowPart,
                credits - windowPart, day, clock.instant());
        bookReserve(c, user, communityId, taskId, windowPart, credits - windowPart, day);
    }

    void bookReserve(Connection c, UserKey user, String communityId, String taskId, long windowPart, long bonusPart,
            LocalDate day) throws SQLException {
        LocalDate month = day.withDayOfMonth(1);
        String scope = QuotaScope.of(communityId);
        if (windowPart > 0) {
            insertLedger(c, user, scope, communityId, taskId, "RESERVE", "WINDOW", windowPart, day, month, null, null);
        }
        if (bonusPart > 0) {
            insertLedger(c, user, scope, communityId, taskId, "RESERVE", "BONUS", bonusPart, day, month, null, null);
        }
    }

    void bookRefund(Connection c, LedgerEntry charge, String reason) throws SQLException {
        long windowPart = charge.credits() - charge.bonusCredits();
        LocalDate month = charge.windowDay().withDayOfMonth(1);
        if (windowPart > 0) {
            insertLedger(c, charge.user(), charge.scope(), charge.communityId(), charge.taskId(), "REFUND", "WINDOW",
                    -windowPart, charge.windowDay(), month, null, reason);
        }
        if (charge.bonusCredits() > 0) {
            insertLedger(c, charge.user(), charge.scope(), charge.communityId(), charge.taskId(), "REFUND", "BONUS",
                    -charge.bonusCredits(), charge.windowDay(), month, null, reason);
        }
    }

    static boolean hasReserveRow(Connection c, String taskId, String bucket) throws SQLException {
        return !Jdbc.query(c, "SELECT 1 FROM quota_ledger WHERE task_id = ? AND kind = 'RESERVE' AND bucket = ?",
                r -> 1, taskId, bucket).isEmpty();
    }

    /**
     * One ledger row. {@code communityId} is {@code null} for rows that must not count against a community's pool
     * (grants, resets); {@code scope} is whose allowance the row belongs to.
     */
    void insertLedger(Connection c, UserKey user, String scope, String communityId, String taskId, String kind,
            String bucket, long amount, LocalDate day, LocalDate month, UserKey actor, String note)
            throws SQLException {
        Jdbc.update(c, "INSERT INTO quota_ledger (user_key, scope_id, community_id, task_id, kind, bucket, amount,"
                        + " window_day, window_month, actor, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                UserKeyColumn.format(user), scope, communityId, taskId, kind, bucket, amount, day, month,
                actor == null ? null : UserKeyColumn.format(actor), note, clock.instant());
    }

    // ---- row mappers -----------------------------------------------------------------------------------------------

    static LimitOverride limits(ResultSet r) throws SQLException {
        return new LimitOverride(Jdbc.nullableLong(r, "daily_limit"), Jdbc.nullableLong(r, "monthly_limit"),
                Jdbc.nullableInt(r, "max_concurrent"));
    }

    private static MemberRow memberRow(ResultSet r) throws SQLException {
        return new MemberRow(limits(r), r.getBoolean("blocked"));
    }

    private static CommunityRow communityRow(ResultSet r) throws SQLException {
        return new CommunityRow(limits(r), Jdbc.nullableLong(r, "daily_pool"));
    }
}
