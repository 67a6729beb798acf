package dev.seedancebot.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.seedancebot.core.engine.queue.QueueSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code queue.model-unavailable-*} keys: when "model not found" alerts the operators, and when tasks fail. */
class QueueModelUnavailableConfigTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("bot.yml"), yaml);
    }

    @Test
    void load_keysUnset_alertAfterTenMinutesGiveUpAfterAnHour() throws IOException {
        QueueSettings queue = new ConfigLoader(Map.of()).load(file("")).queue();

        assertThat(queue.modelUnavailableAlertAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(queue.modelUnavailableGiveUpAfter()).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void load_giveUpShorterThanAlert_reportedWithItsKey() throws IOException {
        Path file = file("queue:\n  model-unavailable-alert-after: 30m\n  model-unavailable-give-up-after: 5m\n");

        Throwable thrown = catchThrowable(() -> new ConfigLoader(Map.of()).load(file));

        assertThat(thrown).isInstanceOf(ConfigException.class)
                .hasMessageContaining("queue.model-unavailable-give-up-after")
                .hasMessageContaining("must not be shorter");
    }
}
