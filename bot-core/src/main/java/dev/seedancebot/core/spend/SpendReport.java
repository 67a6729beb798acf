package dev.seedancebot.core.spend;

import dev.seedancebot.core.identity.UserKey;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /videomod spend}: moderators see their community's spend per user and per day, operators any community's
 * or, with {@code all}, the whole bot's per community and per day; in money and credits. Who may see what is the
 * policy's decision, made before this is asked. Thread-safe.
 */
public final class SpendReport {
    public static final int DAYS = 30;
    private static final int MAX_ROWS = 10;
    private static final int MAX_DAYS_SHOWN = 14;

    private final SpendLedger ledger;

    public SpendReport(SpendLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /**
     * @param scope a community id, or {@code null} for the whole bot (then per community instead of per user)
     * @param here the community the command was sent in, {@code null} in private chats and at the terminal
     */
    public String text(String scope, String here) {
        String scopeLabel = scope == null ? SpendTexts.allCommunities() : scope.equals(here) ? SpendTexts.here()
                : SpendTexts.community(scope);
        LocalDate to = ledger.today();
        LocalDate from = to.minusDays(DAYS - 1L);
        List<SpendLedger.Billed> rows = ledger.billed(scope, from, to);
        SpendPrices prices = ledger.prices();
        SpendLedger.Totals total = SpendLedger.Totals.ZERO;
        for (SpendLedger.Billed b : rows) {
            total = total.plus(b);
        }
        StringBuilder text = new StringBuilder(SpendTexts.heading(scopeLabel, DAYS, total, prices));
        if (rows.isEmpty()) {
            return text.append('\n').append(SpendTexts.nothing()).toString();
        }
        if (scope == null) {
            text.append('\n').append(SpendTexts.perCommunity());
            top(SpendLedger.by(rows, SpendLedger.Billed::communityId), text, SpendTexts::community, prices);
        } else {
            text.append('\n').append(SpendTexts.perUser());
            top(SpendLedger.by(rows, SpendLedger.Billed::user), text, UserKey::toString, prices);
        }
        text.append('\n').append(SpendTexts.perDay());
        List<Map.Entry<LocalDate, SpendLedger.Totals>> days = SpendLedger.byDay(rows, from, to).entrySet().stream()
                .filter(e -> e.getValue().videos() > 0)
                .sorted(Map.Entry.<LocalDate, SpendLedger.Totals>comparingByKey().reversed())
                .limit(MAX_DAYS_SHOWN)
                .toList();
        days.forEach(e -> text.append('\n').append(SpendTexts.line(SpendTexts.day(e.getKey()), e.getValue(), prices)));
        return text.toString();
    }

    private static <K> void top(Map<K, SpendLedger.Totals> sums, StringBuilder text,
            java.util.function.Function<K, String> name, SpendPrices prices) {
        sums.entrySet().stream().limit(MAX_ROWS)
                .forEach(e -> text.append('\n').append(SpendTexts.line(name.apply(e.getKey()), e.getValue(), prices)));
    }
}
