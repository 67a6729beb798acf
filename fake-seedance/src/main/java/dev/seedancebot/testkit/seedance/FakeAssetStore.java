package dev.seedancebot.testkit.seedance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * The {@code /volc/asset/*} routes (API-NOTES appendix): flat PascalCase JSON, groups of type {@code AIGC}, assets
 * that stay {@code Processing} for a configured number of reads. Synchronized on the store; asset traffic is light.
 */
final class FakeAssetStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final Map<String, String> MODEL_BY_TYPE =
            Map.of("Image", "volc-asset", "Video", "volc-asset-video", "Audio", "volc-asset-audio");
    /** anyfast prefixes group names per user and token to isolate them. */
    private static final String NAME_PREFIX = "[u-1]-[t-1]-";

    private final Clock clock;
    private final int readsUntilActive;
    private final String pendingStatus;
    private final IntFunction<String> randomSuffix;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Asset> assets = new LinkedHashMap<>();

    private static final class Group {
        final String id;
        final String name;
        final String description;
        final Instant created;

        Group(String id, String name, String description, Instant created) {
            this.id = id;
            this.name = name;
            this.description = description;
            this.created = created;
        }
    }

    private static final class Asset {
        final String id;
        final String groupId;
        final String name;
        final String type;
        final long size;
        final boolean multipart;
        final Instant created;
        int reads;

        Asset(String id, String groupId, String name, String type, long size, boolean multipart, Instant created) {
            this.id = id;
            this.groupId = groupId;
            this.name = name;
            this.type = type;
            this.size = size;
            this.multipart = multipart;
            this.created = created;
        }
    }

    FakeAssetStore(Clock clock, int readsUntilActive, String pendingStatus, IntFunction<String> randomSuffix) {
        this.clock = clock;
        this.readsUntilActive = readsUntilActive;
        this.pendingStatus = pendingStatus;
        this.randomSuffix = randomSuffix;
    }

    synchronized boolean isActive(String assetId) {
        Asset asset = assets.get(assetId);
        return asset != null && active(asset);
    }

    synchronized Optional<AssetState> state(String assetId) {
        return Optional.ofNullable(assets.get(assetId))
                .map(a -> new AssetState(a.id, a.groupId, a.name, a.type, status(a), a.size, a.multipart, a.reads));
    }

    synchronized Reply handle(String operation, RecordedRequest request, String baseUrl) {
        String contentType = request.header("Content-Type").orElse("");
        if (operation.equals("CreateAsset") && contentType.startsWith("multipart/form-data")) {
            return createAssetMultipart(request, contentType);
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return invalid("request body is not valid JSON");
        }
        if (body == null || !body.isObject()) {
            return invalid("request body must be a JSON object");
        }
        return switch (operation) {
            case "CreateAssetGroup" -> createGroup(body);
            case "CreateAsset" -> createAsset(body);
            case "GetAsset" -> getAsset(body, baseUrl);
            case "ListAssets" -> listAssets(body, baseUrl);
            case "ListAssetGroups" -> listGroups(body);
            default -> Reply.json(404, Faults.errorBody("Invalid URL (POST /volc/asset/" + operation + ")",
                    "invalid_request_error", ""));
        };
    }

    private Reply createGroup(JsonNode body) {
        String model = body.path("model").asText("");
        if (!MODEL_BY_TYPE.containsValue(model)) {
            return invalid("model must be volc-asset, volc-asset-video or volc-asset-audio, was '" + model + "'");
        }
        String name = body.path("Name").asText("");
        if (name.isBlank() || name.length() > 64) {
            return invalid("Name is required and may not exceed 64 characters");
        }
        Instant now = clock.instant();
        String id = "group-" + ID_TIME.format(now) + "-" + randomSuffix.apply(5);
        groups.put(id, new Group(id, NAME_PREFIX + name, body.path("Description").asText(""), now));
        return Reply.json(200, JSON.createObjectNode().put("Id", id).toString());
    }

    private Reply createAsset(JsonNode body) {
        String url = body.path("URL").asText("");
        if (url.isBlank()) {
            return invalid("URL is required");
        }
        long size;
        if (url.regionMatches(true, 0, "http://", 0, 7) || url.regionMatches(true, 0, "https://", 0, 8)) {
            size = -1;
        } else {
            // anyfast accepts a data URI or bare base64 and uploads the decoded bytes itself.
            String base64 = url.startsWith("data:") ? url.substring(url.indexOf(',') + 1) : url;
            if (url.startsWith("data:") && !url.substring(0, Math.max(0, url.indexOf(','))).endsWith(";base64")) {
                return invalid("URL data URI must be base64-encoded");
            }
            try {
                size = Base64.getMimeDecoder().decode(base64).length;
            } catch (IllegalArgumentException e) {
                return invalid("URL is neither an http(s) URL, a data URI nor base64");
            }
        }
        return register(body.path("model").asText(""), body.path("GroupId").asText(""), body.path("Name").asText(""),
                body.path("AssetType").asText(""), size, false);
    }

    private Reply createAssetMultipart(RecordedRequest request, String contentType) {
        Map<String, byte[]> parts = Multipart.parse(request.body(), contentType);
        byte[] file = parts.get("file");
        if (file == null) {
            return invalid("file is required");
        }
        // Without AssetType a multipart upload is registered as an Image (AM CHANGELOG).
        String type = text(parts.get("AssetType"), "Image");
        return register(text(parts.get("model"), ""), text(parts.get("GroupId"), ""), text(parts.get("Name"), ""), type,
                file.length, true);
    }

    private Reply register(String model, String groupId, String name, String type, long size, boolean multipart) {
        String expectedModel = MODEL_BY_TYPE.get(type);
        if (expectedModel == null) {
            return invalid("AssetType must be Image, Video or Audio, was '" + type + "'");
        }
        if (!expectedModel.equals(model)) {
            return invalid("model must be " + expectedModel + " for AssetType " + type + ", was '" + model + "'");
        }
        if (type.equals("Image") && name.isBlank()) {
            return invalid("Name is required");
        }
        boolean duplicate = assets.values().stream()
                .anyMatch(a -> a.groupId.equals(groupId) && !name.isEmpty() && a.name.equals(name));
        if (!groups.containsKey(groupId) || duplicate) {
            // A duplicate Name fails exactly like a missing group (OM SKILL), which is what a client sees.
            return Reply.json(404, upstreamNotFound("[NotFound.group_id] The specified asset_group " + groupId
                    + " is not found."));
        }
        Instant now = clock.instant();
        String id = "asset-" + ID_TIME.format(now) + "-" + randomSuffix.apply(5);
        assets.put(id, new Asset(id, groupId, name, type, size, multipart, now));
        return Reply.json(200, JSON.createObjectNode().put("Id", id).toString());
    }

    private Reply getAsset(JsonNode body, String baseUrl) {
        Asset asset = assets.get(body.path("Id").asText(""));
        if (asset == null) {
            return Reply.json(404, upstreamNotFound("[NotFound.asset_id] The specified asset " + body.path("Id").asText("")
                    + " is not found."));
        }
        return Reply.json(200, read(asset, baseUrl).toString());
    }

    private Reply listAssets(JsonNode body, String baseUrl) {
        Reply missing = requireListModel(body);
        if (missing != null) {
            return missing;
        }
        JsonNode filter = body.path("Filter");
        String groupType = filter.path("GroupType").asText("");
        if (groupType.isEmpty()) {
            return Reply.json(400, Faults.errorBody("upstream_error: [MissingParameter] GroupType is missing",
                    "upstream_error", "MissingParameter"));
        }
        Set<String> groupIds = textSet(filter.path("GroupIds"));
        Set<String> statuses = textSet(filter.path("Statuses"));
        String name = filter.path("Name").asText("");
        List<Asset> matches = assets.values().stream()
                .filter(a -> groupType.equals("AIGC"))
                .filter(a -> groupIds.isEmpty() || groupIds.contains(a.groupId))
                .filter(a -> a.name.contains(name))
                .filter(a -> statuses.isEmpty() || statuses.contains(status(a)))
                .toList();
        return page(body, matches, a -> read(a, baseUrl));
    }

    private Reply listGroups(JsonNode body) {
        Reply missing = requireListModel(body);
        if (missing != null) {
            return missing;
        }
        JsonNode filter = body.path("Filter");
        Set<String> ids = textSet(filter.path("GroupIds"));
        if (filter.path("Id").isTextual()) {
            ids.add(filter.path("Id").asText());
        }
        String name = filter.path("Name").asText("");
        List<Group> matches = groups.values().stream()
                .filter(g -> ids.isEmpty() || ids.contains(g.id))
                .filter(g -> g.name.contains(name))
                .toList();
        return page(body, matches, g -> JSON.createObjectNode()
                .put("Id", g.id)
                .put("Name", g.name)
                .put("Description", g.description)
                .put("GroupType", "AIGC")
                .put("ProjectName", "default")
                .put("CreateTime", iso(g.created))
                .put("UpdateTime", iso(g.created)));
    }

    private static Reply requireListModel(JsonNode body) {
        if (!MODEL_BY_TYPE.containsValue(body.path("model").asText(""))) {
            return invalid("model must be volc-asset, volc-asset-video or volc-asset-audio");
        }
        return null;
    }

    private static <T> Reply page(JsonNode body, List<T> matches, Function<T, ObjectNode> render) {
        int number = Math.max(1, body.path("PageNumber").asInt(1));
        int size = Math.min(100, Math.max(1, body.path("PageSize").asInt(10)));
        ObjectNode result = JSON.createObjectNode()
                .put("PageNumber", number)
                .put("PageSize", size)
                .put("TotalCount", matches.size());
        ArrayNode items = result.putArray("Items");
        matches.stream().skip((long) (number - 1) * size).limit(size).map(render).forEach(items::add);
        return Reply.json(200, result.toString());
    }

    /** Renders the asset as this read sees it, then counts the read towards activation. */
    private ObjectNode read(Asset asset, String baseUrl) {
        String status = status(asset);
        asset.reads++;
        Instant updated = status.equals("Active") ? asset.created.plus(9, ChronoUnit.SECONDS) : asset.created;
        return JSON.createObjectNode()
                .put("Id", asset.id)
                .put("Name", asset.name)
                .put("URL", baseUrl + "/media/" + asset.id + "?X-Tos-Expires=43200&sig=fake")
                .put("AssetType", asset.type)
                .put("GroupId", asset.groupId)
                .put("Status", status)
                .put("ProjectName", "default")
                .put("CreateTime", iso(asset.created))
                .put("UpdateTime", iso(updated));
    }

    private String status(Asset asset) {
        return active(asset) ? "Active" : pendingStatus;
    }

    private boolean active(Asset asset) {
        return !asset.multipart && asset.reads >= readsUntilActive;
    }

    private static Set<String> textSet(JsonNode array) {
        Set<String> values = new HashSet<>();
        if (array.isArray()) {
            StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).forEach(values::add);
        }
        return values;
    }

    private static String text(byte[] part, String fallback) {
        return part == null ? fallback : new String(part, StandardCharsets.UTF_8).trim();
    }

    private static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static Reply invalid(String message) {
        return Reply.json(400, Faults.invalidRequestBody(message));
    }

    private static String upstreamNotFound(String detail) {
        return JSON.createObjectNode().set("error", JSON.createObjectNode().put("message", "upstream_error: " + detail))
                .toString();
    }

    /** Just enough multipart/form-data parsing for the CreateAsset upload variant. */
    static final class Multipart {
        // "; name=" and not "filename=", which also contains name=.
        private static final Pattern DISPOSITION_NAME = Pattern.compile("[;\\s]name=\"([^\"]*)\"");

        private Multipart() {}

        static Map<String, byte[]> parse(byte[] body, String contentType) {
            Map<String, byte[]> parts = new HashMap<>();
            int at = contentType.indexOf("boundary=");
            if (at < 0) {
                return parts;
            }
            String boundaryValue = contentType.substring(at + "boundary=".length()).split(";")[0].replace("\"", "").trim();
            byte[] delimiter = ("--" + boundaryValue).getBytes(StandardCharsets.ISO_8859_1);
            byte[] headerEnd = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            int start = indexOf(body, delimiter, 0);
            while (start >= 0) {
                int partStart = start + delimiter.length + 2;
                int next = indexOf(body, delimiter, partStart);
                if (next < 0 || partStart > body.length) {
                    break;
                }
                int headersEnd = indexOf(body, headerEnd, partStart);
                if (headersEnd > 0 && headersEnd < next) {
                    String headers = new String(body, partStart, headersEnd - partStart, StandardCharsets.UTF_8);
                    String name = dispositionName(headers);
                    int contentStart = headersEnd + headerEnd.length;
                    int contentEnd = Math.max(contentStart, next - 2);
                    if (name != null) {
                        byte[] content = new byte[contentEnd - contentStart];
                        System.arraycopy(body, contentStart, content, 0, content.length);
                        parts.put(name, content);
                    }
                }
                start = next;
            }
            return parts;
        }

        private static String dispositionName(String headers) {
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition")) {
                    Matcher name = DISPOSITION_NAME.matcher(line);
                    return name.find() ? name.group(1) : null;
                }
            }
            return null;
        }

        private static int indexOf(byte[] haystack, byte[] needle, int from) {
            outer:
            for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
