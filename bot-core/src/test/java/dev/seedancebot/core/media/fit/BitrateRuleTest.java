package dev.seedancebot.core.media.fit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BitrateRuleTest {
    private static final long TEN_MIB = 10L * 1024 * 1024;

    @Test
    void first_fifteenSecondsInTenMib_aboutFiveMegabitsLessAudio() {
        long bps = BitrateRule.first(TEN_MIB, 15).orElseThrow();

        // (10 MiB × 0.9 − 64 KiB) × 8 / 15 s − 96 kbit/s
        assertThat(bps).isBetween(4_900_000L, 4_950_000L);
        assertThat((bps + BitrateRule.AUDIO_BPS) * 15 / 8 + BitrateRule.CONTAINER_BYTES).isLessThan(TEN_MIB);
    }

    @Test
    void first_budgetBelowTheFloor_empty() {
        assertThat(BitrateRule.first(200_000, 15)).isEmpty();
        assertThat(BitrateRule.first(TEN_MIB, 0)).isEmpty();
    }

    @Test
    void retry_nearMiss_sameSizeScaledDownByTheMissAndTenPercent() {
        BitrateRule.Try retry = BitrateRule.retry(4_000_000, 0, (long) (TEN_MIB * 1.08), TEN_MIB, 720)
                .orElseThrow();

        assertThat(retry.videoBps()).isBetween(2_999_000L, 3_001_000L); // 4 Mbit/s ÷ (1.08 ÷ 0.9) × 0.9
        assertThat(retry.height()).isZero();
    }

    @Test
    void retry_farMissOn720p_sameRateAt480p() {
        BitrateRule.Try retry = BitrateRule.retry(14_000_000, 0, TEN_MIB * 2, TEN_MIB, 720).orElseThrow();

        assertThat(retry).isEqualTo(new BitrateRule.Try(12_600_000, 480));
    }

    @Test
    void retry_farMissAlreadyAt480p_lowerRateOrNone() {
        assertThat(BitrateRule.retry(1_000_000, 480, TEN_MIB * 2, TEN_MIB, 720).orElseThrow().height())
                .isEqualTo(480);
        assertThat(BitrateRule.retry(200_000, 480, TEN_MIB * 3, TEN_MIB, 720)).isEmpty();
    }

    @Test
    void targetHeight_lowBitrateOn720p_scalesTo480() {
        assertThat(BitrateRule.targetHeight(800_000, 720)).isEqualTo(480);
        assertThat(BitrateRule.targetHeight(800_000, 480)).isZero();
        assertThat(BitrateRule.targetHeight(3_000_000, 720)).isZero();
    }
}
