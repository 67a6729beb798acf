package dev.seedancebot.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.EffectivePolicy;
import dev.seedancebot.core.quota.PriceTable;
import dev.seedancebot.core.quota.QuotaSnapshot;
import dev.seedancebot.core.request.VideoOptions;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuotaTextTest {
    private static final Instant NOW = Instant.parse("2026-05-07T20:30:00Z");
    private static final UserKey USER = new UserKey(Platform.TELEGRAM, "42");

    private static QuotaSnapshot snapshot(EffectivePolicy policy, long remainingToday, long remainingMonth) {
        return new QuotaSnapshot(USER, "-100", policy, 25, 125, 10, 1, 5, remainingToday, remainingMonth, 40,
                Instant.parse("2026-05-08T00:00:00Z"), Instant.parse("2026-06-01T00:00:00Z"));
    }

    @Test
    void render_limitedUser_showsRemainingReservedResetsAndPrices() {
        QuotaSnapshot quota = snapshot(new EffectivePolicy(60, 600, 2, 200, false), 40, 480);

        String text = QuotaText.render(quota, PriceTable.DEFAULTS, VideoOptions.DEFAULTS, NOW);

        assertThat(text).contains(
                "Left today: 40 credits (used 25 of 60)",
                "Left this month: 480 credits (used 125 of 600)",
                "Bonus credits: 5",
                "Held by running videos: 10 credits in 1 video (at most 2 at once)",
                "Group pool today: 40 of 200 credits used",
                "Daily credits reset in 3 h 30 min (2026-05-08 00:00 UTC)",
                "Monthly credits reset in 24 d 3 h (2026-06-01 00:00 UTC)",
                "5 s 480p: 5 · 5 s 720p: 10 · 10 s 720p: 20 · 15 s 720p: 30 credits");
    }

    @Test
    void render_unlimitedUser_saysUnlimited() {
        QuotaSnapshot quota = snapshot(new EffectivePolicy(0, 0, 0, 0, false), Long.MAX_VALUE, Long.MAX_VALUE);

        String text = QuotaText.render(quota, PriceTable.DEFAULTS, VideoOptions.DEFAULTS, NOW);

        assertThat(text).contains("Left today: unlimited (used 25, no limit)").doesNotContain("Group pool");
    }

    @Test
    void render_blockedUser_saysBlockedFirst() {
        QuotaSnapshot quota = snapshot(new EffectivePolicy(60, 600, 2, 0, true), 0, 0);

        assertThat(QuotaText.render(quota, PriceTable.DEFAULTS, VideoOptions.DEFAULTS, NOW)).startsWith("Blocked");
    }
}
