package dev.seedancebot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.app.config.AppConfig;
import dev.seedancebot.app.config.ConfigLoader;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import dev.seedancebot.testkit.telegram.TgChat;
import dev.seedancebot.testkit.telegram.TgUser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application as {@code run} wires it from configuration, with Telegram as the only platform. */
class TelegramRunTest {
    private static final String TOKEN = "123456789:FAKEtestTokenForLoopbackFakesOnly01";

    @TempDir
    Path dir;

    private FakeSeedanceServer seedance;
    private FakeTelegramBotApi telegram;

    @BeforeEach
    void startFakes() {
        seedance = FakeSeedanceServer.start();
        telegram = FakeTelegramBotApi.builder().token(TOKEN).maxPollHold(200).start();
    }

    @AfterEach
    void stopFakes() {
        telegram.close();
        seedance.close();
    }

    @Test
    void run_telegramTokenConfigured_answersVideoCommandWithAVideo() throws Exception {
        // alice writes in a private chat, which the operator opens to everyone here
        Path file = Files.writeString(dir.resolve("bot.yml"), "telegram:\n  api-url: " + telegram.baseUrl() + "\n"
                + "storage:\n  data-dir: " + dir.resolve("data") + "\n" + "trust:\n  private-chats: everyone\n");
        AppConfig config = new ConfigLoader(Map.of("TELEGRAM_BOT_TOKEN", TOKEN, "SEEDANCE_API_KEY",
                seedance.apiKey(), "SEEDANCE_BASE_URL", seedance.baseUrl())).load(file);
        assertThat(RunCommand.missingSettings(config)).isNull();
        Application.Launch launch = Application.of(config)
                .engine(DemoCommand.demoEngine(dir.resolve("data"), Duration.ofMillis(40)))
                .opsPort(0);
        ChatAdapters.enabled(config).forEach(launch::adapter);

        try (Application app = launch.start()) {
            TgUser alice = new TgUser(4242, "alice", "Alice");
            telegram.message(TgChat.privateWith(alice), alice).text("/video a paper boat on a rainy street").send();

            // the acknowledgement turns into the video (editMessageMedia); sendVideo is the fallback
            await().atMost(Duration.ofSeconds(30)).until(() -> !telegram.calls("editMessageMedia").isEmpty()
                    || !telegram.calls("sendVideo").isEmpty());
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.opsPort() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"telegram\":\"UP\"");
        }
    }

    @Test
    void load_exampleApiUrlWithLocalServer_pointsTheAdapterThere() throws IOException {
        Path file = Files.writeString(dir.resolve("bot.yml"),
                "telegram:\n  api-url: http://localhost:8081\n  local-server: true\n");
        AppConfig config = new ConfigLoader(Map.of("TELEGRAM_BOT_TOKEN", TOKEN)).load(file);

        assertThat(config.telegram().fileBaseUrl()).isEqualTo("http://localhost:8081");
        assertThat(config.telegram().localServer()).isTrue();
    }
}
