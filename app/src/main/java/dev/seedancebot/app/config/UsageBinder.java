package dev.seedancebot.app.config;

import dev.seedancebot.core.quota.PriceTable;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.request.AspectRatio;
import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.request.VideoOptions;
import java.time.DateTimeException;
import java.time.ZoneId;

/** Builds what a video is and costs: the {@code video:}, {@code quota:} and {@code prices:} sections. */
final class UsageBinder {
    private UsageBinder() {}

    static VideoOptions video(ValueReader r) {
        int seconds = r.integer("video.duration", VideoOptions.MIN_DURATION, VideoOptions.MAX_DURATION,
                "whole seconds");
        Resolution resolution = Resolution.parse(r.raw("video.resolution")).orElseGet(() -> {
            r.bad("video.resolution", "use 480p or 720p");
            return Resolution.P720;
        });
        AspectRatio ratio = AspectRatio.parse(r.raw("video.ratio")).orElseGet(() -> {
            r.bad("video.ratio", "use 16:9, 4:3, 1:1, 3:4, 9:16, 21:9 or adaptive");
            return AspectRatio.ADAPTIVE;
        });
        return VideoOptions.DEFAULTS.withDuration(seconds).withResolution(resolution).withRatio(ratio)
                .withGenerateAudio(r.bool("video.audio"));
    }

    static QuotaSettings quota(ValueReader r) {
        ZoneId zone = ZoneId.of("UTC");
        String rawZone = r.raw("quota.zone");
        try {
            zone = ZoneId.of(rawZone == null ? "" : rawZone.strip());
        } catch (DateTimeException e) {
            r.bad("quota.zone", "use a time-zone id such as UTC, Europe/Berlin or America/New_York");
        }
        String hint = "credits; 0 means unlimited";
        return new QuotaSettings(zone,
                r.number("quota.daily-limit", 0, Long.MAX_VALUE, hint),
                r.number("quota.monthly-limit", 0, Long.MAX_VALUE, hint),
                r.integer("quota.max-concurrent", 0, 1000, "tasks at once per user; 0 means unlimited"),
                r.number("quota.community-daily-pool", 0, Long.MAX_VALUE, hint));
    }

    static PriceTable prices(ValueReader r) {
        String hint = "credits per second, fractions allowed";
        return new PriceTable(
                r.decimal("prices.per-second-480p", hint),
                r.decimal("prices.per-second-720p", hint),
                r.decimal("prices.video-input-per-second", hint),
                r.decimal("prices.audio-factor", "a multiplier; 1.0 means audio costs nothing extra"));
    }
}
