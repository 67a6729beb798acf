package dev.seedancebot.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.spend.SpendPrices;
import dev.seedancebot.core.spend.SpendSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code spend:} keys: the provider's price in money, the daily spend alert and the alert interval. */
class SpendConfigTest {
    @TempDir
    Path dir;

    private AppConfig load(String yaml) throws IOException {
        return new ConfigLoader(Map.of()).load(Files.writeString(dir.resolve("bot.yml"), yaml));
    }

    @Test
    void load_keysUnset_notPricedNoDailyAlertHourlyAlerts() throws IOException {
        SpendSettings spend = load("").spend();

        assertThat(spend.prices().isSet()).isFalse();
        assertThat(spend.dailyAlertOn()).isFalse();
        assertThat(spend.alertInterval()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void load_pricesPerResolution_audioFallsBackToThePlainPriceUnlessSet() throws IOException {
        SpendSettings spend = load("""
                spend:
                  currency: cny
                  per-million-tokens-480p: 23
                  per-million-tokens-720p: 46
                  per-million-tokens-720p-audio: 51.5
                  daily-alert: 300
                  alert-interval: 15m
                """).spend();

        SpendPrices prices = spend.prices();
        assertThat(prices.currency().getCurrencyCode()).isEqualTo("CNY");
        assertThat(prices.perMillion(Resolution.P480, true)).isEqualByComparingTo("23");
        assertThat(prices.perMillion(Resolution.P720, false)).isEqualByComparingTo("46");
        assertThat(prices.perMillion(Resolution.P720, true)).isEqualByComparingTo("51.5");
        assertThat(spend.dailyAlert()).isEqualByComparingTo("300");
        assertThat(spend.dailyAlertOn()).isTrue();
        assertThat(spend.alertInterval()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void load_badCurrencyAndNegativePrice_eachReportedWithItsKey() throws IOException {
        Path file = Files.writeString(dir.resolve("bot.yml"),
                "spend:\n  currency: dollars\n  per-million-tokens-480p: -1\n");

        Throwable thrown = catchThrowable(() -> new ConfigLoader(Map.of()).load(file));

        assertThat(thrown).isInstanceOf(ConfigException.class)
                .hasMessageContaining("spend.currency")
                .hasMessageContaining("ISO 4217")
                .hasMessageContaining("spend.per-million-tokens-480p");
    }

    @Test
    void load_dailyAlertWithoutAPrice_warnsThatItNeverFires() throws IOException {
        AppConfig config = load("spend:\n  daily-alert: 50\n");

        assertThat(config.warnings()).anyMatch(w -> w.contains("spend.daily-alert") && w.contains("never fires"));
    }
}
