package dev.seedancebot.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedancebot.discord.DiscordSettings;
import dev.seedancebot.discord.DiscordSettings.Sharding;
import dev.seedancebot.telegram.TelegramSettings.Receiver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys for running several instances: cluster identity, Discord shards, Telegram receivers. */
class ScaleOutConfigTest {
    private static final String PG = "storage:\n  jdbc-url: jdbc:postgresql://db:5432/seedance\n";
    private static final String SECRET = "s3cr3t_Webhook-token";

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("seedance-bot.yml"), yaml);
    }

    private AppConfig load(Map<String, String> env, String yaml) throws IOException {
        return new ConfigLoader(env).load(file(yaml));
    }

    private ConfigException failure(Map<String, String> env, String yaml) throws IOException {
        Path path = file(yaml);
        ConfigLoader loader = new ConfigLoader(env);
        return (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> loader.load(path));
    }

    @Test
    void load_scaleOutKeysUnset_singleInstanceDefaults() throws IOException {
        AppConfig config = load(Map.of(), "");

        assertThat(config.storage().cluster().instanceId()).isNotBlank().hasSizeLessThanOrEqualTo(64);
        assertThat(config.storage().cluster().leaseDuration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.storage().isShared()).isFalse();
        assertThat(config.discord().restBaseUrl()).isEqualTo(DiscordSettings.DEFAULT_REST_BASE_URL);
        assertThat(config.discord().gatewayUrl()).isNull();
        assertThat(config.discord().gatewayCompression()).isTrue();
        assertThat(config.discord().sharding()).isEqualTo(Sharding.RECOMMENDED);
        assertThat(config.telegram().receiver()).isEqualTo(Receiver.polling());
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void load_instanceIdUnset_isRandomPerLoad() throws IOException {
        String first = load(Map.of(), "").storage().cluster().instanceId();
        String second = load(Map.of(), "").storage().cluster().instanceId();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void load_instanceIdFromHostnameReference_usesIt() throws IOException {
        AppConfig config = load(Map.of("HOSTNAME", "bot-a.example.com"),
                "storage:\n  instance-id: ${HOSTNAME:-}\n  lease: 30s\n");

        assertThat(config.storage().cluster().instanceId()).isEqualTo("bot-a.example.com");
        assertThat(config.storage().cluster().leaseDuration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void load_instanceIdWithSpacesAndLeaseTooShort_reportsBothWithFix() throws IOException {
        ConfigException e = failure(Map.of("SEEDANCE_BOT_STORAGE_LEASE", "500ms"),
                "storage:\n  instance-id: bot a\n");

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "storage.lease = '500ms' (environment variable SEEDANCE_BOT_STORAGE_LEASE) is not valid: use at least"
                        + " 2s",
                "storage.instance-id = 'bot a' (the file) is not valid: use 1-64 characters of A-Z a-z 0-9 . _ - that"
                        + " no other running instance uses, such as the host name (instance-id: ${HOSTNAME:-} falls"
                        + " back to a random id), or remove the key for a random id");
    }

    @Test
    void load_discordUrls_trailingSlashAddedAndGatewayKept() throws IOException {
        AppConfig config = load(Map.of("SEEDANCE_BOT_DISCORD_GATEWAY_URL", "ws://127.0.0.1:9999/"),
                "discord:\n  rest-url: http://proxy:8080/api/v10\n  gateway-compression: false\n");

        assertThat(config.discord().restBaseUrl()).isEqualTo("http://proxy:8080/api/v10/");
        assertThat(config.discord().gatewayUrl()).isEqualTo("ws://127.0.0.1:9999/");
        assertThat(config.discord().gatewayCompression()).isFalse();
    }

    @Test
    void load_gatewayUrlNotWebSocket_namesKeyAndFix() throws IOException {
        ConfigException e = failure(Map.of(), "discord:\n  gateway-url: https://gateway.discord.gg\n");

        assertThat(e.problems()).singleElement().asString()
                .startsWith("discord.gateway-url = 'https://gateway.discord.gg' (the file) is not valid:")
                .contains("ws:// or wss://");
    }

    @Test
    void load_shardsTotalWithoutRange_runsAllShardsHereEvenOnH2() throws IOException {
        AppConfig config = load(Map.of(), "discord:\n  shards-total: 4\n");

        assertThat(config.discord().sharding()).isEqualTo(Sharding.all(4));
    }

    @Test
    void load_shardRangeOnPostgres_buildsTheRange() throws IOException {
        AppConfig config = load(Map.of("SEEDANCE_BOT_DISCORD_SHARD_MIN", "2", "SEEDANCE_BOT_DISCORD_SHARD_MAX", "3"),
                PG + "discord:\n  shards-total: 4\n");

        assertThat(config.discord().sharding()).isEqualTo(Sharding.range(4, 2, 3));
        assertThat(config.storage().isShared()).isTrue();
    }

    @Test
    void load_shardMinWithoutMax_asksForBoth() throws IOException {
        ConfigException e = failure(Map.of(), PG + "discord:\n  shards-total: 4\n  shard-min: 2\n");

        assertThat(e.problems()).containsExactly("discord.shard-min = 2 (the file) is set but discord.shard-max is"
                + " not: set both (this instance runs shards shard-min..shard-max) or neither (it runs all shards)");
    }

    @Test
    void load_shardRangeWithoutTotal_asksForTheSharedTotal() throws IOException {
        ConfigException e = failure(Map.of(), PG + "discord:\n  shard-min: 0\n  shard-max: 1\n");

        assertThat(e.problems()).singleElement().asString()
                .startsWith("discord.shard-min..shard-max = 0..1 needs discord.shards-total")
                .contains("shards-total: 2");
    }

    @Test
    void load_shardMaxNotBelowTotal_reportsTheValidRange() throws IOException {
        ConfigException e = failure(Map.of(), PG + "discord:\n  shards-total: 4\n  shard-min: 2\n  shard-max: 4\n");

        assertThat(e.problems()).singleElement().asString()
                .startsWith("discord.shard-min..shard-max = 2..4 of discord.shards-total = 4 is not a valid range")
                .contains("0 <= shard-min <= shard-max < shards-total");
    }

    @Test
    void load_shardRangeOnEmbeddedH2_refusedWithPostgresHint() throws IOException {
        ConfigException e = failure(Map.of(), "discord:\n  shards-total: 4\n  shard-min: 0\n  shard-max: 1\n");

        assertThat(e.problems()).singleElement().asString()
                .startsWith("discord.shard-min..shard-max = 0..1 of 4 leaves the other shards to other instances")
                .contains("storage.jdbc-url", "PostgreSQL", "remove shard-min and shard-max");
    }

    @Test
    void load_shardMinNotANumber_namesKey() throws IOException {
        ConfigException e = failure(Map.of(), PG + "discord:\n  shards-total: 4\n  shard-min: first\n"
                + "  shard-max: 1\n");

        assertThat(e.problems()).containsExactly("discord.shard-min = 'first' (the file) is not valid: use a whole"
                + " number from 0 to 65534 (the lowest shard id this instance runs)");
    }

    @Test
    void load_electedPollingOnPostgres_noWarning() throws IOException {
        AppConfig config = load(Map.of(), PG + "telegram:\n  receiver: elected-polling\n  election-interval: 2s\n");

        assertThat(config.telegram().receiver()).isEqualTo(Receiver.electedPolling(Duration.ofSeconds(2)));
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void load_electedPollingOnH2_warnsButLoads() throws IOException {
        AppConfig config = load(Map.of(), "telegram:\n  receiver: ELECTED-POLLING\n");

        assertThat(config.telegram().receiver().mode()).isEqualTo(Receiver.Mode.ELECTED_POLLING);
        assertThat(config.warnings()).singleElement().asString()
                .startsWith("telegram.receiver = elected-polling without a PostgreSQL database");
    }

    @Test
    void load_unknownReceiver_listsTheModes() throws IOException {
        ConfigException e = failure(Map.of(), "telegram:\n  receiver: long-polling\n");

        assertThat(e.problems()).singleElement().asString()
                .startsWith("telegram.receiver = 'long-polling' (the file) is not valid: use polling")
                .contains("elected-polling", "webhook");
    }

    @Test
    void load_webhookComplete_buildsTheReceiverAndRegistersTheSecretForMasking() throws IOException {
        AppConfig config = load(Map.of("TELEGRAM_WEBHOOK_SECRET", SECRET), "telegram:\n  receiver: webhook\n"
                + "  webhook-url: https://bot.example.com/telegram/hook\n  webhook-listen: 127.0.0.1:9443\n");

        Receiver receiver = config.telegram().receiver();
        assertThat(receiver.mode()).isEqualTo(Receiver.Mode.WEBHOOK);
        assertThat(receiver.webhookUrl()).isEqualTo(URI.create("https://bot.example.com/telegram/hook"));
        assertThat(receiver.webhookSecret()).isEqualTo(SECRET);
        assertThat(receiver.webhookListen()).isEqualTo(new InetSocketAddress("127.0.0.1", 9443));
        assertThat(config.secrets()).contains(SECRET);
        assertThat(config.toString()).doesNotContain(SECRET);
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void load_webhookListenBarePort_listensOnEveryInterface() throws IOException {
        AppConfig config = load(Map.of("TELEGRAM_WEBHOOK_SECRET", SECRET), "telegram:\n  receiver: webhook\n"
                + "  webhook-url: https://bot.example.com/hook\n  webhook-listen: 8443\n");

        assertThat(config.telegram().receiver().webhookListen()).isEqualTo(new InetSocketAddress("0.0.0.0", 8443));
    }

    @Test
    void load_webhookSecretFromFile_isRead() throws IOException {
        Path secretFile = Files.writeString(dir.resolve("hook-secret"), SECRET + "\n");

        AppConfig config = load(Map.of("TELEGRAM_WEBHOOK_SECRET_FILE", secretFile.toString()),
                "telegram:\n  receiver: webhook\n  webhook-url: https://bot.example.com/hook\n");

        assertThat(config.telegram().receiver().webhookSecret()).isEqualTo(SECRET);
        assertThat(config.telegram().receiver().webhookListen()).isEqualTo(new InetSocketAddress("0.0.0.0", 8443));
    }

    @Test
    void load_webhookWithoutUrlAndSecret_saysHowToSetBoth() throws IOException {
        ConfigException e = failure(Map.of(), "telegram:\n  receiver: webhook\n");

        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0)).startsWith("telegram.webhook-url is required with telegram.receiver ="
                + " webhook").contains("https://");
        assertThat(e.problems().get(1)).startsWith("telegram.webhook-secret is required with telegram.receiver ="
                + " webhook").contains("TELEGRAM_WEBHOOK_SECRET", "openssl rand -hex 32");
    }

    @Test
    void load_webhookSecretWithBadCharacters_neverEchoesTheSecret() throws IOException {
        String bad = "has spaces and $ymbols";
        ConfigException e = failure(Map.of("TELEGRAM_WEBHOOK_SECRET", bad),
                "telegram:\n  receiver: webhook\n  webhook-url: https://bot.example.com/hook\n");

        assertThat(e.problems()).singleElement().asString()
                .startsWith("telegram.webhook-secret (environment variable TELEGRAM_WEBHOOK_SECRET) does not hold a"
                        + " valid webhook secret")
                .doesNotContain(bad);
        assertThat(e.getMessage()).doesNotContain(bad);
    }

    @Test
    void load_webhookUrlPlainHttpOnPublicHost_refused() throws IOException {
        ConfigException e = failure(Map.of("TELEGRAM_WEBHOOK_SECRET", SECRET),
                "telegram:\n  receiver: webhook\n  webhook-url: http://bot.example.com/hook\n");

        assertThat(e.problems()).singleElement().asString()
                .startsWith("telegram.webhook-url = 'http://bot.example.com/hook' (the file) is not valid: use the"
                        + " public https:// URL");
    }

    @Test
    void load_webhookUrlPlainHttpOnLoopback_acceptedForTestServers() throws IOException {
        AppConfig config = load(Map.of("TELEGRAM_WEBHOOK_SECRET", SECRET),
                "telegram:\n  receiver: webhook\n  webhook-url: http://127.0.0.1:8443/hook\n");

        assertThat(config.telegram().receiver().webhookUrl()).isEqualTo(URI.create("http://127.0.0.1:8443/hook"));
    }

    @Test
    void load_webhookListenNotHostPort_namesKeyAndFix() throws IOException {
        ConfigException e = failure(Map.of("TELEGRAM_WEBHOOK_SECRET", SECRET), "telegram:\n  receiver: webhook\n"
                + "  webhook-url: https://bot.example.com/hook\n  webhook-listen: 0.0.0.0:http\n");

        assertThat(e.problems()).singleElement().asString()
                .startsWith("telegram.webhook-listen = '0.0.0.0:http' (the file) is not valid: use host:port");
    }

    @Test
    void load_webhookKeysWithPollingReceiver_warnsTheyAreUnused() throws IOException {
        AppConfig config = load(Map.of("TELEGRAM_WEBHOOK_SECRET", SECRET),
                "telegram:\n  webhook-url: https://bot.example.com/hook\n");

        assertThat(config.telegram().receiver()).isEqualTo(Receiver.polling());
        assertThat(config.warnings()).hasSize(2).allSatisfy(w -> assertThat(w)
                .contains("telegram.receiver is polling, so it is not used").doesNotContain(SECRET));
    }

    @Test
    void load_electionIntervalTooLong_namesTheLimit() throws IOException {
        ConfigException e = failure(Map.of(), PG + "telegram:\n  receiver: elected-polling\n"
                + "  election-interval: 1h\n");

        assertThat(e.problems()).containsExactly(
                "telegram.election-interval = '1h' (the file) is not valid: use at most 5m");
    }

    @Test
    void storageFourArgumentConstructor_singleInstanceWithRandomId() {
        AppConfig.Storage storage = new AppConfig.Storage(dir, null, null, null);

        assertThat(storage.cluster().instanceId()).isNotBlank();
        assertThat(storage.isShared()).isFalse();
        assertThatThrownBy(() -> new AppConfig.Storage(dir, null, null, null, null))
                .isInstanceOf(NullPointerException.class);
    }
}
