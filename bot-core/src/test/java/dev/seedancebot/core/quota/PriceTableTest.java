package dev.seedancebot.core.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.request.VideoOptions;
import org.junit.jupiter.api.Test;

class PriceTableTest {

    private static final VideoOptions FIVE_SECONDS_720P = VideoOptions.DEFAULTS;

    @Test
    void cost_defaults720pFiveSeconds_isTenCredits() {
        assertThat(PriceTable.DEFAULTS.cost(FIVE_SECONDS_720P, 0)).isEqualTo(10);
    }

    @Test
    void cost_480p_usesItsRate() {
        VideoOptions options = FIVE_SECONDS_720P.withResolution(Resolution.P480).withDuration(8);

        assertThat(PriceTable.DEFAULTS.cost(options, 0)).isEqualTo(8);
    }

    @Test
    void cost_inputVideo_addsSurchargePerInputSecondRoundedUp() {
        assertThat(PriceTable.DEFAULTS.cost(FIVE_SECONDS_720P, 6.2)).isEqualTo(17);
    }

    @Test
    void cost_audioFactor_appliesToOutputOnlyWhenAudioIsGenerated() {
        PriceTable table = new PriceTable(1, 2, 1, 1.5);

        assertThat(table.cost(FIVE_SECONDS_720P, 4)).isEqualTo(19);
        assertThat(table.cost(FIVE_SECONDS_720P.withGenerateAudio(false), 4)).isEqualTo(14);
    }

    @Test
    void cost_fractionalRates_addedExactly() {
        PriceTable table = new PriceTable(1.1, 2, 0, 1.0);

        assertThat(table.cost(FIVE_SECONDS_720P.withResolution(Resolution.P480).withDuration(10), 0)).isEqualTo(11);
    }

    @Test
    void cost_negativeInputSeconds_throws() {
        assertThatThrownBy(() -> PriceTable.DEFAULTS.cost(FIVE_SECONDS_720P, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inputVideoSeconds");
    }

    @Test
    void new_negativeRate_throws() {
        assertThatThrownBy(() -> new PriceTable(-1, 2, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("perSecond480p must be a finite number >= 0, was -1.0");
    }
}
