package dev.seedancebot.core.seedance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The authenticated anyfast API client: builds URLs under the base URL, serialises bodies and runs calls. Its
 * {@link OkHttpClient} never retries on its own ({@code retryOnConnectionFailure(false)}), because some of the calls
 * (create, CreateAsset, CreateAssetGroup) are billed and must not be sent twice behind our back.
 */
final class AnyfastHttp {
    static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    /** A complete HTTP answer, already read and closed. */
    record Answer(int status, Headers headers, String body) {
        boolean successful() {
            return status >= 200 && status < 300;
        }
    }

    private final OkHttpClient client;
    private final HttpUrl base;
    private final ObjectMapper mapper;

    AnyfastHttp(OkHttpClient client, HttpUrl base, ObjectMapper mapper) {
        this.client = client;
        this.base = base;
        this.mapper = mapper;
    }

    HttpUrl url(String... segments) {
        HttpUrl.Builder builder = base.newBuilder();
        for (String segment : segments) {
            builder.addPathSegment(segment);
        }
        return builder.build();
    }

    byte[] json(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + body.getClass().getSimpleName(), e);
        }
    }

    /** Parses a JSON object; {@code null} when the text is not one. */
    JsonNode readObject(String text) {
        return ProviderError.readObject(mapper, text);
    }

    ProviderError error(String body) {
        return ProviderError.parse(mapper, body);
    }

    ObjectMapper mapper() {
        return mapper;
    }

    Answer postJson(HttpUrl url, Object body) throws IOException {
        return execute(new Request.Builder()
                .url(url)
                .post(RequestBody.create(json(body), JSON))
                .build());
    }

    Answer execute(Request request) throws IOException {
        try (Response response = client.newCall(request).execute()) {
            return new Answer(response.code(), response.headers(), response.body().string());
        }
    }
}
