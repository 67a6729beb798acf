package dev.seedancebot.core.seedance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SeedanceSettingsTest {

    @Test
    void defaults_pointAtAnyfastAndMini() {
        SeedanceSettings settings = SeedanceSettings.defaults("key");

        assertThat(settings.baseUrl()).isEqualTo("https://www.anyfast.ai");
        assertThat(settings.model()).isEqualTo("seedance-2.0-mini");
        assertThat(settings.assetGroupId()).isNull();
        assertThat(settings.maxCreateAttempts()).isEqualTo(3);
    }

    @Test
    void constructor_trailingSlashAndBlankGroup_areNormalised() {
        SeedanceSettings settings = SeedanceSettings.defaults("key").withBaseUrl("http://127.0.0.1:8089/")
                .withAssetGroupId(" ");

        assertThat(settings.baseUrl()).isEqualTo("http://127.0.0.1:8089");
        assertThat(settings.assetGroupId()).isNull();
    }

    @Test
    void constructor_invalidValues_areRejectedWithTheFieldName() {
        SeedanceSettings valid = SeedanceSettings.defaults("key");

        assertThatIllegalArgumentException().isThrownBy(() -> valid.withBaseUrl("ftp://example.com"))
                .withMessageContaining("baseUrl");
        assertThatIllegalArgumentException().isThrownBy(() -> SeedanceSettings.defaults(" "))
                .withMessageContaining("apiKey");
        assertThatIllegalArgumentException().isThrownBy(() -> valid.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .withMessageContaining("connectTimeout");
    }
}
