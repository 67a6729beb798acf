package dev.seedancebot.core.seedance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationStatus;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a task query answer (API-NOTES §1) defensively. Accepts the documented new-api envelope
 * {@code {code, message, data:{status, progress, result_url, fail_reason, data:{…Ark task…}}}} and a flat task object
 * (new-api's or a bare Ark task); upper-case platform states and lower-case Ark states, the gateway's being the
 * verdict; progress as {@code "50%"} or {@code 50}; the video URL in {@code result_url}, in
 * {@code data.data.content.video_url} or a flat {@code content.video_url}, or (legacy) in {@code fail_reason}.
 */
final class TaskStatusParser {
    private static final Set<String> SUCCESS = Set.of("success", "succeeded", "completed");
    private static final Set<String> FAILURE = Set.of("failure", "failed", "expired", "cancelled", "canceled");

    private final ObjectMapper mapper;
    private final ErrorMapper errors;
    private final Redactor redactor;

    TaskStatusParser(ObjectMapper mapper, ErrorMapper errors, Redactor redactor) {
        this.mapper = mapper;
        this.errors = errors;
        this.redactor = redactor;
    }

    GenerationStatus parse(String body) {
        JsonNode root = readTree(body);
        JsonNode task = taskOf(root);
        // a bare Ark task is its own upstream object
        JsonNode upstream = task.path("data").isObject() ? task.path("data") : task;
        String outer = ProviderError.text(task.get("status"));
        // The gateway's own status is the verdict: it settles the task (result URL, refund) after Ark has spoken,
        // so an Ark "failed" or "succeeded" underneath a gateway IN_PROGRESS is not final yet. Ark's status counts
        // only when the gateway gives none (older new-api builds leave it empty).
        String verdict = ErrorMapper.lower(outer != null ? outer : ProviderError.text(upstream.get("status")));
        String upstreamState = ErrorMapper.lower(ProviderError.text(upstream.get("status")));

        if (FAILURE.contains(verdict)) {
            return failure(task, upstream, upstreamState);
        }
        if (SUCCESS.contains(verdict)) {
            return success(task, upstream);
        }
        String shown = outer != null ? outer : ProviderError.text(upstream.get("status"));
        return new GenerationStatus.Pending(shown, progress(task.get("progress")));
    }

    private JsonNode readTree(String body) {
        try {
            JsonNode root = body == null || body.isBlank() ? null : mapper.readTree(body);
            if (root != null && root.isObject()) {
                return root;
            }
        } catch (JsonProcessingException e) {
            // reported below: a garbled answer is a server fault, and the next poll may be fine
        }
        throw errors.plain(ErrorKind.SERVER_ERROR, 200, "task query answer is not a JSON object");
    }

    /** The task object inside the envelope, or the root itself for a flat answer. */
    private JsonNode taskOf(JsonNode root) {
        JsonNode data = root.get("data");
        if (data != null && data.isObject() && (root.has("code") || root.has("message") || data.has("status"))) {
            return data;
        }
        if (ProviderError.text(root.get("status")) != null && root.has("id")) {
            return root; // a bare Ark task: its error object is a task failure, not an error answer
        }
        if (ProviderError.looksLikeError(root)) {
            throw errors.fromResponse(Endpoint.POLL, 200, null, ProviderError.from(mapper, root));
        }
        if (root.has("status") || root.has("task_id") || root.has("id")) {
            return root;
        }
        throw errors.plain(ErrorKind.SERVER_ERROR, 200, "task query answer holds no task");
    }

    private GenerationStatus success(JsonNode task, JsonNode upstream) {
        URI url = firstUrl(
                ProviderError.text(task.get("result_url")),
                ProviderError.text(upstream.path("content").get("video_url")),
                ProviderError.text(task.get("video_url")),
                ProviderError.text(task.get("fail_reason")));
        if (url == null) {
            // Ark drops content once the 24 h link has lapsed; there is nothing left to fetch
            return new GenerationStatus.Failed(
                    ErrorKind.RESULT_EXPIRED, null, "the task succeeded but reports no video URL");
        }
        return new GenerationStatus.Succeeded(url, completionTokens(task, upstream));
    }

    /**
     * {@code usage.completion_tokens}, what the provider bills: in the Ark task ({@code data.data.usage}) as the
     * gateway relays it, or beside the gateway's own fields in a flat answer; {@code null} when absent or not a
     * whole number.
     */
    static Long completionTokens(JsonNode task, JsonNode upstream) {
        for (JsonNode usage : new JsonNode[] {upstream.path("usage"), task.path("usage")}) {
            JsonNode tokens = usage.get("completion_tokens");
            if (tokens != null && tokens.canConvertToLong() && tokens.asLong() >= 0) {
                return tokens.asLong();
            }
            if (tokens != null && tokens.isTextual() && tokens.asText().strip().matches("\\d{1,18}")) {
                return Long.parseLong(tokens.asText().strip());
            }
        }
        return null;
    }

    private GenerationStatus failure(JsonNode task, JsonNode upstream, String upstreamState) {
        JsonNode upstreamError = upstream.path("error");
        String code = ProviderError.text(upstreamError.get("code"));
        String reason = ProviderError.text(task.get("fail_reason"));
        if (reason == null) {
            reason = ProviderError.text(upstreamError.get("message"));
        }
        ErrorKind kind = failureKind(code, reason, upstreamState);
        return new GenerationStatus.Failed(kind, code, redactor.clean(reason));
    }

    static ErrorKind failureKind(String code, String reason, String upstreamState) {
        if ("expired".equals(upstreamState)) {
            return ErrorKind.PROVIDER_TIMEOUT;
        }
        ErrorKind moderation = ErrorMapper.moderationKind(code, reason);
        if (moderation != null) {
            return moderation;
        }
        String c = ErrorMapper.lower(code);
        String r = ErrorMapper.lower(reason);
        if (r.contains("任务超时") || r.contains("timeout") || r.contains("timed out") || c.contains("timeout")) {
            return ErrorKind.PROVIDER_TIMEOUT;
        }
        if (c.startsWith("quotaexceeded")) {
            return ErrorKind.RATE_LIMITED;
        }
        if (c.startsWith("internalserviceerror") || c.startsWith("serviceunavailable")) {
            return ErrorKind.SERVER_ERROR;
        }
        if (c.startsWith("invalidparameter") || c.startsWith("missingparameter")) {
            return ErrorKind.INVALID_REQUEST;
        }
        return ErrorKind.UNKNOWN;
    }

    private static URI firstUrl(String... candidates) {
        for (String candidate : candidates) {
            if (candidate == null) {
                continue;
            }
            String lower = candidate.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
                continue;
            }
            try {
                return URI.create(candidate.strip());
            } catch (IllegalArgumentException e) {
                // not a usable URI; try the next place the URL may be
            }
        }
        return null;
    }

    /** {@code "50%"}, {@code "50"}, {@code 50} or {@code 50.0} → 50; anything else → 0. */
    static int progress(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (node.isNumber()) {
            return (int) Math.round(node.asDouble());
        }
        String text = node.asText().strip();
        if (text.endsWith("%")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        try {
            return (int) Math.round(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
