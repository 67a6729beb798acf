package dev.seedancebot.app;

import static dev.seedancebot.testkit.discord.FakeDiscord.CHANNEL_GENERAL;
import static dev.seedancebot.testkit.discord.FakeDiscord.CHANNEL_GUILD_2;
import static dev.seedancebot.testkit.discord.FakeDiscord.GUILD_2_ID;
import static dev.seedancebot.testkit.discord.FakeDiscord.GUILD_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.app.config.AppConfig;
import dev.seedancebot.app.config.ConfigLoader;
import dev.seedancebot.discord.DiscordSettings;
import dev.seedancebot.telegram.TelegramSettings;
import dev.seedancebot.testkit.discord.FakeDiscord;
import dev.seedancebot.testkit.discord.RecordedCall;
import dev.seedancebot.testkit.discord.ShardInfo;
import dev.seedancebot.testkit.discord.SlashCommand;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import dev.seedancebot.testkit.telegram.TgChat;
import dev.seedancebot.testkit.telegram.TgUser;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application as {@code run} wires it from the scale-out keys: Discord shards and a Telegram webhook. */
class ScaleOutRunTest {
    private static final String TELEGRAM_TOKEN = "123456789:FAKEtestTokenForLoopbackFakesOnly01";
    private static final String WEBHOOK_SECRET = "hook_Secret-42";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private FakeSeedanceServer seedance;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startProvider() {
        seedance = FakeSeedanceServer.start();
    }

    @AfterEach
    void stopProvider() {
        seedance.close();
    }

    private AppConfig load(String yaml, Map<String, String> secrets) throws IOException {
        // the pushed updates come from private chats, which the operator opens to everyone here
        Path file = Files.writeString(dir.resolve("bot.yml"), yaml + "trust:\n  private-chats: everyone\n"
                + "storage:\n  data-dir: " + dir.resolve("data")
                + "\n");
        Map<String, String> env = new java.util.HashMap<>(secrets);
        env.put("SEEDANCE_API_KEY", seedance.apiKey());
        env.put("SEEDANCE_BASE_URL", seedance.baseUrl());
        return new ConfigLoader(env).load(file);
    }

    private Application start(AppConfig config) {
        assertThat(RunCommand.missingSettings(config)).isNull();
        Application.Launch launch = Application.of(config)
                .engine(DemoCommand.demoEngine(dir.resolve("data"), Duration.ofMillis(40)))
                .opsPort(0)
                .grace(Duration.ofSeconds(2));
        ChatAdapters.enabled(config).forEach(launch::adapter);
        return launch.start();
    }

    private HttpResponse<String> healthz(Application app) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.opsPort() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void run_discordShardsTotalAndUrlsConfigured_runsEveryShardAndAnswersInBothGuilds() throws Exception {
        try (FakeDiscord discord = FakeDiscord.startSharded(Clock.systemUTC(), 2)) {
            AppConfig config = load("discord:\n"
                    + "  rest-url: " + discord.restBaseUrl() + "\n"
                    + "  gateway-url: " + discord.gatewayUrl() + "\n"
                    + "  gateway-compression: false\n"
                    + "  shards-total: 2\n"
                    + "  command-guild-ids: [" + GUILD_ID + ", " + GUILD_2_ID + "]\n", Map.of("DISCORD_TOKEN",
                    "fake-token"));
            assertThat(config.discord().sharding()).isEqualTo(DiscordSettings.Sharding.all(2));

            try (Application app = start(config)) {
                discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a fox in guild 2")
                        .in(CHANNEL_GUILD_2));
                discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a fox in guild 1")
                        .in(CHANNEL_GENERAL));

                await().atMost(WAIT).until(() -> !deliveries(discord, CHANNEL_GUILD_2).isEmpty()
                        && !deliveries(discord, CHANNEL_GENERAL).isEmpty());
                assertThat(discord.identifiedShards())
                        .containsExactlyInAnyOrder(new ShardInfo(0, 2), new ShardInfo(1, 2));
                assertThat(discord.requests("GET", ".*/gateway/bot")).isNotEmpty();
                assertThat(discord.registeredCommands(GUILD_ID)).isPresent();
                assertThat(discord.registeredCommands(GUILD_2_ID)).isPresent();
                HttpResponse<String> health = healthz(app);
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"discord\":\"UP\"");
            }
        }
    }

    @Test
    void run_telegramWebhookConfigured_registersWebhookAndAnswersPushedUpdates() throws Exception {
        int port = freePort();
        String hook = "http://127.0.0.1:" + port + "/telegram/hook";
        try (FakeTelegramBotApi telegram = FakeTelegramBotApi.builder().token(TELEGRAM_TOKEN).start()) {
            AppConfig config = load("telegram:\n"
                    + "  api-url: " + telegram.baseUrl() + "\n"
                    + "  receiver: webhook\n"
                    + "  webhook-url: " + hook + "\n"
                    + "  webhook-listen: 127.0.0.1:" + port + "\n",
                    Map.of("TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN, "TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET));
            assertThat(config.telegram().receiver().mode())
                    .isEqualTo(TelegramSettings.Receiver.Mode.WEBHOOK);

            try (Application app = start(config)) {
                assertThat(telegram.webhookUrl()).hasValue(hook);
                TgUser alice = new TgUser(4242, "alice", "Alice");
                telegram.message(TgChat.privateWith(alice), alice).text("/video a paper boat on a rainy street")
                        .send();

                await().atMost(WAIT).until(() -> !telegram.calls("editMessageMedia").isEmpty()
                        || !telegram.calls("sendVideo").isEmpty());
                assertThat(telegram.webhookPushes()).isNotEmpty().allMatch(status -> status == 200);
                assertThat(telegram.calls("getUpdates")).isEmpty();
                HttpResponse<String> health = healthz(app);
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"telegram\":\"UP\"");
            }
        }
    }

    @Test
    void webhook_requestWithoutSecret_refusedByTheRunningBot() throws Exception {
        int port = freePort();
        try (FakeTelegramBotApi telegram = FakeTelegramBotApi.builder().token(TELEGRAM_TOKEN).start()) {
            AppConfig config = load("telegram:\n  api-url: " + telegram.baseUrl() + "\n  receiver: webhook\n"
                    + "  webhook-url: http://localhost:" + port + "/hook\n  webhook-listen: " + port + "\n",
                    Map.of("TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN, "TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET));

            try (Application app = start(config)) {
                HttpResponse<String> forged = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/hook"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"update_id\":1}"))
                        .header("Content-Type", "application/json").build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(forged.statusCode()).isIn(401, 403);
                assertThat(healthz(app).statusCode()).isEqualTo(200);
            }
        }
    }

    private static List<RecordedCall> deliveries(FakeDiscord discord, String channelId) {
        return discord.requests("POST", ".*/channels/" + channelId + "/messages").stream()
                .filter(c -> c.status() == 200 && c.content().contains("is ready"))
                .toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
