package dev.seedancebot.testkit.seedance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The vendor error replies of API-NOTES §5.5 as ready-made {@link Fault}s, byte-for-byte in the three envelope
 * shapes anyfast uses: the documented {@code {"error":{…}}}, new-api's task shape {@code {"code","message","data":
 * null}} and the wrapped upstream rejection whose {@code message} is itself a JSON string.
 */
public final class Faults {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String REQUEST_ID = "20260312231134000fake0002";

    private Faults() {}

    /** 401 with the documented body: {@code invalid_api_key}, type {@code authentication_error}. */
    public static Fault invalidApiKey() {
        return Fault.http(401, invalidApiKeyBody());
    }

    /** 401 as new-api's token middleware writes it: type {@code new_api_error}, empty code. */
    public static Fault invalidToken401NewApi() {
        return Fault.http(401, errorBody("invalid token (request id: " + REQUEST_ID + ")", "new_api_error", ""));
    }

    /** 400 with the documented validation body {@code {"error":{"code":"invalid_request","message":…}}}. */
    public static Fault invalidRequest(String message) {
        return Fault.http(400, invalidRequestBody(message));
    }

    /**
     * 400 {@code fail_to_fetch_task} whose message is the upstream Ark error as a JSON string, e.g. code
     * {@code InputImageSensitiveContentDetected.PrivacyInformation} for {@code content[1]}. No task is created.
     */
    public static Fault inputModeration(String code, int contentIndex) {
        String kind = code.startsWith("InputImage") ? "image" : code.startsWith("InputVideo") ? "video"
                : code.startsWith("InputAudio") ? "audio" : "text";
        String what = code.endsWith(".PrivacyInformation") ? "may contain real person" : "may contain sensitive information";
        String message = "The request failed because the input " + kind + " 'content[" + contentIndex + "]' " + what
                + ". Request id: 0217733283fakeinput";
        return Fault.http(400, wrappedUpstreamBody(code, message));
    }

    /** 400 as Ark answers an {@code asset://} reference that is unknown or not yet Active (wrapped upstream shape). */
    public static Fault assetNotReady(String assetId) {
        return Fault.http(400, assetNotFoundBody(1, "image_url", assetId));
    }

    /** 403 {@code insufficient_user_quota} in new-api's task shape: the wallet cannot cover the pre-charge. */
    public static Fault insufficientBalance() {
        return Fault.http(403, taskErrorBody("insufficient_user_quota", "用户额度不足, 剩余额度: ＄0.012000, 需要预扣费额度: ＄0.150000"));
    }

    /** 403 {@code quota_not_enough} as new-api's task submit answers a user whose wallet cannot cover the task. */
    public static Fault quotaNotEnough() {
        return Fault.http(403, taskErrorBody("quota_not_enough", "user quota is not enough"));
    }

    /** 403 {@code pre_consume_token_quota_failed}: the key's own quota cannot cover the pre-charge (new-api). */
    public static Fault tokenQuotaExhausted() {
        return Fault.http(403, errorBody("pre-consume token quota failed, token quota: 0, need quota: 150000"
                + " (request id: " + REQUEST_ID + ")", "new_api_error", "pre_consume_token_quota_failed"));
    }

    /**
     * 413: the request body is over the gateway's limit (new-api's default is 32 MB). The body shape is our
     * inference; the status is what a client can rely on.
     */
    public static Fault requestTooLarge() {
        return Fault.http(413, errorBody("request body too large", "new_api_error", "read_request_body_failed"));
    }

    /** 429 {@code rate_limit_exceeded} from new-api's per-user limiter, with {@code Retry-After}. */
    public static Fault rateLimited(int retryAfterSeconds) {
        return Fault.http(429, errorBody("您已达到请求数限制：1分钟内最多请求10次", "new_api_error", "rate_limit_exceeded"))
                .withHeader("Retry-After", Integer.toString(retryAfterSeconds));
    }

    /** 429 in the task shape with the message new-api substitutes for any upstream 429 on a task submit. */
    public static Fault upstreamSaturated429() {
        return Fault.http(429, taskErrorBody("upstream_error", "当前分组上游负载已饱和，请稍后再试"));
    }

    /** 503 {@code model_not_found}: no channel currently serves the model. */
    public static Fault modelUnavailable() {
        return Fault.http(503, errorBody("No available channel for model seedance-2.0-mini under group default"
                + " (distributor) (request id: " + REQUEST_ID + ")", "new_api_error", "model_not_found"));
    }

    /** 500 {@code do_request_failed}: a transient gateway fault. */
    public static Fault serverError() {
        return Fault.http(500, errorBody("do request failed: upstream connection reset (request id: " + REQUEST_ID
                + ")", "new_api_error", "do_request_failed"));
    }

    /** 400 {@code task_not_exist}, stock new-api's answer for an unknown (or another key's) task id. */
    public static Fault taskNotExist400() {
        return Fault.http(400, taskNotExistBody());
    }

    /** 404, anyfast's documented answer for an unknown task id. */
    public static Fault notFound404() {
        return Fault.http(404, notFoundBody());
    }

    /** 200 with a truncated JSON body, as a proxy cutting the response short would deliver. */
    public static Fault malformedJson() {
        return Fault.http(200, "{\"code\":\"success\",\"message\":\"\",\"data\":{\"task_id\":\"asyntask_");
    }

    static String invalidApiKeyBody() {
        return errorBody("Invalid API key provided.", "authentication_error", "invalid_api_key");
    }

    static String invalidRequestBody(String message) {
        ObjectNode error = JSON.createObjectNode().put("code", "invalid_request").put("message", message);
        return JSON.createObjectNode().set("error", error).toString();
    }

    static String taskNotExistBody() {
        return taskErrorBody("task_not_exist", "task_not_exist");
    }

    static String notFoundBody() {
        return errorBody("task not found", "invalid_request_error", "not_found");
    }

    /** What Ark says, relayed by new-api, when a content item points at an asset that is missing or not Active. */
    static String assetNotFoundBody(int contentIndex, String field, String assetId) {
        return wrappedUpstreamBody("InvalidParameter", "The parameter content[" + contentIndex + "]." + field
                + ".url specified in the request is not valid: The specified asset " + assetId + " is not found");
    }

    static String errorBody(String message, String type, String code) {
        ObjectNode error = JSON.createObjectNode().put("message", message).put("type", type).put("code", code);
        return JSON.createObjectNode().set("error", error).toString();
    }

    static String taskErrorBody(String code, String message) {
        ObjectNode body = JSON.createObjectNode().put("code", code).put("message", message);
        body.putNull("data");
        return body.toString();
    }

    static String wrappedUpstreamBody(String code, String message) {
        ObjectNode error = JSON.createObjectNode().put("code", code).put("message", message).put("type", "BadRequest");
        return taskErrorBody("fail_to_fetch_task", JSON.createObjectNode().set("error", error).toString());
    }
}
