package dev.seedancebot.testkit.discord;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request the fake received, REST or CDN, with the status it answered.
 *
 * @param path the path without query, e.g. {@code /api/v10/channels/12/messages}
 * @param json the JSON body, or the {@code payload_json} part of a multipart body; {@code null} when there was none
 * @param parts every multipart part in order (empty for JSON bodies)
 * @param headers request headers with lower-case names (first value only)
 */
public record RecordedCall(
        String method,
        String path,
        String query,
        Map<String, String> headers,
        JsonNode json,
        List<Part> parts,
        int status) {

    /** One part of a {@code multipart/form-data} body. {@code filename} is {@code null} for plain fields. */
    public record Part(String name, String filename, String contentType, byte[] bytes) {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The uploaded files ({@code files[n]} parts), in order. */
    public List<Part> files() {
        return parts.stream().filter(p -> p.filename() != null).toList();
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    /** The JSON body's {@code content} field, or "" (for channel messages, webhook messages and callbacks). */
    public String content() {
        if (json == null) {
            return "";
        }
        JsonNode data = json.has("data") ? json.get("data") : json;
        return data.path("content").asText("");
    }

    @Override
    public String toString() {
        return method + " " + path + (query == null ? "" : "?" + query) + " -> " + status
                + (json == null ? "" : " " + json) + (parts.isEmpty() ? "" : " parts=" + parts.stream()
                        .map(p -> p.name() + (p.filename() == null ? "" : "(" + p.filename() + ", " + p.bytes().length
                                + " B)"))
                        .toList());
    }
}
