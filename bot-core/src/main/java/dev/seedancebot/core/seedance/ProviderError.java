package dev.seedancebot.core.seedance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An error body in any of anyfast's three envelopes (API-NOTES §2.4): {@code {"error":{code,message,type}}} (documented
 * and new-api middleware), {@code {"code","message","data":null}} (new-api task errors), and the latter with a
 * {@code message} that is itself a JSON string holding the upstream Ark error, which is unwrapped here.
 *
 * @param code the most specific code found (the Ark code of a wrapped error), or {@code null}
 * @param message the most specific message found, or {@code null}
 * @param wellFormed false when the body was not a JSON object at all
 */
record ProviderError(String code, String message, boolean wellFormed) {

    static final ProviderError MALFORMED = new ProviderError(null, null, false);

    static ProviderError parse(ObjectMapper mapper, String body) {
        JsonNode root = readObject(mapper, body);
        return root == null ? MALFORMED : from(mapper, root);
    }

    static ProviderError from(ObjectMapper mapper, JsonNode root) {
        JsonNode error = root.get("error");
        if (error != null && error.isObject()) {
            return unwrap(mapper, text(error.get("code")), text(error.get("message")));
        }
        if (error != null && error.isTextual()) {
            return unwrap(mapper, text(root.get("code")), error.asText());
        }
        return unwrap(mapper, text(root.get("code")), text(root.get("message")));
    }

    /** Whether the body looks like an error rather than a result (used for 2xx answers). */
    static boolean looksLikeError(JsonNode root) {
        JsonNode error = root.get("error");
        if (error != null && (error.isTextual() || (error.isObject() && !error.isEmpty()))) {
            return true;
        }
        String code = text(root.get("code"));
        return code != null && !code.equalsIgnoreCase("success") && !root.path("data").isObject();
    }

    private static ProviderError unwrap(ObjectMapper mapper, String code, String message) {
        JsonNode inner = message == null || !message.strip().startsWith("{") ? null : readObject(mapper, message);
        if (inner == null) {
            return new ProviderError(code, message, true);
        }
        ProviderError wrapped = from(mapper, inner);
        return new ProviderError(
                wrapped.code() != null ? wrapped.code() : code,
                wrapped.message() != null ? wrapped.message() : message,
                true);
    }

    /** Parses a JSON object; {@code null} when the text is not one. */
    static JsonNode readObject(ObjectMapper mapper, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** A value node as text; {@code null} for missing, null, empty or structured values. */
    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        String value = node.asText();
        return value.isBlank() ? null : value;
    }
}
