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
 * The authenticated anyfast API client: builds URLs under the base URL, serialises bodies and runs calls. Billed calls
 * (create, CreateAsset, CreateAssetGroup) go through {@link #executeBilled}: a new connection each, never resent
 * behind the caller's back; everything else through {@link #execute}, which may resend a request once when its pooled
 * connection turns out dead (see {@link SeedanceConnections}).
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
    private final OkHttpClient billed;
    private final HttpUrl base;
    private final ObjectMapper mapper;

    /**
     * @param client for idempotent calls
     * @param billed for calls that bill or create something and so must never be sent twice unknowingly
     */
    AnyfastHttp(OkHttpClient client, OkHttpClient billed, HttpUrl base, ObjectMapper mapper) {
        this.client = client;
        this.billed = billed;
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

    /** An idempotent JSON POST (a status check): may be resent once on a dead pooled connection. */
    Answer postJson(HttpUrl url, Object body) throws IOException {
        return execute(jsonPost(url, body));
    }

    /** A billed JSON POST: sent at most once by this call, on a connection of its own. */
    Answer postBilled(HttpUrl url, Object body) throws IOException {
        return executeBilled(jsonPost(url, body));
    }

    /** Runs an idempotent call. */
    Answer execute(Request request) throws IOException {
        return run(client, request);
    }

    /** Runs a call that must not be sent twice: a new connection, no resend by OkHttp or an interceptor. */
    Answer executeBilled(Request request) throws IOException {
        return run(billed, request);
    }

    private Request jsonPost(HttpUrl url, Object body) {
        return new Request.Builder().url(url).post(RequestBody.create(json(body), JSON)).build();
    }

    private static Answer run(OkHttpClient client, Request request) throws IOException {
        try (Response response = client.newCall(request).execute()) {
            return new Answer(response.code(), response.headers(), response.body().string());
        }
    }
}
