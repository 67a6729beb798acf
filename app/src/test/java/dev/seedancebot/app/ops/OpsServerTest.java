package dev.seedancebot.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(OpsServer server, String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthz_adapterDown_answers503NamingIt() throws Exception {
        Health down = new Health(true, Map.of("telegram", false), 3, false);
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> down, () -> "")) {
            HttpResponse<String> response = send(server, "GET", "/healthz");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("{\"status\":\"DOWN\",\"database\":\"UP\","
                    + "\"adapters\":{\"telegram\":\"DOWN\"},\"unfinishedTasks\":3}");
        }
    }

    @Test
    void healthz_stopping_answers503() throws Exception {
        Health stopping = new Health(true, Map.of(), 0, true);
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> stopping, () -> "")) {
            HttpResponse<String> response = send(server, "GET", "/healthz");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).startsWith("{\"status\":\"STOPPING\"");
        }
    }

    @Test
    void metrics_post_isRefused() throws Exception {
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> null, () -> "x 1.0\n")) {
            assertThat(send(server, "POST", "/metrics").statusCode()).isEqualTo(405);
            assertThat(send(server, "GET", "/metrics").body()).isEqualTo("x 1.0\n");
        }
    }
}
