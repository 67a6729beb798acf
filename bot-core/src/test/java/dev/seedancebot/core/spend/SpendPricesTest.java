package dev.seedancebot.core.spend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedancebot.core.request.Resolution;
import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class SpendPricesTest {
    private static final SpendPrices VOLCENGINE = new SpendPrices(Currency.getInstance("CNY"), new BigDecimal("23"),
            new BigDecimal("46"), new BigDecimal("25"), new BigDecimal("51"));

    @Test
    void money_byResolutionAndAudio_tokensTimesThePricePerMillion() {
        // anyfast's own example: 5 s at 720p bills 108,900 tokens
        assertThat(VOLCENGINE.money(108_900, Resolution.P720, false)).isEqualByComparingTo("5.0094");
        assertThat(VOLCENGINE.money(108_900, Resolution.P720, true)).isEqualByComparingTo("5.5539");
        assertThat(VOLCENGINE.money(50_638, Resolution.P480, false)).isEqualByComparingTo("1.164674");
        assertThat(VOLCENGINE.money(50_638, Resolution.P480, true)).isEqualByComparingTo("1.26595");
    }

    @Test
    void money_manySmallVideos_sumsExactlyAndRoundsOnlyWhenShown() {
        SpendPrices cheap = SpendPrices.flat(Currency.getInstance("USD"), new BigDecimal("0.01"));
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < 1000; i++) {
            sum = sum.add(cheap.money(400, Resolution.P480, false)); // 0.000004 each, 0.00 when rounded alone
        }

        assertThat(sum).isEqualByComparingTo("0.004");
        assertThat(cheap.format(new BigDecimal("1234.565"))).isEqualTo("USD 1,234.57");
        assertThat(SpendPrices.flat(Currency.getInstance("JPY"), BigDecimal.ONE).format(new BigDecimal("1234.5")))
                .isEqualTo("JPY 1,235");
    }

    @Test
    void prices_notSetOrNegative_notPricedOrRefused() {
        assertThat(SpendPrices.NOT_SET.isSet()).isFalse();
        assertThat(VOLCENGINE.isSet()).isTrue();
        assertThatThrownBy(() -> SpendPrices.flat(Currency.getInstance("USD"), new BigDecimal("-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
