package dev.seedancebot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.app.config.AppConfig;
import dev.seedancebot.app.config.ConfigLoader;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher on a real PostgreSQL (zonky's embedded server; as root it runs initdb in a user namespace): a
 * {@code jdbc:postgresql:} URL from the config file is migrated and served, and two instances on it elect one Telegram
 * receiver through the database's advisory lock.
 */
class PostgresRunTest {
    private static final String TELEGRAM_TOKEN = "123456789:FAKEtestTokenForLoopbackFakesOnly01";
    private static TestPostgres postgres;

    @TempDir
    Path dir;

    private FakeSeedanceServer seedance;
    private FakeTelegramBotApi telegram;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = TestPostgres.shared();
    }

    @BeforeEach
    void startFakes() {
        seedance = FakeSeedanceServer.start();
        telegram = FakeTelegramBotApi.builder().token(TELEGRAM_TOKEN).maxPollHold(200).start();
    }

    @AfterEach
    void stopFakes() {
        telegram.close();
        seedance.close();
    }

    private static String freshDatabase(String name) throws SQLException {
        return postgres.freshDatabase(name);
    }

    private AppConfig load(String instance, String jdbcUrl) throws IOException {
        Path file = Files.writeString(dir.resolve(instance + ".yml"), "storage:\n"
                + "  data-dir: " + dir.resolve(instance) + "\n"
                + "  jdbc-url: " + jdbcUrl + "\n"
                + "  user: postgres\n"
                + "  instance-id: " + instance + "\n"
                + "  lease: 2s\n"
                + "telegram:\n"
                + "  api-url: " + telegram.baseUrl() + "\n"
                + "  receiver: elected-polling\n"
                + "  election-interval: 1s\n");
        Map<String, String> env = new HashMap<>();
        env.put("TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN);
        env.put("SEEDANCE_API_KEY", seedance.apiKey());
        env.put("SEEDANCE_BASE_URL", seedance.baseUrl());
        return new ConfigLoader(env).load(file);
    }

    private Application start(AppConfig config) {
        Application.Launch launch = Application.of(config)
                .engine(DemoCommand.demoEngine(config.storage().workDir(), Duration.ofMillis(40)))
                .opsPort(0)
                .grace(Duration.ofSeconds(2));
        ChatAdapters.enabled(config).forEach(launch::adapter);
        return launch.start();
    }

    private static boolean polling(Application app) {
        return app.adapters().stream().filter(a -> a instanceof ChatAdapters.Telegram)
                .map(a -> (ChatAdapters.Telegram) a).anyMatch(ChatAdapters.Telegram::isPolling);
    }

    private static int healthz(Application app) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.opsPort() + "/healthz")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void run_postgresJdbcUrl_migratesAndAnswersHealthz() throws Exception {
        String url = freshDatabase("seedance_run");
        AppConfig config = load("a", url);
        assertThat(config.storage().isShared()).isTrue();

        try (Application app = start(config)) {
            assertThat(app.core().database().isShared()).isTrue();
            assertThat(healthz(app)).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> polling(app));
        }

        try (Connection c = postgres.connect("seedance_run");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isPositive();
        }
    }

    @Test
    void run_twoInstancesElectedPolling_oneReceivesAndTheOtherTakesOverWhenItStops() throws Exception {
        String url = freshDatabase("seedance_pair");
        Application a = start(load("a", url));
        Application b = null;
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> polling(a));
            b = start(load("b", url));
            Application second = b;

            assertThat(healthz(second)).isEqualTo(200); // standing by is healthy
            assertThat(polling(second)).isFalse();

            a.close();
            await().atMost(Duration.ofSeconds(15)).until(() -> polling(second));
            assertThat(healthz(second)).isEqualTo(200);
        } finally {
            a.close();
            if (b != null) {
                b.close();
            }
        }
    }
}
