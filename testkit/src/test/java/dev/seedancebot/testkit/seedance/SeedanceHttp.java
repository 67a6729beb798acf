package dev.seedancebot.testkit.seedance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Thin OkHttp calls against a {@link FakeSeedanceServer}, as the production client would make them. */
final class SeedanceHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    static final MediaType JSON_TYPE = MediaType.get("application/json");
    /** No silent retries: tests must see exactly what the server did to each request. */
    static final OkHttpClient CLIENT = new OkHttpClient.Builder()
            .retryOnConnectionFailure(false)
            .readTimeout(Duration.ofSeconds(30))
            .build();

    private final FakeSeedanceServer server;
    private final OkHttpClient client;

    SeedanceHttp(FakeSeedanceServer server) {
        this(server, CLIENT);
    }

    SeedanceHttp(FakeSeedanceServer server, OkHttpClient client) {
        this.server = server;
        this.client = client;
    }

    record Answer(int status, Headers headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + text(), e);
            }
        }
    }

    Answer create(String json) throws IOException {
        return post("/v1/video/generations", json);
    }

    /** Creates a plain text-to-video task and returns its id. */
    String createTask() throws IOException {
        Answer answer = create(textToVideo("a cat playing piano"));
        if (answer.status() != 200) {
            throw new AssertionError("create failed: " + answer.status() + " " + answer.text());
        }
        return answer.json().get("id").asText();
    }

    Answer poll(String id) throws IOException {
        return execute(authorized(server.baseUrl() + "/v1/video/generations/" + id).get().build());
    }

    JsonNode pollData(String id) throws IOException {
        Answer answer = poll(id);
        if (answer.status() != 200) {
            throw new AssertionError("poll failed: " + answer.status() + " " + answer.text());
        }
        return answer.json().get("data");
    }

    Answer post(String path, String json) throws IOException {
        return execute(authorized(server.baseUrl() + path).post(RequestBody.create(json, JSON_TYPE)).build());
    }

    Answer post(String path, RequestBody body) throws IOException {
        return execute(authorized(server.baseUrl() + path).post(body).build());
    }

    /** GET without credentials, as a pre-signed URL must be fetched. */
    Answer download(String url) throws IOException {
        return execute(new Request.Builder().url(url).get().build());
    }

    Answer execute(Request request) throws IOException {
        try (Response response = client.newCall(request).execute()) {
            return new Answer(response.code(), response.headers(), response.body().bytes());
        }
    }

    Request.Builder authorized(String url) {
        return new Request.Builder().url(url).header("Authorization", "Bearer " + server.apiKey());
    }

    static String textToVideo(String prompt) {
        return "{\"model\":\"seedance-2.0-mini\",\"content\":[{\"type\":\"text\",\"text\":\"" + prompt + "\"}]}";
    }
}
