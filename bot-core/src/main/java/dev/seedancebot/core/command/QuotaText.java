package dev.seedancebot.core.command;

import static dev.seedancebot.core.i18n.Texts.t;
import static dev.seedancebot.core.i18n.Texts.tn;

import dev.seedancebot.core.quota.PriceTable;
import dev.seedancebot.core.quota.QuotaSnapshot;
import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.request.VideoOptions;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Renders a {@link QuotaSnapshot} for {@code /quota} and {@code /videomod usage}: same words on every platform. */
public final class QuotaText {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** The settings whose prices are listed: short and long clips at both resolutions. */
    private static final List<Example> EXAMPLES = List.of(new Example(5, Resolution.P480),
            new Example(5, Resolution.P720), new Example(10, Resolution.P720), new Example(15, Resolution.P720));

    private record Example(int seconds, Resolution resolution) {}

    private QuotaText() {}

    /**
     * The user's quota: what is left today and this month, what running videos hold, when the windows reset, and
     * what common choices cost.
     *
     * @param defaults the community's default options; the example prices use their audio setting
     * @param now for "resets in …"
     */
    public static String render(QuotaSnapshot quota, PriceTable prices, VideoOptions defaults, Instant now) {
        StringBuilder text = new StringBuilder();
        if (quota.policy().blocked()) {
            text.append(t("quota.show.blocked")).append('\n');
        }
        text.append(t("quota.show.today", "left", amount(quota.remainingToday()), "used", quota.usedToday(),
                "limit", limitSuffix(quota.policy().dailyLimit()))).append('\n');
        text.append(t("quota.show.month", "left", amount(quota.remainingMonth()), "used", quota.usedMonth(),
                "limit", limitSuffix(quota.policy().monthlyLimit()))).append('\n');
        if (quota.bonusRemaining() > 0) {
            text.append(t("quota.show.bonus", "bonus", quota.bonusRemaining())).append('\n');
        }
        if (quota.reservedCredits() > 0 || quota.runningTasks() > 0) {
            text.append(t("quota.show.held", "credits", tn("unit.credits", quota.reservedCredits()),
                    "videos", tn("unit.videos", quota.runningTasks()),
                    "atOnce", quota.policy().maxConcurrent() == 0 ? ""
                            : t("quota.show.atOnce", "max", quota.policy().maxConcurrent()))).append('\n');
        }
        if (quota.policy().communityDailyPool() > 0) {
            text.append(t("quota.show.pool", "used", quota.communityUsedToday(),
                    "pool", quota.policy().communityDailyPool())).append('\n');
        }
        text.append(t("quota.show.dailyReset", "when", when(quota.dailyResetsAt(), now))).append('\n');
        text.append(t("quota.show.monthlyReset", "when", when(quota.monthlyResetsAt(), now))).append('\n');
        text.append(t(defaults.generateAudio() ? "quota.show.pricesAudio" : "quota.show.pricesSilent",
                "prices", prices(prices, defaults))).append('\n');
        return text.toString().stripTrailing();
    }

    /** "5 s 480p: 5 · 5 s 720p: 10 · …" for the example settings. */
    public static String prices(PriceTable prices, VideoOptions defaults) {
        StringBuilder text = new StringBuilder();
        for (Example e : EXAMPLES) {
            long cost = prices.cost(defaults.withDuration(e.seconds()).withResolution(e.resolution()), 0);
            if (text.length() > 0) {
                text.append(" · ");
            }
            text.append(e.seconds()).append(" s ").append(e.resolution().wireName()).append(": ").append(cost);
        }
        return t("quota.show.priceList", "prices", text, "rate", rateText(prices.videoInputPerSecond()));
    }

    private static String rateText(double rate) {
        return BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
    }

    private static String amount(long credits) {
        return credits == Long.MAX_VALUE ? t("quota.show.unlimited") : tn("unit.credits", credits);
    }

    private static String limitSuffix(long limit) {
        return limit == 0 ? t("quota.show.noLimit") : t("quota.show.ofLimit", "limit", limit);
    }

    private static String when(Instant at, Instant now) {
        Duration left = Duration.between(now, at);
        if (left.isNegative()) {
            left = Duration.ZERO;
        }
        long days = left.toDays();
        long hours = left.toHoursPart();
        long minutes = left.toMinutesPart();
        String in = days > 0 ? t("time.daysHours", "days", days, "hours", hours)
                : hours > 0 ? t("time.hoursMinutes", "hours", hours, "minutes", minutes)
                : t("time.minutes", "minutes", Math.max(1, minutes));
        return t("time.in", "in", in, "at", UTC.format(at));
    }
}
