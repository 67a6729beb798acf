package dev.seedancebot.core.quota;

import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.BudgetSettings.Ceiling;
import dev.seedancebot.core.storage.Jdbc;
import dev.seedancebot.core.storage.UserKeyColumn;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The operator's ceilings and the spend counted against them, inside the caller's transaction. A reservation takes
 * its scope's day and month rows and then the bot's ({@code SELECT ... FOR UPDATE}, always in that order, so that
 * concurrent reservations and refunds cannot deadlock), checks every ceiling, and adds its credits; PostgreSQL
 * enforces the locks across instances. Not thread-safe by itself: every method runs in a transaction.
 */
final class Budgets {
    private static final String DAY = "D";
    private static final String MONTH = "M";
    private static final long STORED_UNLIMITED = -1;

    private final BudgetSettings settings;
    private final Clock clock;

    Budgets(BudgetSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    BudgetSettings settings() {
        return settings;
    }

    /** What one reservation found: which ceiling it would break (none when empty), and the room left there. */
    record Breach(DenialReason reason, boolean daily, long ceiling, long left) {}

    /**
     * Adds {@code credits} to the scope's and the bot's spend if no ceiling would be passed, else changes nothing and
     * says which one. Takes the row locks; call after the member and community rows are locked.
     */
    Optional<Breach> reserve(Connection c, String scope, long credits, Windows windows) throws SQLException {
        Optional<Ceiling> scopeCeiling = ceiling(c, scope);
        if (scopeCeiling.isEmpty()) {
            return Optional.of(new Breach(DenialReason.NOT_SERVED, true, 0, 0));
        }
        Ceiling global = globalCeiling(c);
        long[] spent = {
            lockSpend(c, scope, DAY, windows.today()), lockSpend(c, scope, MONTH, windows.month()),
            lockSpend(c, QuotaScope.GLOBAL, DAY, windows.today()), lockSpend(c, QuotaScope.GLOBAL, MONTH, windows.month())
        };
        Ceiling[] ceilings = {scopeCeiling.get(), scopeCeiling.get(), global, global};
        for (int i = 0; i < spent.length; i++) {
            boolean daily = i % 2 == 0;
            long ceiling = ceilings[i].of(daily);
            long left = Math.max(0, ceiling - spent[i]);
            if (ceiling != Ceiling.UNLIMITED && credits > left) {
                return Optional.of(new Breach(i < 2 ? DenialReason.COMMUNITY_BUDGET : DenialReason.GLOBAL_BUDGET,
                        daily, ceiling, left));
            }
        }
        add(c, scope, windows.today(), credits);
        return Optional.empty();
    }

    /** Gives credits reserved on {@code day} back to the scope's and the bot's budgets (a failure before delivery). */
    void release(Connection c, String scope, LocalDate day, long credits) throws SQLException {
        lockSpend(c, scope, DAY, day);
        lockSpend(c, scope, MONTH, day.withDayOfMonth(1));
        lockSpend(c, QuotaScope.GLOBAL, DAY, day);
        lockSpend(c, QuotaScope.GLOBAL, MONTH, day.withDayOfMonth(1));
        add(c, scope, day, -credits);
    }

    /** The ceiling and spend of a scope, without locks (for display and the cheap checks before a download). */
    BudgetView view(Connection c, String scope, Windows windows) throws SQLException {
        return new BudgetView(scope, ceiling(c, scope).orElse(Ceiling.ZERO), ceiling(c, scope).isPresent(),
                spend(c, scope, DAY, windows.today()), spend(c, scope, MONTH, windows.month()),
                globalCeiling(c), spend(c, QuotaScope.GLOBAL, DAY, windows.today()),
                spend(c, QuotaScope.GLOBAL, MONTH, windows.month()), windows.dayResetsAt(), windows.monthResetsAt());
    }

    /** The scope's ceiling: set at run time, else configured, else the unlisted rule; empty when not served. */
    Optional<Ceiling> ceiling(Connection c, String scope) throws SQLException {
        Ceiling configured;
        if (QuotaScope.PRIVATE.equals(scope)) {
            configured = settings.privateChats();
        } else if (settings.communities().containsKey(scope)) {
            configured = settings.communities().get(scope);
        } else {
            configured = settings.unlisted() == BudgetSettings.Unlisted.DENY ? null : settings.communityDefault();
        }
        Optional<Long[]> stored = storedCeiling(c, scope);
        if (stored.isEmpty()) {
            return Optional.ofNullable(configured);
        }
        // a ceiling an operator set for an unlisted community under DENY lists it; unset windows take the default
        Ceiling base = configured != null ? configured : settings.communityDefault();
        return Optional.of(overlay(base, stored.get()));
    }

    Ceiling globalCeiling(Connection c) throws SQLException {
        return storedCeiling(c, QuotaScope.GLOBAL).map(v -> overlay(settings.global(), v)).orElse(settings.global());
    }

    /**
     * Sets one window of a scope's ceiling ({@code null} = back to the configuration, {@link Ceiling#UNLIMITED} =
     * none); returns the ceiling in force before.
     */
    Ceiling setCeiling(Connection c, String scope, boolean daily, Long value, UserKey actor) throws SQLException {
        Ceiling before = QuotaScope.GLOBAL.equals(scope) ? globalCeiling(c) : ceiling(c, scope).orElse(Ceiling.ZERO);
        Long stored = value == null ? null : value == Ceiling.UNLIMITED ? STORED_UNLIMITED : value;
        String column = daily ? "daily" : "monthly";
        if (storedCeiling(c, scope).isEmpty()) {
            Jdbc.update(c, "INSERT INTO budget_ceiling (scope_id, updated_by, updated_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT DO NOTHING", scope, UserKeyColumn.format(actor), clock.instant());
        }
        // the column name comes from this class, never from input
        Jdbc.update(c, "UPDATE budget_ceiling SET " + column + " = ?, updated_by = ?, updated_at = ? WHERE scope_id = ?",
                stored, UserKeyColumn.format(actor), clock.instant(), scope);
        return before;
    }

    /**
     * Recounts this day's and month's spend from the charges, for every scope: run after an unclean stop, since H2
     * can bring a transaction back half done, and the charges are what was really reserved.
     */
    int recount(Connection c, Windows windows) throws SQLException {
        int n = Jdbc.update(c, "DELETE FROM budget_spend WHERE (period = 'D' AND starts = ?) OR (period = 'M' AND starts"
                + " = ?)", windows.today(), windows.month());
        String spent = " FROM quota_charge WHERE NOT budget_released AND window_day >= ? AND window_day <= ?";
        LocalDate monthEnd = windows.month().plusMonths(1).minusDays(1);
        Jdbc.update(c, "INSERT INTO budget_spend (scope_id, period, starts, credits) SELECT scope_id, 'D', ?,"
                + " SUM(credits)" + spent + " GROUP BY scope_id", windows.today(), windows.today(), windows.today());
        Jdbc.update(c, "INSERT INTO budget_spend (scope_id, period, starts, credits) SELECT scope_id, 'M', ?,"
                + " SUM(credits)" + spent + " GROUP BY scope_id", windows.month(), windows.month(), monthEnd);
        Jdbc.update(c, "INSERT INTO budget_spend (scope_id, period, starts, credits) SELECT '*', 'D', ?,"
                + " COALESCE(SUM(credits), 0)" + spent, windows.today(), windows.today(), windows.today());
        Jdbc.update(c, "INSERT INTO budget_spend (scope_id, period, starts, credits) SELECT '*', 'M', ?,"
                + " COALESCE(SUM(credits), 0)" + spent, windows.month(), windows.month(), monthEnd);
        return n;
    }

    private static Ceiling overlay(Ceiling base, Long[] stored) {
        Ceiling result = base;
        for (int i = 0; i < 2; i++) {
            if (stored[i] != null) {
                result = result.with(i == 0, stored[i] == STORED_UNLIMITED ? Ceiling.UNLIMITED : stored[i]);
            }
        }
        return result;
    }

    private static Optional<Long[]> storedCeiling(Connection c, String scope) throws SQLException {
        return Jdbc.queryFirst(c, "SELECT daily, monthly FROM budget_ceiling WHERE scope_id = ?",
                r -> new Long[] {Jdbc.nullableLong(r, "daily"), Jdbc.nullableLong(r, "monthly")}, scope);
    }

    private static long lockSpend(Connection c, String scope, String period, LocalDate starts) throws SQLException {
        String select = "SELECT credits FROM budget_spend WHERE scope_id = ? AND period = ? AND starts = ? FOR UPDATE";
        Optional<Long> row = Jdbc.queryFirst(c, select, r -> r.getLong(1), scope, period, starts);
        if (row.isPresent()) {
            return row.get();
        }
        Jdbc.update(c, "INSERT INTO budget_spend (scope_id, period, starts, credits) VALUES (?, ?, ?, 0)"
                + " ON CONFLICT DO NOTHING", scope, period, starts);
        return Jdbc.queryFirst(c, select, r -> r.getLong(1), scope, period, starts).orElseThrow();
    }

    private static long spend(Connection c, String scope, String period, LocalDate starts) throws SQLException {
        return Jdbc.queryFirst(c, "SELECT credits FROM budget_spend WHERE scope_id = ? AND period = ? AND starts = ?",
                r -> r.getLong(1), scope, period, starts).orElse(0L);
    }

    private static void add(Connection c, String scope, LocalDate day, long credits) throws SQLException {
        String sql = "UPDATE budget_spend SET credits = credits + ? WHERE scope_id = ? AND period = ? AND starts = ?";
        LocalDate month = day.withDayOfMonth(1);
        Jdbc.update(c, sql, credits, scope, DAY, day);
        Jdbc.update(c, sql, credits, scope, MONTH, month);
        Jdbc.update(c, sql, credits, QuotaScope.GLOBAL, DAY, day);
        Jdbc.update(c, sql, credits, QuotaScope.GLOBAL, MONTH, month);
    }
}
