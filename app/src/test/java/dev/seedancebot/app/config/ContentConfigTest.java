package dev.seedancebot.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code content.blocked-words}: the operator's list, checked like a moderator's entries. */
class ContentConfigTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("bot.yml"), yaml);
    }

    @Test
    void load_blockedWords_normalizedForTheCore() throws IOException {
        AppConfig config = new ConfigLoader(Map.of()).load(file("content:\n  blocked-words: [Gore, \"nud*\"]\n"));

        assertThat(config.blockedWords()).containsExactly("gore", "nud*");
        assertThat(new ConfigLoader(Map.of()).load(file("")).blockedWords()).isEmpty();
    }

    @Test
    void load_entryThatIsOnlyAStar_reportedWithTheFix() throws IOException {
        Path bad = file("content:\n  blocked-words: [gore, \"*\"]\n");

        Throwable thrown = catchThrowable(() -> new ConfigLoader(Map.of()).load(bad));

        assertThat(thrown).isInstanceOf(ConfigException.class).hasMessageContaining("content.blocked-words")
                .hasMessageContaining("Give a word");
    }
}
