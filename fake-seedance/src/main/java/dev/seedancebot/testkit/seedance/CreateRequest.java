package dev.seedancebot.testkit.seedance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A create body that passed the gateway's checks (openapi-create.yaml plus the API-NOTES §3 mode rules), reduced to
 * what the fake echoes back in a finished task.
 */
record CreateRequest(
        String action,
        int duration,
        String ratio,
        String resolution,
        boolean generateAudio,
        boolean returnLastFrame,
        long seed,
        boolean webSearch) {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MODEL = "seedance-2.0-mini";
    private static final List<String> TYPES = List.of("text", "image_url", "video_url", "audio_url");
    private static final Set<String> RATIOS = Set.of("16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive");
    private static final Map<String, Set<String>> ROLES = Map.of(
            "text", Set.of(),
            "image_url", Set.of("first_frame", "last_frame", "reference_image"),
            "video_url", Set.of("reference_video"),
            "audio_url", Set.of("reference_audio"));
    private static final Set<String> ALL_ROLES = Set.of(
            "first_frame", "last_frame", "reference_image", "reference_video", "reference_audio");
    /** Ark's output sizes per resolution, in the order 16:9, 4:3, 1:1, 3:4, 9:16, 21:9. */
    private static final Map<String, int[][]> SIZES = Map.of(
            "720p", new int[][] {{1280, 720}, {1112, 834}, {960, 960}, {834, 1112}, {720, 1280}, {1470, 630}},
            "480p", new int[][] {{864, 496}, {752, 560}, {640, 640}, {560, 752}, {496, 864}, {992, 432}});
    private static final List<String> SIZE_ORDER = List.of("16:9", "4:3", "1:1", "3:4", "9:16", "21:9");

    /** Thrown with the exact status and body the real service would answer. */
    static final class Rejected extends Exception {
        final Reply reply;

        Rejected(Reply reply) {
            super(null, null, false, false);
            this.reply = reply;
        }
    }

    /** The ratio Ark reports for the finished video; {@code adaptive} resolves to a concrete one. */
    String outputRatio() {
        return "adaptive".equals(ratio) ? "16:9" : ratio;
    }

    /** Ark's billing formula: width × height × (24 × seconds + 1) / 1024. */
    long completionTokens() {
        int[] size = SIZES.get(resolution)[SIZE_ORDER.indexOf(outputRatio())];
        return (long) size[0] * size[1] * (24L * duration + 1) / 1024;
    }

    /**
     * Validates a create body. {@code assetActive} answers whether an {@code asset://} id exists and is Active;
     * that check runs last because upstream Ark, not the gateway, makes it.
     */
    static CreateRequest parse(byte[] body, Predicate<String> assetActive) throws Rejected {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw invalid("request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw invalid("request body must be a JSON object");
        }
        JsonNode model = root.get("model");
        if (model == null || !model.isTextual() || model.asText().isEmpty()) {
            throw invalid("model is required");
        }
        if (!MODEL.equals(model.asText())) {
            throw invalid("model must be " + MODEL + ", was " + model.asText());
        }
        JsonNode content = root.get("content");
        if (content == null || !content.isArray() || content.isEmpty()) {
            throw invalid("content must be a non-empty array");
        }

        List<String> types = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonNode item = content.get(i);
            if (!item.isObject()) {
                throw invalid("content[" + i + "] must be an object");
            }
            String type = item.path("type").asText("");
            if (!TYPES.contains(type)) {
                throw invalid("content[" + i + "].type must be one of " + String.join(", ", TYPES) + ", was '" + type + "'");
            }
            if (!types.isEmpty() && TYPES.indexOf(type) < TYPES.indexOf(types.get(types.size() - 1))) {
                throw invalid("content must be ordered text, image_url, video_url, audio_url; content[" + i + "] is "
                        + type + " after " + types.get(types.size() - 1));
            }
            JsonNode role = item.get("role");
            if (role != null && !role.isNull() && !ALL_ROLES.contains(role.asText())) {
                throw invalid("content[" + i + "].role must be one of " + String.join(", ", ALL_ROLES.stream().sorted().toList())
                        + ", was '" + role.asText() + "'");
            }
            String roleText = role == null || role.isNull() ? null : role.asText();
            if (roleText != null && !ROLES.get(type).contains(roleText)) {
                throw invalid("content[" + i + "].role " + roleText + " is not valid for type " + type);
            }
            if ("text".equals(type)) {
                if (!item.path("text").isTextual() || item.path("text").asText().isBlank()) {
                    throw invalid("content[" + i + "].text must be a non-empty string");
                }
                urls.add(null);
            } else {
                JsonNode url = item.path(type).path("url");
                if (!url.isTextual() || url.asText().isBlank()) {
                    throw invalid("content[" + i + "]." + type + ".url must be a non-empty string");
                }
                if ("video_url".equals(type) && url.asText().regionMatches(true, 0, "data:", 0, 5)) {
                    throw invalid("content[" + i + "].video_url.url: base64 data URIs are not supported for video;"
                            + " use a URL or asset://");
                }
                urls.add(url.asText());
            }
            types.add(type);
            roles.add(roleText);
        }

        long texts = types.stream().filter("text"::equals).count();
        long images = types.stream().filter("image_url"::equals).count();
        long videos = types.stream().filter("video_url"::equals).count();
        long audios = types.stream().filter("audio_url"::equals).count();
        // Ark's defaulting: a lone image is the first frame; with other media an image is a reference.
        for (int i = 0; i < types.size(); i++) {
            if (roles.get(i) == null && !"text".equals(types.get(i))) {
                roles.set(i, switch (types.get(i)) {
                    case "image_url" -> images == 1 && videos == 0 && audios == 0 ? "first_frame" : "reference_image";
                    case "video_url" -> "reference_video";
                    default -> "reference_audio";
                });
            }
        }
        long firstFrames = roles.stream().filter("first_frame"::equals).count();
        long lastFrames = roles.stream().filter("last_frame"::equals).count();
        long references = roles.stream().filter(r -> r != null && r.startsWith("reference_")).count();
        if (texts > 1) {
            throw invalid("content may contain at most one text item");
        }
        if (images > 9) {
            throw invalid("content may contain at most 9 images, got " + images);
        }
        if (videos > 3) {
            throw invalid("content may contain at most 3 videos, got " + videos);
        }
        if (audios > 3) {
            throw invalid("content may contain at most 3 audios, got " + audios);
        }
        if (firstFrames > 1 || lastFrames > 1) {
            throw invalid("content may contain at most one first_frame and one last_frame image");
        }
        if (lastFrames > 0 && firstFrames == 0) {
            throw invalid("a last_frame image requires a first_frame image");
        }
        if (firstFrames + lastFrames > 0 && references > 0) {
            throw invalid("first_frame/last_frame images cannot be mixed with reference_image, reference_video or"
                    + " reference_audio");
        }
        if (audios > 0 && images == 0 && videos == 0) {
            throw invalid("audio must be combined with at least one image or video");
        }

        String resolution = enumField(root, "resolution", Set.of("480p", "720p"), "720p",
                "resolution must be 480p or 720p (Seedance 2.0 Mini does not support 1080p)");
        String ratio = enumField(root, "ratio", RATIOS, "adaptive",
                "ratio must be one of 16:9, 4:3, 1:1, 3:4, 9:16, 21:9, adaptive");
        int duration = 5;
        JsonNode durationNode = root.get("duration");
        if (durationNode != null && !durationNode.isNull()) {
            if (!durationNode.isIntegralNumber() || durationNode.asLong() < 4 || durationNode.asLong() > 15) {
                throw invalid("duration must be an integer from 4 to 15, was " + durationNode);
            }
            duration = durationNode.asInt();
        }
        boolean generateAudio = booleanField(root, "generate_audio", true);
        booleanField(root, "watermark", false);
        boolean returnLastFrame = booleanField(root, "return_last_frame", false);
        boolean webSearch = false;
        JsonNode tools = root.get("tools");
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) {
                throw invalid("tools must be an array");
            }
            for (JsonNode tool : tools) {
                if (!"web_search".equals(tool.path("type").asText())) {
                    throw invalid("tools[].type must be web_search, was '" + tool.path("type").asText() + "'");
                }
                webSearch = true;
            }
        }
        if (webSearch && images + videos + audios > 0) {
            throw invalid("the web_search tool is only supported for text-to-video (no images, videos or audios)");
        }

        for (int i = 0; i < urls.size(); i++) {
            String url = urls.get(i);
            if (url != null && url.regionMatches(true, 0, "asset://", 0, 8)) {
                String assetId = url.substring(8);
                if (!assetActive.test(assetId)) {
                    throw new Rejected(Reply.json(400, Faults.assetNotFoundBody(i, types.get(i), assetId)));
                }
            }
        }

        String action = references > 0 ? "referenceGenerate" : lastFrames > 0 ? "firstTailGenerate" : "generate";
        long seed = root.path("seed").isIntegralNumber() ? root.path("seed").asLong() : 4304;
        return new CreateRequest(action, duration, ratio, resolution, generateAudio, returnLastFrame, seed, webSearch);
    }

    private static String enumField(JsonNode root, String name, Set<String> allowed, String fallback, String message)
            throws Rejected {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual() || !allowed.contains(node.asText())) {
            throw invalid(message + ", was " + node);
        }
        return node.asText();
    }

    private static boolean booleanField(JsonNode root, String name, boolean fallback) throws Rejected {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw invalid(name + " must be a boolean, was " + node);
        }
        return node.asBoolean();
    }

    private static Rejected invalid(String message) {
        return new Rejected(Reply.json(400, Faults.invalidRequestBody(message)));
    }
}
