package dev.seedancebot.core.quota;

import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.storage.Database;
import dev.seedancebot.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A quota service on a real H2 file, with a hand-moved clock and cache ticker, and ledger sums read straight from
 * SQL so tests can compare them with what the service reports. Close it to close the database.
 */
public final class QuotaFixture implements AutoCloseable {

    public static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    /** Tuesday 2025-03-11, 12:00 in Berlin. */
    public static final Instant NOON = Instant.parse("2025-03-11T11:00:00Z");

    public final Database db;
    public final MutableClock clock;
    public final FakeTicker ticker = new FakeTicker();
    public final QuotaService quota;

    public QuotaFixture(Path dir, QuotaSettings settings) {
        this(dir, settings, new MutableClock(NOON));
    }

    public QuotaFixture(Path dir, QuotaSettings settings, MutableClock clock) {
        this(dir, settings, BudgetSettings.NONE, clock);
    }

    /** With the operator's budgets. */
    public QuotaFixture(Path dir, QuotaSettings settings, BudgetSettings budgets) {
        this(dir, settings, budgets, new MutableClock(NOON));
    }

    public QuotaFixture(Path dir, QuotaSettings settings, BudgetSettings budgets, MutableClock clock) {
        this.db = Database.open(Database.h2FileUrl(dir), "sa", "");
        this.clock = clock;
        this.quota = new QuotaService(db, settings, budgets, clock, ticker, Runnable::run);
    }

    /** Settings in {@link #ZONE} with the given defaults. */
    public static QuotaSettings settings(long daily, long monthly, int concurrent, long pool) {
        return new QuotaSettings(ZONE, daily, monthly, concurrent, pool);
    }

    public static UserKey user(String id) {
        return new UserKey(Platform.DISCORD, id);
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZONE);
    }

    /** SUM(amount) of the user's WINDOW rows booked to today. */
    public long ledgerUsedToday(UserKey user) {
        return sum("SELECT COALESCE(SUM(amount), 0) FROM quota_ledger WHERE user_key = ? AND bucket = 'WINDOW'"
                + " AND window_day = ?", user.toString(), today());
    }

    /** SUM(amount) of the user's WINDOW rows booked to this month. */
    public long ledgerUsedMonth(UserKey user) {
        return sum("SELECT COALESCE(SUM(amount), 0) FROM quota_ledger WHERE user_key = ? AND bucket = 'WINDOW'"
                + " AND window_month = ?", user.toString(), today().withDayOfMonth(1));
    }

    /** -SUM(amount) of the user's BONUS rows. */
    public long ledgerBonus(UserKey user) {
        return -sum("SELECT COALESCE(SUM(amount), 0) FROM quota_ledger WHERE user_key = ? AND bucket = 'BONUS'",
                user.toString());
    }

    /** SUM(amount) of the user's WINDOW rows in one scope booked to today. */
    public long ledgerUsedToday(UserKey user, String scope) {
        return sum("SELECT COALESCE(SUM(amount), 0) FROM quota_ledger WHERE user_key = ? AND scope_id = ?"
                + " AND bucket = 'WINDOW' AND window_day = ?", user.toString(), scope, today());
    }

    public long ledgerUsedMonth(UserKey user, String scope) {
        return sum("SELECT COALESCE(SUM(amount), 0) FROM quota_ledger WHERE user_key = ? AND scope_id = ?"
                + " AND bucket = 'WINDOW' AND window_month = ?", user.toString(), scope, today().withDayOfMonth(1));
    }

    public long ledgerBonus(UserKey user, String scope) {
        return -sum("SELECT COALESCE(SUM(amount), 0) FROM quota_ledger WHERE user_key = ? AND scope_id = ?"
                + " AND bucket = 'BONUS'", user.toString(), scope);
    }

    public long ledgerCommunityToday(String communityId) {
        return sum("SELECT COALESCE(SUM(amount), 0) FROM quota_ledger WHERE community_id = ? AND window_day = ?",
                communityId, today());
    }

    public long count(String sql, Object... params) {
        return sum(sql, params);
    }

    private long sum(String sql, Object... params) {
        return db.jdbc().query(sql, r -> r.getLong(1), params).get(0);
    }

    @Override
    public void close() {
        db.close();
    }
}
