package dev.seedancebot.core.quota;

import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.storage.Jdbc;
import dev.seedancebot.core.storage.UserKeyColumn;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Videos and credits per day, read from {@code quota_charge}: one row per charged task, with the local day of its
 * window and whether its credits were given back. A video counts on the day it was charged unless its credits were
 * given back (a failure, a cancel before sending, a moderator's refund), so the figures match what the budgets count.
 * Charges are never deleted, so a month back is always there (task rows are swept after 90 days). Thread-safe.
 */
public final class DailyUsage {
    /** Whatever the scope, the whole bot: every community and the private chats. */
    public static final String ALL_SCOPES = null;

    private final Jdbc jdbc;
    private final QuotaSettings settings;
    private final Clock clock;

    public DailyUsage(Jdbc jdbc, QuotaSettings settings, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One local day: videos charged and not given back, and their credits. */
    public record Day(LocalDate day, long videos, long credits) {}

    /**
     * The last {@code days} local days up to today, oldest first, every day present (zeros included) so a chart has
     * no gaps, and the {@code topN} biggest spenders over them.
     */
    public record Series(List<Day> days, List<UserTotal> topUsers) {
        public Series {
            days = List.copyOf(days);
            topUsers = List.copyOf(topUsers);
        }
    }

    /**
     * @param scope a community id, {@link QuotaScope#PRIVATE}, or {@link #ALL_SCOPES}
     */
    public Series lastDays(String scope, int days, int topN) {
        if (days < 1 || topN < 0) {
            throw new IllegalArgumentException("days must be positive and topN not negative");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), settings.zone());
        LocalDate from = today.minusDays(days - 1L);
        String where = " FROM quota_charge WHERE state <> 'REFUNDED' AND window_day >= ? AND window_day <= ?"
                + (scope == null ? "" : " AND scope_id = ?");
        Object[] params = scope == null ? new Object[] {from, today} : new Object[] {from, today, scope};
        Map<LocalDate, Day> byDay = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(today); d = d.plusDays(1)) {
            byDay.put(d, new Day(d, 0, 0));
        }
        jdbc.query("SELECT window_day, COUNT(*), COALESCE(SUM(credits), 0)" + where + " GROUP BY window_day",
                r -> {
                    LocalDate d = r.getObject(1, LocalDate.class);
                    return new Day(d, r.getLong(2), r.getLong(3));
                }, params).forEach(d -> byDay.put(d.day(), d));
        List<UserTotal> top = topN == 0 ? List.of() : jdbc.query("SELECT user_key, SUM(credits) AS spent" + where
                        + " GROUP BY user_key ORDER BY spent DESC, user_key FETCH FIRST " + topN + " ROWS ONLY",
                r -> new UserTotal(UserKeyColumn.parse(r.getString(1)), r.getLong(2)), params);
        return new Series(new ArrayList<>(byDay.values()), top);
    }

    /** A user's key as the chart shows it when the platform gives no name. */
    public static String plainName(UserKey user) {
        return user.platform().name().toLowerCase(java.util.Locale.ROOT) + " " + user.userId();
    }
}
