package dev.seedancebot.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.seedancebot.core.seedance.SeedanceSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seedance keys for an Inactive asset's recheck window and a task's "not found" grace (issue 16). */
class SeedanceGraceConfigTest {
    @TempDir
    Path dir;

    private SeedanceSettings load(String yaml) throws IOException {
        AppConfig config = new ConfigLoader(Map.of()).load(Files.writeString(dir.resolve("bot.yml"), yaml));
        return config.seedance().settings("sk-test");
    }

    @Test
    void load_keysUnset_minuteForInactiveAssetsTenMinutesForUnknownTasks() throws IOException {
        SeedanceSettings settings = load("");

        assertThat(settings.assetInactiveTimeout()).isEqualTo(SeedanceSettings.DEFAULT_ASSET_INACTIVE_TIMEOUT);
        assertThat(settings.taskNotFoundGrace()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void load_keysSet_reachSeedanceSettings() throws IOException {
        SeedanceSettings settings = load("seedance:\n  asset-inactive-timeout: 2m\n  task-not-found-grace: 0s\n");

        assertThat(settings.assetInactiveTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.taskNotFoundGrace()).isZero();
    }

    @Test
    void load_graceOverADay_isReportedWithTheKey() throws IOException {
        Path file = Files.writeString(dir.resolve("bot.yml"), "seedance:\n  task-not-found-grace: 2d\n");

        Throwable thrown = catchThrowable(() -> new ConfigLoader(Map.of()).load(file));

        assertThat(thrown).isInstanceOf(ConfigException.class).hasMessageContaining("seedance.task-not-found-grace");
    }
}
