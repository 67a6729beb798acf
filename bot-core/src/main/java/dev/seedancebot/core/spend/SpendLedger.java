package dev.seedancebot.core.spend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.QuotaScope;
import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.stats.MoneySpend;
import dev.seedancebot.core.storage.Jdbc;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the provider billed, read from the tasks it finished: their {@code completion_tokens}, valued at the
 * configured price when read.
 *
 * <p>Why money is computed on read rather than stored: the tokens are the provider's fact, the price is the
 * operator's setting, and operators typically learn their gateway's rate from its console after the bot has run for
 * a while (anyfast publishes none). Valued on read, a price set or corrected later applies to every recorded video at
 * once, instead of leaving months of rows at a stale or zero price; the token counts themselves never change.
 *
 * <p>A video counts on the local day (quota zone) it finished. Task rows are swept after the retention period, so
 * this covers that period (90 days by default), which is more than the 30 days any view shows. Thread-safe.
 */
public final class SpendLedger {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbc jdbc;
    private final SpendPrices prices;
    private final ZoneId zone;
    private final Clock clock;

    public SpendLedger(Jdbc jdbc, SpendPrices prices, ZoneId zone, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One billed video. {@code communityId} is {@code null} for private chats and the terminal. */
    public record Billed(UserKey user, String communityId, LocalDate day, long credits, long tokens, BigDecimal money) {}

    /** Sums over some billed videos. */
    public record Totals(long videos, long credits, long tokens, BigDecimal money) {
        public static final Totals ZERO = new Totals(0, 0, 0, BigDecimal.ZERO);

        Totals plus(Billed b) {
            return new Totals(videos + 1, credits + b.credits(), tokens + b.tokens(), money.add(b.money()));
        }
    }

    public SpendPrices prices() {
        return prices;
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    /**
     * The billed videos of the local days {@code from}..{@code to}.
     *
     * @param scope a community id, {@link QuotaScope#PRIVATE}, or {@code null} for the whole bot
     */
    public List<Billed> billed(String scope, LocalDate from, LocalDate to) {
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        String sql = "SELECT platform, user_id, community_id, options_json, completion_tokens, cost, finished_at"
                + " FROM task WHERE completion_tokens IS NOT NULL AND finished_at >= ? AND finished_at < ?";
        Object[] params;
        if (scope == null) {
            params = new Object[] {start, end};
        } else if (QuotaScope.PRIVATE.equals(scope)) {
            sql += " AND community_id IS NULL";
            params = new Object[] {start, end};
        } else {
            sql += " AND community_id = ?";
            params = new Object[] {start, end, scope};
        }
        return jdbc.query(sql, r -> {
            long tokens = r.getLong("completion_tokens");
            JsonNode options = options(r.getString("options_json"));
            Resolution resolution = Resolution.parse(options.path("resolution").asText()).orElse(Resolution.P720);
            BigDecimal money = prices.money(tokens, resolution, options.path("audio").asBoolean());
            return new Billed(new UserKey(Platform.valueOf(r.getString("platform").toUpperCase(Locale.ROOT)),
                    r.getString("user_id")), r.getString("community_id"),
                    LocalDate.ofInstant(Jdbc.instant(r, "finished_at"), zone), r.getLong("cost"), tokens, money);
        }, params);
    }

    /** Every day from {@code from} to {@code to}, oldest first, zeros included. */
    public static Map<LocalDate, Totals> byDay(List<Billed> rows, LocalDate from, LocalDate to) {
        Map<LocalDate, Totals> days = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            days.put(d, Totals.ZERO);
        }
        rows.forEach(b -> days.computeIfPresent(b.day(), (d, t) -> t.plus(b)));
        return days;
    }

    /** Totals per key, biggest money (then credits) first. */
    public static <K> Map<K, Totals> by(List<Billed> rows, Function<Billed, K> key) {
        Map<K, Totals> sums = new LinkedHashMap<>();
        rows.forEach(b -> sums.merge(key.apply(b), Totals.ZERO.plus(b), (a, c) -> new Totals(a.videos() + c.videos(),
                a.credits() + c.credits(), a.tokens() + c.tokens(), a.money().add(c.money()))));
        List<Map.Entry<K, Totals>> sorted = new ArrayList<>(sums.entrySet());
        sorted.sort((a, b) -> {
            int byMoney = b.getValue().money().compareTo(a.getValue().money());
            return byMoney != 0 ? byMoney : Long.compare(b.getValue().credits(), a.getValue().credits());
        });
        Map<K, Totals> result = new LinkedHashMap<>();
        sorted.forEach(e -> result.put(e.getKey(), e.getValue()));
        return result;
    }

    /** The money of a scope per day, for the usage chart; not recorded while no price is set. */
    public MoneySpend money(String scope, LocalDate from, LocalDate to) {
        if (!prices.isSet()) {
            return MoneySpend.NOT_RECORDED;
        }
        Map<LocalDate, Totals> days = byDay(billed(scope, from, to), from, to);
        BigDecimal total = days.values().stream().map(Totals::money).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new MoneySpend.Recorded(prices.currency().getCurrencyCode(),
                days.values().stream().map(Totals::money).toList(), prices.format(total));
    }

    /** The whole bot's spend on a local day. */
    public Totals total(LocalDate day) {
        Totals sum = Totals.ZERO;
        for (Billed b : billed(null, day, day)) {
            sum = sum.plus(b);
        }
        return sum;
    }

    private static JsonNode options(String json) {
        try {
            return JSON.readTree(json == null ? "{}" : json);
        } catch (IOException e) {
            // the engine wrote it; a row that cannot be read is valued at the 720p price rather than dropped
            return JSON.createObjectNode();
        }
    }
}
