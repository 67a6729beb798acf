package dev.seedancebot.core.command;

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
            text.append("Blocked: this account may not make videos here. Ask a moderator.\n");
        }
        text.append("Left today: ").append(amount(quota.remainingToday()))
                .append(" (used ").append(quota.usedToday()).append(limitSuffix(quota.policy().dailyLimit()))
                .append(")\n");
        text.append("Left this month: ").append(amount(quota.remainingMonth()))
                .append(" (used ").append(quota.usedMonth()).append(limitSuffix(quota.policy().monthlyLimit()))
                .append(")\n");
        if (quota.bonusRemaining() > 0) {
            text.append("Bonus credits: ").append(quota.bonusRemaining()).append(" (included above)\n");
        }
        if (quota.reservedCredits() > 0 || quota.runningTasks() > 0) {
            text.append("Held by running videos: ").append(quota.reservedCredits()).append(" credits in ")
                    .append(quota.runningTasks()).append(quota.runningTasks() == 1 ? " video" : " videos")
                    .append(quota.policy().maxConcurrent() == 0 ? "" : " (at most " + quota.policy().maxConcurrent()
                            + " at once)")
                    .append('\n');
        }
        if (quota.policy().communityDailyPool() > 0) {
            text.append("Group pool today: ").append(quota.communityUsedToday()).append(" of ")
                    .append(quota.policy().communityDailyPool()).append(" credits used\n");
        }
        text.append("Daily credits reset ").append(when(quota.dailyResetsAt(), now)).append('\n');
        text.append("Monthly credits reset ").append(when(quota.monthlyResetsAt(), now)).append('\n');
        text.append("Prices").append(defaults.generateAudio() ? " (with audio)" : " (silent)").append(": ")
                .append(prices(prices, defaults)).append('\n');
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
        return text.append(" credits; input videos add ").append(rateText(prices.videoInputPerSecond()))
                .append("/s").toString();
    }

    private static String rateText(double rate) {
        return BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
    }

    private static String amount(long credits) {
        return credits == Long.MAX_VALUE ? "unlimited" : credits + (credits == 1 ? " credit" : " credits");
    }

    private static String limitSuffix(long limit) {
        return limit == 0 ? ", no limit" : " of " + limit;
    }

    private static String when(Instant at, Instant now) {
        Duration left = Duration.between(now, at);
        if (left.isNegative()) {
            left = Duration.ZERO;
        }
        long days = left.toDays();
        long hours = left.toHoursPart();
        long minutes = left.toMinutesPart();
        String in = days > 0 ? days + " d " + hours + " h" : hours > 0 ? hours + " h " + minutes + " min"
                : Math.max(1, minutes) + " min";
        return "in " + in + " (" + UTC.format(at) + ")";
    }
}
