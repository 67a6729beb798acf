package dev.seedancebot.testkit.seedance;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** One HTTP request as {@link FakeSeedanceServer} received it. Immutable. */
public final class RecordedRequest {
    private final String method;
    private final String path;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    RecordedRequest(String method, String path, Map<String, List<String>> headers, byte[] body) {
        this.method = method;
        this.path = path;
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = body.clone();
    }

    /** HTTP method, upper case. */
    public String method() {
        return method;
    }

    /** Raw path including the query string, e.g. {@code /media/cgt-1.mp4?X-Tos-Expires=86400&sig=fake}. */
    public String path() {
        return path;
    }

    /** All request headers; lookups ignore case. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** First value of the named header (case-insensitive), if sent. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** A copy of the raw request body; empty when there was none. */
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
