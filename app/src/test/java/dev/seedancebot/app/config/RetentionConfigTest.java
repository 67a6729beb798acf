package dev.seedancebot.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.seedancebot.core.engine.RetentionSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retention and disk-floor keys of the storage section. */
class RetentionConfigTest {
    @TempDir
    Path dir;

    private RetentionSettings load(String yaml) throws IOException {
        AppConfig config = new ConfigLoader(Map.of()).load(Files.writeString(dir.resolve("bot.yml"), yaml));
        return config.engine().retention();
    }

    @Test
    void load_keysUnset_weekForFilesQuarterForRowsOneGigabyteFloor() throws IOException {
        assertThat(load("")).isEqualTo(RetentionSettings.DEFAULTS);
    }

    @Test
    void load_keysSet_reachEngineSettings() throws IOException {
        RetentionSettings settings =
                load("storage:\n  keep-task-files: 2d\n  keep-task-rows: 30d\n  min-free-disk: 0\n");

        assertThat(settings.keepTaskFiles()).isEqualTo(Duration.ofDays(2));
        assertThat(settings.keepTaskRows()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.minFreeDiskBytes()).isZero();
    }

    @Test
    void load_rowsKeptShorterThanFilesAndBadFloor_reportsBoth() throws IOException {
        Path file = Files.writeString(dir.resolve("bot.yml"),
                "storage:\n  keep-task-files: 30d\n  keep-task-rows: 7d\n  min-free-disk: lots\n");

        Throwable thrown = catchThrowable(() -> new ConfigLoader(Map.of()).load(file));

        assertThat(thrown).isInstanceOf(ConfigException.class)
                .hasMessageContaining("storage.keep-task-rows")
                .hasMessageContaining("storage.min-free-disk");
    }
}
