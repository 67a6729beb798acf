package dev.seedancebot.core.seedance;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationException;
import dev.seedancebot.core.request.MediaKind;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a local file into an {@code asset://} id through anyfast's asset API (API-NOTES §2.2 and appendix): one asset
 * group per client, created on first use unless configured; each file sent as a data URI in the JSON variant of
 * CreateAsset (field reports say multipart uploads return ids that never resolve); then GetAsset until {@code Active}.
 */
final class AssetUploader {
    private static final Logger log = LoggerFactory.getLogger(AssetUploader.class);

    /** GetAsset may answer NotFound for a while after CreateAsset; after this long a NotFound means the asset is lost. */
    static final Duration NOT_FOUND_GRACE = Duration.ofSeconds(20);
    /** A group created a moment ago can still be unknown to CreateAsset; these resends bridge that gap. */
    static final int NEW_GROUP_RETRIES = 3;

    private final AnyfastHttp http;
    private final ErrorMapper errors;
    private final SeedanceSettings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Random random;

    private String groupId;
    private boolean groupCreatedHere;

    AssetUploader(
            AnyfastHttp http,
            ErrorMapper errors,
            SeedanceSettings settings,
            Clock clock,
            Sleeper sleeper,
            Random random) {
        this.http = http;
        this.errors = errors;
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
        this.groupId = settings.assetGroupId();
    }

    /** Uploads a data URI of {@code kind}, waits until the asset is usable and returns {@code asset://<Id>}. */
    String upload(String dataUri, MediaKind kind, String label) {
        String group = group();
        String id = createAsset(group, dataUri, kind, label);
        awaitActive(id, kind, label);
        log.info("asset {} for input '{}' is active", id, label);
        return "asset://" + id;
    }

    private synchronized String group() {
        if (groupId != null) {
            return groupId;
        }
        var body = new CreateGroupBody("volc-asset", "seedance-bot-" + suffix());
        AnyfastHttp.Answer answer = postBilled("CreateAssetGroup", body, "could not create an asset group");
        if (!answer.successful()) {
            throw errors.fromResponse(Endpoint.ASSET, answer.status(), answer.headers(), http.error(answer.body()));
        }
        String id = field(answer, "Id");
        if (id == null) {
            throw errors.plain(ErrorKind.ASSET_FAILED, answer.status(), "CreateAssetGroup answered without an Id");
        }
        log.info("created asset group {}", id);
        groupId = id;
        groupCreatedHere = true;
        return id;
    }

    private String createAsset(String group, String dataUri, MediaKind kind, String label) {
        for (int retry = 0; ; retry++) {
            // a fresh name per try: anyfast answers a duplicate Name exactly like a missing group
            var body = new CreateAssetBody(model(kind), group, "seedance-bot-" + suffix(), assetType(kind), dataUri);
            AnyfastHttp.Answer answer = postBilled("CreateAsset", body, "could not upload input '" + label + "'");
            if (answer.successful()) {
                String id = field(answer, "Id");
                if (id == null) {
                    throw errors.plain(ErrorKind.ASSET_FAILED, answer.status(), "CreateAsset answered without an Id");
                }
                return id;
            }
            ProviderError error = http.error(answer.body());
            if (isGroupNotFound(error) && freshGroup() && retry < NEW_GROUP_RETRIES) {
                log.info("asset group {} not visible yet; retrying upload of '{}'", group, label);
                pause(settings.assetPollInterval(), ErrorKind.ASSET_NOT_READY);
                continue;
            }
            throw errors.fromResponse(Endpoint.ASSET, answer.status(), answer.headers(), error);
        }
    }

    private void awaitActive(String id, MediaKind kind, String label) {
        Instant start = clock.instant();
        Instant notFoundUntil = start.plus(NOT_FOUND_GRACE);
        Instant deadline = start.plus(settings.assetPollTimeout());
        Instant inactiveSince = null;
        var body = new GetAssetBody(model(kind), id);
        while (true) {
            pause(settings.assetPollInterval(), ErrorKind.ASSET_NOT_READY);
            AnyfastHttp.Answer answer = post("GetAsset", body, "could not check input '" + label + "'");
            ProviderError error = answer.successful() ? null : http.error(answer.body());
            if (error != null && (answer.status() == 404 || isNotFound(error))) {
                if (clock.instant().isAfter(notFoundUntil)) {
                    throw errors.plain(
                            ErrorKind.ASSET_FAILED,
                            answer.status(),
                            "uploaded input '" + label + "' (asset " + id + ") was not found");
                }
            } else if (error != null) {
                throw errors.fromResponse(Endpoint.ASSET, answer.status(), answer.headers(), error);
            } else {
                JsonNode asset = result(answer);
                String status = asset == null ? null : ProviderError.text(asset.get("Status"));
                if ("active".equalsIgnoreCase(status)) {
                    return;
                }
                if ("failed".equalsIgnoreCase(status)) {
                    throw assetFailed(answer, asset, id, label, "is Failed");
                }
                // Inactive is only in anyfast's GetAsset enum and its meaning is undocumented; seen right after an
                // upload it has turned Active later, so it is rechecked for a while before it counts as failed
                if ("inactive".equalsIgnoreCase(status)) {
                    inactiveSince = inactiveSince == null ? clock.instant() : inactiveSince;
                    if (!clock.instant().isBefore(inactiveSince.plus(settings.assetInactiveTimeout()))) {
                        throw assetFailed(answer, asset, id, label, "stayed Inactive for "
                                + settings.assetInactiveTimeout().toSeconds() + " s");
                    }
                } else {
                    inactiveSince = null;
                }
            }
            if (!clock.instant().isBefore(deadline)) {
                throw errors.plain(
                        ErrorKind.ASSET_NOT_READY,
                        0,
                        "uploaded input '" + label + "' (asset " + id + ") was not ready after "
                                + settings.assetPollTimeout().toSeconds() + " s");
            }
        }
    }

    private static GenerationException assetFailed(
            AnyfastHttp.Answer answer, JsonNode asset, String id, String label, String what) {
        JsonNode failure = asset.path("Error");
        return new GenerationException(
                ErrorKind.ASSET_FAILED,
                answer.status(),
                ProviderError.text(failure.get("Code")),
                "uploaded input '" + label + "' (asset " + id + ") " + what
                        + describe(ProviderError.text(failure.get("Message"))),
                null,
                null,
                null);
    }

    /** A status check: idempotent, so it may be resent once on a dead pooled connection. */
    private AnyfastHttp.Answer post(String action, Object body, String failure) {
        try {
            return http.postJson(http.url("volc", "asset", action), body);
        } catch (IOException e) {
            throw errors.transport(ErrorKind.NETWORK, failure, e);
        }
    }

    /** CreateAssetGroup and CreateAsset are charged per request: a connection of their own, never resent unseen. */
    private AnyfastHttp.Answer postBilled(String action, Object body, String failure) {
        try {
            return http.postBilled(http.url("volc", "asset", action), body);
        } catch (IOException e) {
            throw errors.transport(ErrorKind.NETWORK, failure, e);
        }
    }

    private synchronized boolean freshGroup() {
        return groupCreatedHere;
    }

    private void pause(Duration duration, ErrorKind ifInterrupted) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenerationException(ifInterrupted, "interrupted while waiting for an uploaded input");
        }
    }

    /** anyfast flattens Volcengine's {@code {ResponseMetadata, Result}} envelope, but accept both. */
    private JsonNode result(AnyfastHttp.Answer answer) {
        JsonNode root = http.readObject(answer.body());
        if (root == null) {
            return null;
        }
        JsonNode result = root.get("Result");
        return result != null && result.isObject() ? result : root;
    }

    private String field(AnyfastHttp.Answer answer, String name) {
        JsonNode result = result(answer);
        return result == null ? null : ProviderError.text(result.get(name));
    }

    private String suffix() {
        return Long.toString(clock.millis(), 36) + "-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
    }

    private static String describe(String message) {
        return message == null ? "" : ": " + message;
    }

    private static boolean isGroupNotFound(ProviderError error) {
        String message = ErrorMapper.lower(error.message()) + " " + ErrorMapper.lower(error.code());
        return message.contains("group") && (message.contains("not found") || message.contains("notfound"));
    }

    private static boolean isNotFound(ProviderError error) {
        String message = ErrorMapper.lower(error.message()) + " " + ErrorMapper.lower(error.code());
        return message.contains("not found") || message.contains("notfound");
    }

    static String model(MediaKind kind) {
        return switch (kind) {
            case IMAGE -> "volc-asset";
            case VIDEO -> "volc-asset-video";
            case AUDIO -> "volc-asset-audio";
        };
    }

    static String assetType(MediaKind kind) {
        return switch (kind) {
            case IMAGE -> "Image";
            case VIDEO -> "Video";
            case AUDIO -> "Audio";
        };
    }

    record CreateGroupBody(@JsonProperty("model") String model, @JsonProperty("Name") String name) {}

    record CreateAssetBody(
            @JsonProperty("model") String model,
            @JsonProperty("GroupId") String groupId,
            @JsonProperty("Name") String name,
            @JsonProperty("AssetType") String assetType,
            @JsonProperty("URL") String url) {}

    record GetAssetBody(@JsonProperty("model") String model, @JsonProperty("Id") String id) {}
}
