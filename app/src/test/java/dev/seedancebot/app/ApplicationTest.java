package dev.seedancebot.app;

import static dev.seedancebot.app.Mp4.assertIsMp4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.app.config.AppConfig;
import dev.seedancebot.app.config.ConfigLoader;
import dev.seedancebot.app.console.ConsoleAdapter;
import dev.seedancebot.app.console.ConsoleChat;
import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.core.spend.OperatorAlerts;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Faults;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application in-process, as {@code run} wires it, with the console as its chat platform. */
class ApplicationTest {
    private static final ChatRef CHAT = ChatRef.of(Platform.CONSOLE, null, "terminal");

    @TempDir
    Path dir;

    private FakeSeedanceServer fake;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startFake() {
        fake = FakeSeedanceServer.start();
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    private Application start(int opsPort) throws IOException {
        return start(opsPort, "");
    }

    private Application start(int opsPort, String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("bot.yml"), yaml);
        AppConfig config = new ConfigLoader(Map.of()).load(file)
                .withStorage(new AppConfig.Storage(dir.resolve("data"), null, null, null));
        return Application.of(config)
                .seedance(SeedanceSettings.defaults(fake.apiKey()).withBaseUrl(fake.baseUrl()))
                .engine(DemoCommand.demoEngine(dir.resolve("data"), Duration.ofMillis(40)))
                .adapter(new ConsoleAdapter(new PrintStream(console, true, StandardCharsets.UTF_8), dir.resolve("out")))
                .opsPort(opsPort)
                .grace(Duration.ofSeconds(2))
                .start();
    }

    private static String submit(Application app, VideoOptions options) {
        SubmitOutcome outcome = app.core().engine().submit(
                VideoRequest.text("a paper boat on a rainy street", options, ConsoleChat.USER, CHAT), Set.of());
        assertThat(outcome).isInstanceOf(SubmitOutcome.Accepted.class);
        return ((SubmitOutcome.Accepted) outcome).task().id();
    }

    private static TaskState state(Application app, String id) {
        return app.core().engine().task(id).orElseThrow().state();
    }

    private HttpResponse<String> get(Application app, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.opsPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void close_duringGeneration_restartOnSameDataDirDeliversTheVideo() throws IOException {
        fake.setDefaultScript(TaskScript.of(Step.stuck()));
        Application first = start(-1);
        String id = submit(first, VideoOptions.DEFAULTS);
        await().atMost(Duration.ofSeconds(20)).until(() -> state(first, id) == TaskState.SUBMITTED);

        first.close();
        fake.completeTask(fake.taskIds().get(0));
        Application second = start(-1);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> state(second, id) == TaskState.DELIVERED);

            assertIsMp4(dir.resolve("out").resolve(id + ".mp4"));
            assertThat(fake.createdTaskCount()).isEqualTo(1);
        } finally {
            second.close();
        }
    }

    @Test
    void healthz_allPartsUp_answers200WithJson() throws Exception {
        try (Application app = start(0)) {
            HttpResponse<String> health = get(app, "/healthz");

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(health.body()).isEqualTo(
                    "{\"status\":\"UP\",\"database\":\"UP\",\"adapters\":{\"console\":\"UP\"},\"unfinishedTasks\":0}");
        }
    }

    @Test
    void metrics_afterDeliveryRejectionAndProviderError_exposesPrometheusSeries() throws Exception {
        try (Application app = start(0)) {
            fake.failNextPoll(Faults.serverError());
            String id = submit(app, VideoOptions.DEFAULTS);
            await().atMost(Duration.ofSeconds(20)).until(() -> state(app, id) == TaskState.DELIVERED);
            app.core().engine().submit(VideoRequest.text("too long", VideoOptions.DEFAULTS.withDuration(99),
                    ConsoleChat.USER, CHAT), Set.of());

            // a gauge whose state object only Micrometer's weak reference holds reads NaN once it is collected
            System.gc();
            HttpResponse<String> metrics = get(app, "/metrics");

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("text/plain"));
            assertThat(metrics.body()).contains(
                    "seedance_task_transitions_total{to=\"delivered\"} 1.0",
                    "seedance_polls_total{result=\"succeeded\"} 1.0",
                    "seedance_provider_errors_total{code=",
                    "kind=\"server_error\"",
                    "seedance_input_rejections_total 1.0",
                    "seedance_quota_denials_total 0.0",
                    "seedance_delivery_seconds_bucket",
                    "seedance_delivery_seconds_count 1",
                    "seedance_queue_depth 0.0",
                    "seedance_tasks{state=\"submitted\"} 0.0",
                    "seedance_disk_free_bytes ",
                    "seedance_disk_below_floor 0.0",
                    "seedance_queue_waiting 0.0",
                    "seedance_queue_paused 0.0");
        }
    }

    @Test
    void metrics_pricedVideoThenOutOfBalance_exposeSpendTodayAndOneOperatorAlert() throws Exception {
        // USD 10 per million tokens at 720p: the fake bills 108,900 tokens for the default video, USD 1.089
        try (Application app = start(0, "spend:\n  per-million-tokens-720p: 10\n")) {
            String paid = submit(app, VideoOptions.DEFAULTS);
            await().atMost(Duration.ofSeconds(20)).until(() -> state(app, paid) == TaskState.DELIVERED);
            fake.failNextCreate(Faults.quotaNotEnough());
            String refused = submit(app, VideoOptions.DEFAULTS);
            await().atMost(Duration.ofSeconds(20)).until(() -> state(app, refused) == TaskState.FAILED
                    && app.core().alerts().alertsSent(OperatorAlerts.Kind.OUT_OF_BALANCE) == 1);

            String body = get(app, "/metrics").body();

            assertThat(body).contains("seedance_spend_today 1.089",
                    "seedance_operator_alerts_total{kind=\"out_of_balance\"} 1.0",
                    "seedance_operator_alerts_total{kind=\"daily_spend\"} 0.0",
                    "seedance_provider_out_of_balance 1.0");
        }
    }

    @Test
    void metrics_quotaExhausted_countsDenials() throws Exception {
        try (Application app = start(0)) {
            VideoOptions expensive = VideoOptions.DEFAULTS.withDuration(15);
            for (int i = 0; i < 2; i++) {
                submit(app, expensive);
            }
            app.core().engine().submit(VideoRequest.text("one more", expensive, ConsoleChat.USER, CHAT), Set.of());

            assertThat(get(app, "/metrics").body()).contains("seedance_quota_denials_total 1.0");
        }
    }
}
