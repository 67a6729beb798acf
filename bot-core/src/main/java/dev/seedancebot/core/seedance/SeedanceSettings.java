package dev.seedancebot.core.seedance;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Settings of {@link SeedanceClient}. Pure data, so the config loader can build it; the clock, the sleeper and the
 * random source are constructor arguments of the client instead. {@link #toString()} never shows the API key.
 *
 * @param baseUrl scheme, host and optional port of the anyfast API, e.g. {@code https://www.anyfast.ai}; only requests
 *     to this origin get the API key
 * @param apiKey the anyfast API key, without a {@code Bearer } prefix
 * @param model the model id of the create call
 * @param connectTimeout limit for opening a connection
 * @param readTimeout longest silence while waiting for an answer; a create call that exceeds it has an unknown outcome
 *     and is never sent again
 * @param maxResultBytes ceiling for one downloaded video, applied on top of the caller's own limit
 * @param assetGroupId the asset group that uploads go into, or {@code null} to create one on first upload and keep it
 *     for the life of the client
 * @param assetPollInterval pause between two checks of an uploaded asset
 * @param assetPollTimeout how long an uploaded asset may take to become usable
 * @param maxCreateAttempts how often one create call may be sent in all, counting only attempts that certainly
 *     created nothing (connection never made, HTTP 429); at least 1
 * @param assetNotReadyRetries how often a create call is sent again because the provider said an uploaded asset was not
 *     ready yet
 * @param assetRetryDelay pause before each of those resends
 * @param assetInactiveTimeout how long an uploaded asset that anyfast reports {@code Inactive} is checked again before
 *     it counts as failed, from the first time it was seen so (anyfast's own example took 9 s to become
 *     {@code Active}); never past {@code assetPollTimeout}
 * @param taskNotFoundGrace how long polls of a task may answer "not found" before the task counts as lost, from the
 *     first such answer; tasks belong to the key that created them, so a rotated key hides them all for a while.
 *     Zero: the first "not found" ends the task
 */
public record SeedanceSettings(
        String baseUrl,
        String apiKey,
        String model,
        Duration connectTimeout,
        Duration readTimeout,
        long maxResultBytes,
        String assetGroupId,
        Duration assetPollInterval,
        Duration assetPollTimeout,
        int maxCreateAttempts,
        int assetNotReadyRetries,
        Duration assetRetryDelay,
        Duration assetInactiveTimeout,
        Duration taskNotFoundGrace) {

    /** Default of {@link #assetInactiveTimeout()}. */
    public static final Duration DEFAULT_ASSET_INACTIVE_TIMEOUT = Duration.ofSeconds(60);
    /** Default of {@link #taskNotFoundGrace()}. */
    public static final Duration DEFAULT_TASK_NOT_FOUND_GRACE = Duration.ofMinutes(10);

    public static final String DEFAULT_BASE_URL = "https://www.anyfast.ai";
    public static final String DEFAULT_MODEL = "seedance-2.0-mini";

    public SeedanceSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        HttpUrl parsed = HttpUrl.parse(baseUrl);
        if (parsed == null) {
            throw new IllegalArgumentException("baseUrl must be an http or https URL, was " + baseUrl);
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey may not be blank");
        }
        apiKey = apiKey.strip();
        if (apiKey.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            throw new IllegalArgumentException("apiKey must be the bare key, without the \"Bearer \" prefix");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model may not be blank");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(assetPollInterval, "assetPollInterval");
        requirePositive(assetPollTimeout, "assetPollTimeout");
        requirePositive(assetRetryDelay, "assetRetryDelay");
        requirePositive(assetInactiveTimeout, "assetInactiveTimeout");
        Objects.requireNonNull(taskNotFoundGrace, "taskNotFoundGrace");
        if (taskNotFoundGrace.isNegative()) {
            throw new IllegalArgumentException("taskNotFoundGrace may not be negative, was " + taskNotFoundGrace);
        }
        if (maxResultBytes <= 0) {
            throw new IllegalArgumentException("maxResultBytes must be positive, was " + maxResultBytes);
        }
        if (maxCreateAttempts < 1) {
            throw new IllegalArgumentException("maxCreateAttempts must be at least 1, was " + maxCreateAttempts);
        }
        if (assetNotReadyRetries < 0) {
            throw new IllegalArgumentException("assetNotReadyRetries may not be negative, was " + assetNotReadyRetries);
        }
        if (assetGroupId != null && assetGroupId.isBlank()) {
            assetGroupId = null;
        }
    }

    /** Settings with the default {@link #assetInactiveTimeout()} and {@link #taskNotFoundGrace()}. */
    public SeedanceSettings(String baseUrl, String apiKey, String model, Duration connectTimeout, Duration readTimeout,
            long maxResultBytes, String assetGroupId, Duration assetPollInterval, Duration assetPollTimeout,
            int maxCreateAttempts, int assetNotReadyRetries, Duration assetRetryDelay) {
        this(baseUrl, apiKey, model, connectTimeout, readTimeout, maxResultBytes, assetGroupId, assetPollInterval,
                assetPollTimeout, maxCreateAttempts, assetNotReadyRetries, assetRetryDelay,
                DEFAULT_ASSET_INACTIVE_TIMEOUT, DEFAULT_TASK_NOT_FOUND_GRACE);
    }

    /**
     * The production defaults: anyfast's public host, Seedance 2.0 Mini, 10 s connect, 60 s read, 200 MB results, a
     * new asset group, assets checked every 3 s for up to 5 min, 3 create attempts, 6 resends 10 s apart for assets
     * that are not ready yet, Inactive assets rechecked for 60 s, tasks "not found" tolerated for 10 minutes.
     */
    public static SeedanceSettings defaults(String apiKey) {
        return new SeedanceSettings(
                DEFAULT_BASE_URL,
                apiKey,
                DEFAULT_MODEL,
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                200L * 1024 * 1024,
                null,
                Duration.ofSeconds(3),
                Duration.ofMinutes(5),
                3,
                6,
                Duration.ofSeconds(10));
    }

    public SeedanceSettings withBaseUrl(String value) {
        return new SeedanceSettings(
                value,
                apiKey,
                model,
                connectTimeout,
                readTimeout,
                maxResultBytes,
                assetGroupId,
                assetPollInterval,
                assetPollTimeout,
                maxCreateAttempts,
                assetNotReadyRetries,
                assetRetryDelay,
                assetInactiveTimeout,
                taskNotFoundGrace);
    }

    public SeedanceSettings withTimeouts(Duration connect, Duration read) {
        return new SeedanceSettings(
                baseUrl,
                apiKey,
                model,
                connect,
                read,
                maxResultBytes,
                assetGroupId,
                assetPollInterval,
                assetPollTimeout,
                maxCreateAttempts,
                assetNotReadyRetries,
                assetRetryDelay,
                assetInactiveTimeout,
                taskNotFoundGrace);
    }

    public SeedanceSettings withAssetGroupId(String value) {
        return new SeedanceSettings(
                baseUrl,
                apiKey,
                model,
                connectTimeout,
                readTimeout,
                maxResultBytes,
                value,
                assetPollInterval,
                assetPollTimeout,
                maxCreateAttempts,
                assetNotReadyRetries,
                assetRetryDelay,
                assetInactiveTimeout,
                taskNotFoundGrace);
    }

    /**
     * These settings for a caller that handles push-back itself (the engine's queue): a create refused for load (HTTP
     * 429, Ark's {@code QuotaExceeded}) or whose connection never opened is sent once and the refusal handed back at
     * once, so that the queue, which sees every instance's creates, puts the task back at the head of its lane, backs
     * off and lowers its cap, instead of this call sleeping and resending behind its back while holding a slot.
     * Resends because an uploaded asset is not ready yet stay in the client: they are about one request's inputs, not
     * about load.
     */
    public SeedanceSettings withPushBackToCaller() {
        return new SeedanceSettings(baseUrl, apiKey, model, connectTimeout, readTimeout, maxResultBytes, assetGroupId,
                assetPollInterval, assetPollTimeout, 1, assetNotReadyRetries, assetRetryDelay, assetInactiveTimeout,
                taskNotFoundGrace);
    }

    /** These settings with the {@code Inactive}-asset recheck window and the task "not found" grace. */
    public SeedanceSettings withGraces(Duration inactiveTimeout, Duration notFoundGrace) {
        return new SeedanceSettings(baseUrl, apiKey, model, connectTimeout, readTimeout, maxResultBytes, assetGroupId,
                assetPollInterval, assetPollTimeout, maxCreateAttempts, assetNotReadyRetries, assetRetryDelay,
                inactiveTimeout, notFoundGrace);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    @Override
    public String toString() {
        return "SeedanceSettings[baseUrl=" + baseUrl + ", apiKey=<redacted>, model=" + model + ", connectTimeout="
                + connectTimeout + ", readTimeout=" + readTimeout + ", maxResultBytes=" + maxResultBytes
                + ", assetGroupId=" + assetGroupId + ", assetPollInterval=" + assetPollInterval
                + ", assetPollTimeout=" + assetPollTimeout + ", maxCreateAttempts=" + maxCreateAttempts
                + ", assetNotReadyRetries=" + assetNotReadyRetries + ", assetRetryDelay=" + assetRetryDelay
                + ", assetInactiveTimeout=" + assetInactiveTimeout + ", taskNotFoundGrace=" + taskNotFoundGrace + "]";
    }
}
