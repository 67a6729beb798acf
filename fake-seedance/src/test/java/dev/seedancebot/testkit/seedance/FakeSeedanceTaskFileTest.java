package dev.seedancebot.testkit.seedance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task file is what lets the demo's tasks survive a killed process; the protocol itself is tested in testkit. */
class FakeSeedanceTaskFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private FakeSeedanceServer server(Instant now) {
        return FakeSeedanceServer.builder()
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .stepDuration(Duration.ofSeconds(1))
                .taskFile(dir.resolve("state/tasks.jsonl"))
                .start();
    }

    private static String create(FakeSeedanceServer server) throws IOException, InterruptedException {
        String body = "{\"model\":\"seedance-2.0-mini\",\"content\":[{\"type\":\"text\",\"text\":\"a paper boat\"}]}";
        HttpResponse<String> response = HTTP.send(authorized(server, "/v1/video/generations")
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("id").asText();
    }

    private static HttpResponse<String> poll(FakeSeedanceServer server, String id)
            throws IOException, InterruptedException {
        return HTTP.send(authorized(server, "/v1/video/generations/" + id).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder authorized(FakeSeedanceServer server, String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + server.apiKey());
    }

    @Test
    void taskFile_taskCreatedBeforeRestart_isPolledAndDownloadedFromTheNextServer() throws Exception {
        String id;
        try (FakeSeedanceServer first = server(T0)) {
            id = create(first);
        }

        try (FakeSeedanceServer second = server(T0.plusSeconds(10))) {
            HttpResponse<String> polled = poll(second, id);
            assertThat(polled.statusCode()).as(polled.body()).isEqualTo(200);
            JsonNode data = JSON.readTree(polled.body()).get("data");
            assertThat(data.get("status").asText()).isEqualTo("SUCCESS");
            assertThat(data.get("submit_time").asLong()).isEqualTo(T0.getEpochSecond());
            HttpResponse<byte[]> video = HTTP.send(HttpRequest.newBuilder(URI.create(data.get("result_url").asText()))
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(video.statusCode()).isEqualTo(200);
            assertThat(video.headers().firstValue("Content-Type")).contains("video/mp4");
            assertThat(video.body()).hasSize((int) second.resultSizeBytes());
        }
    }

    @Test
    void taskFile_restartedBeforeTheTaskEnds_continuesFromItsCreationTime() throws Exception {
        String id;
        try (FakeSeedanceServer first = server(T0)) {
            id = create(first);
        }

        try (FakeSeedanceServer second = server(T0.plusMillis(1500))) {
            assertThat(second.task(id)).hasValueSatisfying(task -> assertThat(task.status()).isEqualTo("QUEUED"));
        }
    }

    @Test
    void taskFile_tornLastLineFromAKill_isSkippedAndTasksBeforeAndAfterItLoad() throws Exception {
        String before;
        try (FakeSeedanceServer first = server(T0)) {
            before = create(first);
        }
        Files.writeString(dir.resolve("state/tasks.jsonl"), "{\"id\":\"asyntask_torn\",\"upstr",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        String after;
        try (FakeSeedanceServer second = server(T0.plusSeconds(1))) {
            assertThat(second.taskIds()).isEmpty();
            after = create(second);
        }

        try (FakeSeedanceServer third = server(T0.plusSeconds(10))) {
            assertThat(poll(third, before).statusCode()).isEqualTo(200);
            assertThat(poll(third, after).statusCode()).isEqualTo(200);
            assertThat(poll(third, "asyntask_torn").statusCode()).isEqualTo(404);
        }
    }
}
