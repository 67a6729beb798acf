package dev.seedancebot.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String TELEGRAM_TOKEN = "123456789:FAKEtestTokenForLoopbackFakesOnly01";

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("seedance-bot.yml"), yaml);
    }

    private static ConfigException failure(Map<String, String> env, Path file) {
        try {
            new ConfigLoader(env).load(file);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void load_emptyFile_usesDefaultsForEverything() throws IOException {
        AppConfig config = new ConfigLoader(Map.of()).load(file(""));

        assertThat(config.seedance().baseUrl()).isEqualTo("https://www.anyfast.ai");
        assertThat(config.seedance().apiKey()).isNull();
        assertThat(config.discord().enabled()).isFalse();
        assertThat(config.telegram().enabled()).isFalse();
        assertThat(config.storage().dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.storage().effectiveJdbcUrl()).startsWith("jdbc:h2:file:");
        assertThat(config.engine().pollInterval()).isEqualTo(Duration.ofSeconds(12));
        assertThat(config.engine().maxResultBytes()).isEqualTo(500L * 1024 * 1024);
        assertThat(config.quota().defaultDailyLimit()).isEqualTo(60);
        assertThat(config.prices().perSecond720p()).isEqualTo(2.0);
        assertThat(config.ops().httpPort()).isEqualTo(8080);
        assertThat(config.video().durationSeconds()).isEqualTo(5);
    }

    @Test
    void load_unknownKeyWithTypo_namesKeyAndSuggestsTheRightOne() throws IOException {
        ConfigException e = failure(Map.of(), file("quota:\n  daly-limit: 10\n"));

        assertThat(e.problems()).containsExactly(
                "unknown key 'quota.daly-limit'; did you mean 'quota.daily-limit'?");
        assertThat(e.getMessage()).contains(dir.toString());
    }

    @Test
    void load_keyInWrongSection_suggestsTheSectionThatHasIt() throws IOException {
        ConfigException e = failure(Map.of(), file("quota:\n  per-second-720p: 3\n"));

        assertThat(e.problems()).singleElement().asString().contains("did you mean 'prices.per-second-720p'?");
    }

    @Test
    void load_unknownSection_isReported() throws IOException {
        ConfigException e = failure(Map.of(), file("telegramm:\n  token: x\n"));

        assertThat(e.problems()).containsExactly("unknown section 'telegramm'; did you mean 'telegram'?");
    }

    @Test
    void load_severalBadValues_reportsEachWithKeyValueAndFix() throws IOException {
        ConfigException e = failure(Map.of(), file("""
                engine:
                  poll-interval: soon
                  workers: 0
                quota:
                  daily-limit: ten
                  zone: Mars/Olympus
                ops:
                  http-port: 70000
                logging:
                  format: xml
                video:
                  ratio: 5:4
                """));

        assertThat(e.problems()).hasSize(7);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .isEqualTo("engine.poll-interval = 'soon' (the file) is not valid: use a number with a unit: ms, s,"
                        + " m, h or d (e.g. 30s, 5m, 24h)"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("engine.workers = '0' (the file) is not valid: use a whole number from 1 to 256"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("quota.daily-limit = 'ten' (the file) is not valid: use a whole number"));
        assertThat(e.problems())
                .anySatisfy(p -> assertThat(p).contains("quota.zone = 'Mars/Olympus'", "Europe/Berlin"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("ops.http-port = '70000'", "0 to turn"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("logging.format = 'xml'", "text, json"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("video.ratio = '5:4'", "9:16"));
    }

    @Test
    void load_unknownKeyAndBadValue_areReportedTogether() throws IOException {
        ConfigException e = failure(Map.of(), file("quota:\n  daly-limit: 10\n  monthly-limit: -1\n"));

        assertThat(e.problems()).hasSize(2);
        assertThat(e.getMessage()).startsWith("2 configuration errors").contains("quota.daly-limit",
                "quota.monthly-limit = '-1'");
    }

    @Test
    void load_invalidYaml_namesLine() throws IOException {
        ConfigException e = failure(Map.of(), file("quota:\n  daily-limit: [1,\n"));

        assertThat(e.getMessage()).contains("not valid YAML at line");
    }

    @Test
    void load_missingFile_saysHowToCreateIt() {
        ConfigException e = failure(Map.of(), dir.resolve("nope.yml"));

        assertThat(e.getMessage()).contains("does not exist", "seedance-bot.example.yml");
    }

    @Test
    void load_genericEnvVariable_overridesTheFile() throws IOException {
        AppConfig config = new ConfigLoader(Map.of("SEEDANCE_BOT_QUOTA_DAILY_LIMIT", "100",
                "SEEDANCE_BOT_ENGINE_POLL_INTERVAL", "20s"))
                .load(file("quota:\n  daily-limit: 10\n"));

        assertThat(config.quota().defaultDailyLimit()).isEqualTo(100);
        assertThat(config.engine().pollInterval()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void load_badEnvValue_namesTheVariable() throws IOException {
        ConfigException e = failure(Map.of("SEEDANCE_BOT_QUOTA_DAILY_LIMIT", "lots"), file(""));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("quota.daily-limit = 'lots' (environment variable SEEDANCE_BOT_QUOTA_DAILY_LIMIT)");
    }

    @Test
    void load_misspelledEnvVariable_isReportedWithSuggestion() throws IOException {
        ConfigException e = failure(Map.of("SEEDANCE_BOT_QUOTA_DAILY_LIMT", "5"), file(""));

        assertThat(e.problems()).containsExactly("environment variable SEEDANCE_BOT_QUOTA_DAILY_LIMT matches no key;"
                + " did you mean 'SEEDANCE_BOT_QUOTA_DAILY_LIMIT'?");
    }

    @Test
    void load_wellKnownSecretVariables_win() throws IOException {
        AppConfig config = new ConfigLoader(Map.of("SEEDANCE_API_KEY", "sk-env", "DISCORD_TOKEN", "discord-env",
                "TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN, "SEEDANCE_BASE_URL", "http://127.0.0.1:9"))
                .load(file("seedance:\n  api-key: sk-file\n"));

        assertThat(config.seedance().apiKey()).isEqualTo("sk-env");
        assertThat(config.seedance().baseUrl()).isEqualTo("http://127.0.0.1:9");
        assertThat(config.discord().token()).isEqualTo("discord-env");
        assertThat(config.telegram().token()).isEqualTo(TELEGRAM_TOKEN);
        assertThat(config.secrets()).containsExactlyInAnyOrder("sk-env", "discord-env", TELEGRAM_TOKEN);
        assertThat(config.toString()).doesNotContain("sk-env", "discord-env", TELEGRAM_TOKEN);
    }

    @Test
    void load_secretFileVariable_readsTheFile() throws IOException {
        Path secret = Files.writeString(dir.resolve("key"), "sk-from-file\n");

        AppConfig config = new ConfigLoader(Map.of("SEEDANCE_API_KEY_FILE", secret.toString())).load(file(""));

        assertThat(config.seedance().apiKey()).isEqualTo("sk-from-file");
    }

    @Test
    void load_secretFileMissing_namesKeyAndFix() throws IOException {
        ConfigException e = failure(Map.of("DISCORD_TOKEN_FILE", dir.resolve("missing").toString()), file(""));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("discord.token-file = '" + dir.resolve("missing") + "' (environment variable"
                        + " DISCORD_TOKEN_FILE) is not valid: the file cannot be read");
    }

    @Test
    void load_secretAndSecretFileBoth_reportsTheConflict() throws IOException {
        ConfigException e = failure(Map.of("SEEDANCE_API_KEY", "sk-a"),
                file("seedance:\n  api-key-file: /run/secrets/key\n"));

        assertThat(e.problems()).singleElement().asString()
                .contains("seedance.api-key is set (environment variable SEEDANCE_API_KEY) and so is"
                        + " seedance.api-key-file (the file); keep only one");
    }

    @Test
    void load_envReferenceInValue_isReplaced() throws IOException {
        AppConfig config = new ConfigLoader(Map.of("MY_TG", TELEGRAM_TOKEN))
                .load(file("telegram:\n  token: ${MY_TG}\nstorage:\n  data-dir: ${STATE_DIR:-/var/lib/bot}\n"));

        assertThat(config.telegram().token()).isEqualTo(TELEGRAM_TOKEN);
        assertThat(config.storage().dataDir()).isEqualTo(Path.of("/var/lib/bot"));
    }

    @Test
    void load_envReferenceUnset_saysWhichVariable() throws IOException {
        ConfigException e = failure(Map.of(), file("discord:\n  token: ${DISCORD_BOT_TOKEN}\n"));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("discord.token refers to ${DISCORD_BOT_TOKEN}, but that environment variable is not set");
    }

    @Test
    void load_malformedTelegramToken_neverEchoesTheSecret() throws IOException {
        ConfigException e = failure(Map.of("TELEGRAM_BOT_TOKEN", "not-a-real-token-value"), file(""));

        assertThat(e.getMessage()).contains("telegram.token does not look like a bot token", "@BotFather")
                .doesNotContain("not-a-real-token-value");
    }

    @Test
    void load_idLists_acceptYamlListsAndCommaSeparatedEnv() throws IOException {
        AppConfig config = new ConfigLoader(Map.of("SEEDANCE_BOT_TELEGRAM_OPERATOR_IDS", "11, 22"))
                .load(file("discord:\n  command-guild-ids: [123, 456]\n"));

        assertThat(config.discord().commandGuildIds()).containsExactly("123", "456");
        assertThat(config.trust().operators()).containsExactlyInAnyOrder(new UserKey(Platform.TELEGRAM, "11"),
                new UserKey(Platform.TELEGRAM, "22"));
    }

    @Test
    void exampleFile_documentsEveryKeyAndLoadsCleanly() throws IOException {
        Path example = Path.of("..", "config", "seedance-bot.example.yml");
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(example.toFile());
        List<String> documented = new ArrayList<>();
        root.fields().forEachRemaining(section -> section.getValue().fieldNames()
                .forEachRemaining(key -> documented.add(section.getKey() + "." + key)));

        assertThat(documented).containsExactlyInAnyOrderElementsOf(ConfigLoader.knownKeys());
        assertThat(new ConfigLoader(Map.of()).load(example).quota().defaultDailyLimit()).isEqualTo(60);
    }
}
