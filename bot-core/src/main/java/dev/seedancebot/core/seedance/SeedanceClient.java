package dev.seedancebot.core.seedance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationException;
import dev.seedancebot.core.generation.GenerationStatus;
import dev.seedancebot.core.generation.VideoGenerator;
import dev.seedancebot.core.media.MediaFormat;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.MediaKind;
import dev.seedancebot.core.request.MediaSource;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link VideoGenerator} for Seedance 2.0 Mini through anyfast ({@code POST /v1/video/generations}, {@code GET
 * /v1/video/generations/{id}}, the {@code /volc/asset/} upload API, and the pre-signed result URLs). Thread-safe.
 *
 * <p>A create is never sent twice for one task: it is sent again only when nothing can have been created (the
 * connection never opened, the provider refused it with 429 / {@code QuotaExceeded}, or it said an uploaded asset was
 * not ready yet), and a create that was sent but not answered, or answered without a task id, throws
 * {@link ErrorKind#OUTCOME_UNKNOWN} and is never resent, by this class or anyone (billed calls go on a connection of
 * their own that OkHttp does not retry, see {@link SeedanceConnections}). Who resends a refused create depends on
 * {@link SeedanceSettings#maxCreateAttempts()}: this class, after a backoff, for one-off callers (the terminal's
 * {@code generate}); the engine's queue for the bot, whose client has
 * {@link SeedanceSettings#withPushBackToCaller()}: a refusal for load comes back at once, and the queue sends the
 * task again (from the head of its lane) only after that answer, so two copies of one create are never in flight.
 * {@link #poll} sends exactly one request; the caller schedules retries, for example with a {@link Backoff}. The API
 * key goes only to the configured origin and never into logs or exceptions.
 */
public final class SeedanceClient implements VideoGenerator {
    private static final Logger log = LoggerFactory.getLogger(SeedanceClient.class);

    /** Longer Retry-After waits are not slept through in {@link #create}; the caller gets RATE_LIMITED instead. */
    private static final Duration MAX_INLINE_WAIT = Duration.ofSeconds(30);

    private static final int COPY_BUFFER = 64 * 1024;

    private final SeedanceSettings settings;
    private final AnyfastHttp api;
    private final OkHttpClient downloads;
    private final ErrorMapper errors;
    private final TaskStatusParser statusParser;
    private final AssetUploader assets;
    private final Sleeper sleeper;
    private final Backoff backoff;

    /**
     * @param http the application's shared client; this class derives its own clients from it (same dispatcher, own
     *     pools, see {@link SeedanceConnections}): billed calls on a new connection each and never resent behind our
     *     back; queries and downloads (the latter without the API key) resent once when a pooled connection was dead
     * @param mapper the application's shared mapper; the wire classes carry explicit names, so its naming settings do
     *     not matter
     * @param clock time source for asset deadlines and {@code Retry-After} dates
     * @param sleeper how to wait between resends and asset checks
     * @param random jitter for resend backoff and random suffixes of asset names
     */
    public SeedanceClient(
            OkHttpClient http,
            ObjectMapper mapper,
            SeedanceSettings settings,
            Clock clock,
            Sleeper sleeper,
            Random random) {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(mapper, "mapper");
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(random, "random");

        HttpUrl base = HttpUrl.get(settings.baseUrl());
        Redactor redactor = new Redactor(settings.apiKey());
        this.errors = new ErrorMapper(redactor, clock);
        SeedanceConnections connections = new SeedanceConnections(http, settings);
        this.api = new AnyfastHttp(connections.api(), connections.billed(), base, mapper);
        this.downloads = connections.downloads();
        this.statusParser = new TaskStatusParser(mapper, errors, redactor);
        this.assets = new AssetUploader(api, errors, settings, clock, sleeper, random);
        this.backoff = Backoff.exponential(Duration.ofSeconds(1), MAX_INLINE_WAIT, random);
    }

    /** Production wiring: the system clock, real sleeping and a fresh random source. */
    public SeedanceClient(OkHttpClient http, ObjectMapper mapper, SeedanceSettings settings) {
        this(http, mapper, settings, Clock.systemUTC(), Sleeper.SYSTEM, new Random());
    }

    /**
     * The user's input that position {@code contentIndex} of the create call's {@code content} array holds for
     * {@code request}, so that a provider complaint about {@code content[n]} can be shown against the right
     * attachment. Index 0 is the text when the request has one; media follow in {@link VideoRequest#contentOrder()}.
     *
     * @return the input, or empty when the index is the text or outside the array
     */
    public static Optional<MediaInput> inputAtContentIndex(VideoRequest request, int contentIndex) {
        int mediaIndex = contentIndex - (hasText(request) ? 1 : 0);
        List<MediaInput> ordered = request.contentOrder();
        return mediaIndex >= 0 && mediaIndex < ordered.size() ? Optional.of(ordered.get(mediaIndex)) : Optional.empty();
    }

    @Override
    public String create(VideoRequest request) {
        Objects.requireNonNull(request, "request");
        byte[] body;
        try {
            body = api.json(createBody(request));
        } catch (GenerationException e) {
            throw logged(e); // an asset upload was refused
        }
        int unsentOrRefused = 0;
        int notReadyResends = 0;
        while (true) {
            SendTracker tracker = new SendTracker();
            GenerationException refusal;
            try {
                // executeBilled: a connection of its own (never a pooled one the server closed while idle), so a
                // failure after the write really is an unknown outcome; and nothing resends it behind this loop
                AnyfastHttp.Answer answer = api.executeBilled(createCall(body, tracker));
                if (answer.successful()) {
                    return createdTaskId(answer);
                }
                refusal = errors.fromResponse(
                        Endpoint.CREATE, answer.status(), answer.headers(), api.error(answer.body()));
            } catch (IOException e) {
                if (tracker.sent()) {
                    log.warn("create call sent but not answered; the task may exist, so it is not resent: {}",
                            e.toString());
                    throw errors.transport(ErrorKind.OUTCOME_UNKNOWN, "create call sent but not answered", e);
                }
                refusal = errors.transport(ErrorKind.NETWORK, "could not connect to Seedance", e);
            }
            if (refusal.kind() == ErrorKind.ASSET_NOT_READY && notReadyResends < settings.assetNotReadyRetries()) {
                notReadyResends++;
                log.info("create refused because an asset is not ready yet; resending in {}",
                        settings.assetRetryDelay());
                pause(settings.assetRetryDelay(), refusal);
                continue;
            }
            if (nothingCreated(refusal) && ++unsentOrRefused < settings.maxCreateAttempts()) {
                Duration wait = backoff.delay(unsentOrRefused, refusal);
                if (wait.compareTo(MAX_INLINE_WAIT) <= 0) {
                    log.info("create refused ({}, HTTP {}); attempt {} in {}",
                            refusal.kind(), refusal.httpStatus(), unsentOrRefused + 1, wait);
                    pause(wait, refusal);
                    continue;
                }
            }
            throw logged(refusal);
        }
    }

    @Override
    public GenerationStatus poll(String providerTaskId) {
        if (providerTaskId == null || providerTaskId.isBlank()) {
            throw new IllegalArgumentException("providerTaskId may not be blank");
        }
        Request call = new Request.Builder()
                .url(api.url("v1", "video", "generations", providerTaskId))
                .get()
                .build();
        AnyfastHttp.Answer answer;
        try {
            answer = api.execute(call);
        } catch (IOException e) {
            throw errors.transport(ErrorKind.NETWORK, "could not query task " + providerTaskId, e);
        }
        if (!answer.successful()) {
            throw errors.fromResponse(Endpoint.POLL, answer.status(), answer.headers(), api.error(answer.body()));
        }
        GenerationStatus status = statusParser.parse(answer.body());
        log.debug("task {} -> {}", providerTaskId, status);
        return status;
    }

    @Override
    public long download(URI videoUrl, Path target, long maxBytes) {
        Objects.requireNonNull(videoUrl, "videoUrl");
        Objects.requireNonNull(target, "target");
        long limit = Math.min(maxBytes, settings.maxResultBytes());
        HttpUrl url = HttpUrl.parse(videoUrl.toString());
        if (url == null) {
            throw new IllegalArgumentException("videoUrl must be an http or https URL");
        }
        // the download client has no auth interceptor: a pre-signed URL must never see the API key
        Request call = new Request.Builder().url(url).get().build();
        try (Response response = downloads.newCall(call).execute()) {
            int status = response.code();
            if (status == 403 || status == 404 || status == 410) {
                throw errors.plain(ErrorKind.RESULT_EXPIRED, status, "the result link answered HTTP " + status);
            }
            if (!response.isSuccessful()) {
                throw errors.plain(
                        status >= 500 ? ErrorKind.SERVER_ERROR : ErrorKind.UNKNOWN,
                        status,
                        "the result link answered HTTP " + status);
            }
            ResponseBody body = response.body();
            if (body.contentLength() > limit) {
                throw tooLarge(body.contentLength() + " bytes announced", limit);
            }
            long written = writeAtomically(body.byteStream(), target, limit);
            log.info("downloaded {} bytes to {}", written, target);
            return written;
        } catch (IOException e) {
            throw errors.transport(ErrorKind.NETWORK, "could not download the result", e);
        }
    }

    private long writeAtomically(InputStream in, Path target, long limit) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        try {
            long written = 0;
            try (OutputStream out = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[COPY_BUFFER];
                for (int n; (n = in.read(buffer)) != -1; ) {
                    written += n;
                    if (written > limit) {
                        throw tooLarge("more than " + limit + " bytes sent", limit);
                    }
                    out.write(buffer, 0, n);
                }
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return written;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private GenerationException tooLarge(String what, long limit) {
        return errors.plain(ErrorKind.RESULT_TOO_LARGE, 200, "the result is too large (" + what + "; limit " + limit
                + " bytes)");
    }

    private Request createCall(byte[] body, SendTracker tracker) {
        return new Request.Builder()
                .url(api.url("v1", "video", "generations"))
                .post(RequestBody.create(body, AnyfastHttp.JSON))
                .tag(SendTracker.class, tracker)
                .build();
    }

    /** Refusals after which it is certain that no task exists, so sending the same create again is safe. */
    private static boolean nothingCreated(GenerationException refusal) {
        return refusal.kind() == ErrorKind.NETWORK || refusal.kind() == ErrorKind.RATE_LIMITED;
    }

    private String createdTaskId(AnyfastHttp.Answer answer) {
        JsonNode root = api.readObject(answer.body());
        if (root == null) {
            throw errors.plain(
                    ErrorKind.OUTCOME_UNKNOWN,
                    answer.status(),
                    "create answered HTTP " + answer.status() + " with a body that is not JSON; the task may exist");
        }
        for (JsonNode node : List.of(root, root.path("data"))) {
            String id = ProviderError.text(node.get("id"));
            if (id == null) {
                id = ProviderError.text(node.get("task_id"));
            }
            if (id != null) {
                log.info("created Seedance task {}", id);
                return id;
            }
        }
        if (ProviderError.looksLikeError(root)) {
            throw errors.fromResponse(
                    Endpoint.CREATE, answer.status(), answer.headers(), ProviderError.from(api.mapper(), root));
        }
        throw errors.plain(
                ErrorKind.OUTCOME_UNKNOWN, answer.status(), "create answered without a task id; the task may exist");
    }

    /** The create body; uploads local videos first, because their {@code asset://} ids go into it. */
    private CreateTaskBody createBody(VideoRequest request) {
        List<CreateTaskBody.ContentItem> content = new ArrayList<>();
        if (hasText(request)) {
            content.add(CreateTaskBody.ContentItem.text(request.providerPrompt()));
        }
        for (MediaInput input : request.contentOrder()) {
            String url = urlOf(input);
            String role = input.role().wireName();
            content.add(switch (input.kind()) {
                case IMAGE -> CreateTaskBody.ContentItem.image(url, role);
                case VIDEO -> CreateTaskBody.ContentItem.video(url, role);
                case AUDIO -> CreateTaskBody.ContentItem.audio(url, role);
            });
        }
        VideoOptions options = request.options();
        return new CreateTaskBody(
                settings.model(),
                content,
                options.generateAudio(),
                options.resolution().wireName(),
                options.ratio().wireName(),
                options.durationSeconds(),
                options.webSearch() ? List.of(new CreateTaskBody.Tool("web_search")) : null,
                options.watermark());
    }

    /** Remote URLs go as they are; local images and audio as data URIs; local videos (no base64 allowed) as assets. */
    private String urlOf(MediaInput input) {
        if (input.source() instanceof MediaSource.RemoteUrl remote) {
            return remote.uri().toString();
        }
        Path path = ((MediaSource.LocalFile) input.source()).path();
        String dataUri = dataUri(path, input);
        return input.kind() == MediaKind.VIDEO ? assets.upload(dataUri, input.kind(), input.label()) : dataUri;
    }

    private String dataUri(Path path, MediaInput input) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw errors.transport(ErrorKind.UNKNOWN, "could not read input '" + input.label() + "'", e);
        }
        String mime = Optional.of(MediaFormat.detect(bytes, bytes.length).mimeType())
                .filter(type -> type.startsWith(input.kind().tag() + "/"))
                .orElseThrow(() -> errors.plain(
                        ErrorKind.INVALID_REQUEST,
                        0,
                        "input '" + input.label() + "' is not a supported " + input.kind().tag() + " file"));
        return "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    private static boolean hasText(VideoRequest request) {
        return !request.providerPrompt().isBlank();
    }

    /** Logs a create refusal; an empty balance is the operator's to fix and stops every request. */
    private static GenerationException logged(GenerationException refusal) {
        if (refusal.kind() == ErrorKind.INSUFFICIENT_BALANCE) {
            // WARN per request: the operator alert (spend.OperatorAlerts) logs ERROR once per alert interval, so
            // log alerting fires once, not per refused request; the message is redacted, the key never in it
            log.warn("the anyfast account is out of balance (HTTP {}, code {}): top it up; until then every request"
                    + " is refused and refunded: {}", refusal.httpStatus(), refusal.code().orElse("-"),
                    refusal.getMessage());
        } else {
            log.warn("create failed: {} (HTTP {}, code {}): {}",
                    refusal.kind(), refusal.httpStatus(), refusal.code().orElse("-"), refusal.getMessage());
        }
        return refusal;
    }

    private void pause(Duration duration, GenerationException ifInterrupted) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ifInterrupted;
        }
    }

    @Override
    public String toString() {
        return "SeedanceClient[" + settings.baseUrl() + ", " + settings.model() + "]";
    }
}
