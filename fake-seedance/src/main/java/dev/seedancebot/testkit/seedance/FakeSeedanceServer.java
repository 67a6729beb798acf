package dev.seedancebot.testkit.seedance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.seedancebot.testkit.loopback.CallLog;
import dev.seedancebot.testkit.loopback.FaultQueue;
import dev.seedancebot.testkit.loopback.IdleClosingFront;
import dev.seedancebot.testkit.loopback.LoopbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real HTTP server on 127.0.0.1 that speaks anyfast's Seedance wire protocol (API-NOTES §1, §2.2, §5), so the
 * production OkHttp client runs unchanged against it.
 *
 * <p>Routes: {@code POST /v1/video/generations} (create), {@code GET /v1/video/generations/{id}} (poll),
 * {@code POST /volc/asset/{CreateAssetGroup,CreateAsset,GetAsset,ListAssets,ListAssetGroups}} (assets), all behind
 * {@code Authorization: Bearer <apiKey>}; and {@code GET /media/<id>.mp4?X-Tos-Expires=…&sig=fake}, the pre-signed
 * result download, which needs no auth (a wrongly sent header is recorded, see {@link #downloadRequests()}).
 *
 * <p>Tasks advance one {@link Step} of their {@link TaskScript} per {@code pollsPerStep} polls, or per
 * {@code stepDuration} of {@link Clock} time if that is set. One-shot {@link Fault}s are queued per route and
 * consumed in order. Every request is recorded. Thread-safe; tasks cost no threads.
 *
 * <p>With {@link Builder#taskFile} the created tasks outlive the server: a server started on the same file answers
 * polls and downloads for them as if it had never stopped, which the demo needs when its process is killed.
 */
public final class FakeSeedanceServer implements AutoCloseable {
    /** The API key {@link #start()} accepts. */
    public static final String DEFAULT_API_KEY = "fake-seedance-key";

    private static final Logger log = LoggerFactory.getLogger(FakeSeedanceServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CREATE_PATH = "/v1/video/generations";
    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final byte[] RESULT_MP4 = media("result-5s-640x640.mp4");
    private static final byte[] LAST_FRAME_PNG = media("image-640x480.png");
    private static final int PADDING_CHUNK = 64 * 1024;

    /** The routes a test can fault. */
    private enum Route { CREATE, POLL, DOWNLOAD, ASSET, OTHER }

    private final LoopbackServer server;
    /** In front of {@link #server} when idle connections are closed; null otherwise. */
    private final IdleClosingFront front;
    private final ScheduledExecutorService frontSweeper;
    private final String baseUrl;
    private final String apiKey;
    private final Clock clock;
    private final FakeTask.Progression progression;
    private final Duration resultExpiry;
    private final FakeAssetStore assets;
    private final Path taskFile;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong requestSequence = new AtomicLong();

    private final CallLog<RecordedRequest> requests = new CallLog<>();
    private final Map<String, FakeTask> tasks = new ConcurrentHashMap<>();
    private final Map<String, FakeTask> tasksByUpstreamId = new ConcurrentHashMap<>();
    private final List<String> taskOrder = new ArrayList<>();
    /** The create requests that made a task, in creation order; guarded by {@link #taskOrder}. */
    private final List<RecordedRequest> acceptedCreates = new ArrayList<>();
    private final Queue<TaskScript> scripts = new ConcurrentLinkedQueue<>();
    private final FaultQueue<Route, Fault> faults = new FaultQueue<>();
    private volatile TaskScript defaultScript = TaskScript.standard();
    private volatile boolean resultsExpired;
    private volatile boolean tasksHidden;
    private volatile long resultPaddingBytes;
    /** Tasks created and not finished, while {@link #maxRunningTasks} is set; guarded by itself. */
    private final Set<String> running = new HashSet<>();
    private volatile int maxRunningTasks;
    private final AtomicInteger quotaRefusals = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();
    /** Served instead of the bundled 5 s clip when set, e.g. a large video a test made with ffmpeg. */
    private volatile Path resultFile;

    private FakeSeedanceServer(Builder builder) {
        this.apiKey = builder.apiKey;
        this.maxRunningTasks = builder.maxRunningTasks;
        this.clock = builder.clock;
        this.progression = new FakeTask.Progression(builder.pollsPerStep, builder.stepDuration);
        this.resultExpiry = builder.resultExpiry;
        this.assets = new FakeAssetStore(builder.clock, builder.assetPollsUntilActive, builder.assetPendingStatus,
                this::randomSuffix);
        this.taskFile = builder.taskFile;
        if (taskFile != null) {
            loadTasks();
        }
        this.server = LoopbackServer.start("fake-seedance", builder.port, 256, this::handle);
        if (builder.idleTimeout != null) {
            frontSweeper = Executors.newSingleThreadScheduledExecutor(LoopbackServer.daemonThreads("fake-seedance-sweep"));
            front = new IdleClosingFront(server.port(), builder.idleTimeout, clock);
            // wall-clock sweeps for the demo and standalone use; tests move the clock and call closeIdleConnections()
            long sweepMillis = Math.max(10, Math.min(1000, builder.idleTimeout.toMillis() / 2));
            frontSweeper.scheduleWithFixedDelay(front::closeIdle, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        } else {
            frontSweeper = null;
            front = null;
        }
        baseUrl = front != null ? "http://127.0.0.1:" + front.port() : server.baseUrl();
        log.debug("fake Seedance listening on {}", baseUrl);
    }

    /**
     * Accepts at most {@code n} tasks running at once (created and not finished) and answers further creates as Ark
     * does when an account has too many queued tasks: HTTP 429 with the {@code QuotaExceeded} error wrapped by
     * new-api. 0 (the default) accepts any number.
     */
    public void setMaxRunningTasks(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("maxRunningTasks may not be negative, was " + n);
        }
        maxRunningTasks = n;
    }

    /** How many creates were refused with {@code QuotaExceeded} under {@link #setMaxRunningTasks}. */
    public int quotaRefusals() {
        return quotaRefusals.get();
    }

    /** The most tasks running at once under {@link #setMaxRunningTasks}, as counted at each create. */
    public int mostRunningTasks() {
        return mostRunning.get();
    }

    /** Starts a server on an ephemeral 127.0.0.1 port with {@link #DEFAULT_API_KEY} and default settings. */
    public static FakeSeedanceServer start() {
        return builder().start();
    }

    /** Settings for a server; call {@link Builder#start()} to bind it. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The only bearer token the {@code /v1} and {@code /volc} routes accept. */
    public String apiKey() {
        return apiKey;
    }

    /** Stops listening at once; in-flight and delayed answers are abandoned. */
    @Override
    public void close() {
        if (front != null) {
            front.close();
            frontSweeper.shutdownNow();
        }
        server.close();
    }

    /** Every later call is answered {@code delay} later, as across a network with that round trip. */
    public void setRoundTrip(Duration delay) {
        server.setRoundTrip(delay);
    }

    // ---- scripting ----

    /** The next created task follows {@code script}; calls queue up, one script per future task. */
    public void scriptNextTask(TaskScript script) {
        scripts.add(Objects.requireNonNull(script, "script"));
    }

    /** The script for tasks with nothing queued by {@link #scriptNextTask}; initially {@link TaskScript#standard()}. */
    public void setDefaultScript(TaskScript script) {
        defaultScript = Objects.requireNonNull(script, "script");
    }

    /** The next {@code POST /v1/video/generations} suffers {@code fault} instead of (or, for delays, besides) its normal handling. */
    public void failNextCreate(Fault fault) {
        faults.add(r -> r == Route.CREATE, Objects.requireNonNull(fault, "fault"));
    }

    /** The next {@code GET /v1/video/generations/{id}} suffers {@code fault}; the poll is not counted for the task. */
    public void failNextPoll(Fault fault) {
        faults.add(r -> r == Route.POLL, Objects.requireNonNull(fault, "fault"));
    }

    /** The next {@code GET /media/…} suffers {@code fault}. */
    public void failNextDownload(Fault fault) {
        faults.add(r -> r == Route.DOWNLOAD, Objects.requireNonNull(fault, "fault"));
    }

    /** The next {@code POST /volc/asset/…} call, of any kind, suffers {@code fault}. */
    public void failNextAsset(Fault fault) {
        faults.add(r -> r == Route.ASSET, Objects.requireNonNull(fault, "fault"));
    }

    // ---- control ----

    /** The task reports {@code SUCCESS} from its next poll on, whatever its script says. */
    public void completeTask(String taskId) {
        FakeTask task = tasks.get(taskId);
        if (task == null) {
            throw new IllegalArgumentException("no task " + taskId);
        }
        task.forceSuccess();
    }

    /**
     * While {@code hidden}, every poll answers 400 {@code task_not_exist}, as stock new-api answers a key that did not
     * create the task: what the bot sees after its operator rotated the API key. The tasks keep running meanwhile.
     */
    public void hideTasks(boolean hidden) {
        tasksHidden = hidden;
    }

    /** Every result download answers 403 (TOS "Request has expired") from now on. */
    public void expireResults() {
        resultsExpired = true;
    }

    /**
     * Serves the result with an MP4 {@code free} box of exactly {@code bytes} bytes (header included) appended, so
     * the file stays playable but is {@code bytes} larger. Streamed, never buffered. 0 turns padding off; otherwise at
     * least 8 (16 above 4 GiB, where the box needs a 64-bit size).
     */
    public void setResultPaddingBytes(long bytes) {
        if (bytes < 0 || (bytes > 0 && bytes < 8) || (bytes > 0xFFFFFFFFL && bytes < 16)) {
            throw new IllegalArgumentException("padding must be 0 or at least 8 bytes, was " + bytes);
        }
        resultPaddingBytes = bytes;
    }

    /**
     * Serves {@code file} (read from disk at each download, never held in memory) as every task's result from now
     * on, instead of the bundled 5 s clip; {@code null} goes back to the bundled clip. Lets tests deliver a result
     * larger than a chat's upload limit that is a real video, not padding.
     */
    public void setResultFile(Path file) {
        resultFile = file;
    }

    /** Size in bytes of a result download with the current padding. */
    public long resultSizeBytes() {
        return resultLength() + resultPaddingBytes;
    }

    private long resultLength() {
        Path file = resultFile;
        try {
            return file == null ? RESULT_MP4.length : Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Closes every connection that has been idle for the {@link Builder#closeIdleConnectionsAfter} time by the
     * server's clock, at once (the server also does this by itself about every second); returns how many it closed.
     *
     * @throws IllegalStateException if the server was built without {@code closeIdleConnectionsAfter}
     */
    public int closeIdleConnections() {
        return requireFront().closeIdle();
    }

    /** TCP connections clients have opened; only counted with {@link Builder#closeIdleConnectionsAfter}. */
    public int connectionsOpened() {
        return requireFront().acceptedConnections();
    }

    /** Connections closed for being idle so far; only with {@link Builder#closeIdleConnectionsAfter}. */
    public int idleConnectionsClosed() {
        return requireFront().closedIdleConnections();
    }

    private IdleClosingFront requireFront() {
        if (front == null) {
            throw new IllegalStateException("start the server with closeIdleConnectionsAfter to count connections");
        }
        return front;
    }

    // ---- recording ----

    /** Every request received, faulted ones included, in arrival order. */
    public List<RecordedRequest> requests() {
        return requests.all();
    }

    /** Only the {@code POST /v1/video/generations} requests. */
    public List<RecordedRequest> createRequests() {
        return requests().stream()
                .filter(r -> r.method().equals("POST") && pathOf(r).equals(CREATE_PATH))
                .toList();
    }

    /**
     * The create requests that made a task, in creation order: unlike {@link #createRequests()}, without those
     * refused (faulted, invalid, or over {@link #setMaxRunningTasks}), which created nothing and may be sent again.
     */
    public List<RecordedRequest> acceptedCreateRequests() {
        synchronized (taskOrder) {
            return List.copyOf(acceptedCreates);
        }
    }

    /** Only the {@code GET /media/…} requests; check {@code header("Authorization")} to catch a leaked API key. */
    public List<RecordedRequest> downloadRequests() {
        return requests().stream().filter(r -> pathOf(r).startsWith("/media/")).toList();
    }

    /** How many tasks were created (a delayed create counts even if its client gave up). */
    public int createdTaskCount() {
        synchronized (taskOrder) {
            return taskOrder.size();
        }
    }

    /** Ids of created tasks in creation order. */
    public List<String> taskIds() {
        synchronized (taskOrder) {
            return List.copyOf(taskOrder);
        }
    }

    /** What the task would report now, without counting as a poll; empty for unknown ids. */
    public Optional<TaskState> task(String id) {
        return Optional.ofNullable(tasks.get(id)).map(t -> t.state(progression, clock.instant()));
    }

    /** The asset as the server holds it now, without counting as a read; empty for unknown ids. */
    public Optional<AssetState> asset(String id) {
        return assets.state(id);
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) {
        try {
            RecordedRequest request = record(exchange);
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Fault fault = faults.take(routeOf(method, path)).orElse(null);
            if (fault != null && fault.kind() == Fault.Kind.DROP_CONNECTION) {
                // Closing before sendResponseHeaders makes the JDK server drop the connection without a status line.
                exchange.close();
                return;
            }
            Reply reply = fault != null && fault.kind() == Fault.Kind.HTTP ? Reply.from(fault) : route(method, path, request);
            if (fault != null && fault.kind() == Fault.Kind.DELAY) {
                server.runLater(fault.delayDuration(), () -> send(exchange, reply));
            } else {
                send(exchange, reply);
            }
        } catch (RuntimeException | IOException e) {
            log.warn("fake Seedance failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            send(exchange, Reply.json(500, Faults.errorBody("fake server error: " + e, "new_api_error", "internal_error")));
        }
    }

    private RecordedRequest record(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        URI uri = exchange.getRequestURI();
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), path, exchange.getRequestHeaders(), body);
        requests.add(request);
        return request;
    }

    private static Route routeOf(String method, String path) {
        if (path.equals(CREATE_PATH) && method.equals("POST")) {
            return Route.CREATE;
        }
        if (path.startsWith(CREATE_PATH + "/") && method.equals("GET")) {
            return Route.POLL;
        }
        if (path.startsWith("/media/")) {
            return Route.DOWNLOAD;
        }
        if (path.startsWith("/volc/asset/")) {
            return Route.ASSET;
        }
        return Route.OTHER;
    }

    private Reply route(String method, String path, RecordedRequest request) {
        if (path.startsWith("/media/") && method.equals("GET")) {
            return download(path.substring("/media/".length()));
        }
        boolean api = path.startsWith("/v1/") || path.startsWith("/volc/");
        if (api && !request.header("Authorization").orElse("").equals("Bearer " + apiKey)) {
            return Reply.json(401, Faults.invalidApiKeyBody());
        }
        if (path.equals(CREATE_PATH) && method.equals("POST")) {
            return create(request);
        }
        if (path.startsWith(CREATE_PATH + "/") && method.equals("GET")) {
            return poll(path.substring(CREATE_PATH.length() + 1));
        }
        if (path.startsWith("/volc/asset/") && method.equals("POST")) {
            return assets.handle(path.substring("/volc/asset/".length()), request, baseUrl);
        }
        return Reply.json(404, Faults.errorBody("Invalid URL (" + method + " " + path + ")", "invalid_request_error", ""));
    }

    private Reply create(RecordedRequest request) {
        CreateRequest parsed;
        try {
            parsed = CreateRequest.parse(request.body(), assets::isActive);
        } catch (CreateRequest.Rejected rejected) {
            return rejected.reply;
        }
        Instant now = clock.instant();
        String id = "asyntask_" + randomSuffix(24);
        String upstreamId = "cgt-" + ID_TIME.format(now) + "-" + randomSuffix(5);
        String requestId = ID_TIME.format(now) + "000fake" + String.format("%04d", requestSequence.incrementAndGet() % 10_000);
        if (!admit(id, now)) {
            quotaRefusals.incrementAndGet();
            return Reply.json(429, Faults.wrappedUpstreamBody("QuotaExceeded", "The request failed because you have"
                    + " exceeded the maximum number of queued tasks for this account. Please try again later."));
        }
        TaskScript script = Optional.ofNullable(scripts.poll()).orElse(defaultScript);
        FakeTask task = new FakeTask(id, upstreamId, requestId, parsed, script, now);
        if (taskFile != null) {
            // before answering: once the client holds the id, a restarted server must know it
            saveTask(id, upstreamId, requestId, now, request.body());
        }
        tasks.put(id, task);
        tasksByUpstreamId.put(upstreamId, task);
        synchronized (taskOrder) {
            taskOrder.add(id);
            acceptedCreates.add(request);
        }
        log.debug("created task {} ({}) with {}", id, upstreamId, script);
        ObjectNode body = JSON.createObjectNode()
                .put("id", id)
                .put("task_id", id)
                .put("object", "video")
                .put("model", CreateRequest.MODEL)
                .put("status", "")
                .put("progress", 0)
                .put("created_at", now.getEpochSecond());
        return Reply.json(200, body.toString());
    }

    /** Counts the task as running if the cap allows it; finished tasks leave the count first. */
    private boolean admit(String id, Instant now) {
        int cap = maxRunningTasks;
        if (cap == 0) {
            return true;
        }
        synchronized (running) {
            // an id not in the task map yet is a create being answered right now: it still counts
            running.removeIf(other -> tasks.containsKey(other) && tasks.get(other).finished(progression, now));
            if (running.size() >= cap) {
                return false;
            }
            running.add(id);
            mostRunning.accumulateAndGet(running.size(), Math::max);
            return true;
        }
    }

    /**
     * One JSON line per task, appended: a process killed mid-write leaves at most a torn last line, which
     * {@link #loadTasks} skips (that task's create was never answered, so no client knows its id).
     */
    private synchronized void saveTask(String id, String upstreamId, String requestId, Instant createdAt, byte[] body) {
        String line = JSON.createObjectNode()
                .put("id", id)
                .put("upstreamId", upstreamId)
                .put("requestId", requestId)
                .put("createdAt", createdAt.toString())
                .put("body", new String(body, StandardCharsets.UTF_8))
                .toString() + "\n";
        try {
            Files.writeString(taskFile, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + taskFile, e);
        }
    }

    /** Tasks a previous server wrote; they follow the default script from their creation time on. */
    private void loadTasks() {
        try {
            Files.createDirectories(taskFile.toAbsolutePath().getParent());
            if (!Files.exists(taskFile)) {
                return;
            }
            String content = Files.readString(taskFile, StandardCharsets.UTF_8);
            if (!content.isEmpty() && !content.endsWith("\n")) {
                // ends the torn line, or the next task appended would be glued to it and lost on the next load
                Files.writeString(taskFile, "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            }
            for (String line : content.split("\n")) {
                JsonNode saved;
                CreateRequest request;
                try {
                    saved = JSON.readTree(line);
                    // the assets it names were Active when it was accepted; the asset store itself is not kept
                    request = CreateRequest.parse(saved.path("body").asText().getBytes(StandardCharsets.UTF_8),
                            asset -> true);
                } catch (IOException | CreateRequest.Rejected torn) {
                    log.debug("skipping an unreadable line of {}", taskFile);
                    continue;
                }
                FakeTask task = new FakeTask(saved.path("id").asText(), saved.path("upstreamId").asText(),
                        saved.path("requestId").asText(), request, defaultScript,
                        Instant.parse(saved.path("createdAt").asText()));
                tasks.put(saved.path("id").asText(), task);
                tasksByUpstreamId.put(saved.path("upstreamId").asText(), task);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + taskFile, e);
        }
    }

    private Reply poll(String id) {
        if (tasksHidden) {
            return Reply.json(400, Faults.taskNotExistBody());
        }
        FakeTask task = tasks.get(id);
        if (task == null) {
            return Reply.json(404, Faults.notFoundBody());
        }
        return Reply.json(200, task.poll(progression, clock.instant(), baseUrl, resultExpiry).toString());
    }

    private Reply download(String file) {
        boolean lastFrame = file.endsWith("-last.png");
        String upstreamId = lastFrame ? file.substring(0, file.length() - "-last.png".length())
                : file.endsWith(".mp4") ? file.substring(0, file.length() - ".mp4".length()) : file;
        FakeTask task = tasksByUpstreamId.get(upstreamId);
        Instant expiresAt = task == null ? null : task.resultExpiresAt(resultExpiry);
        if (expiresAt == null) {
            return tosError(404, "NoSuchKey", "The specified key does not exist.");
        }
        if (resultsExpired || clock.instant().isAfter(expiresAt)) {
            return tosError(403, "AccessDenied", "Request has expired");
        }
        if (lastFrame) {
            return Reply.bytes(200, "image/png", LAST_FRAME_PNG);
        }
        long padding = resultPaddingBytes;
        Path served = resultFile;
        return new Reply(200, "video/mp4", List.of(), resultLength() + padding, out -> {
            if (served == null) {
                out.write(RESULT_MP4);
            } else {
                Files.copy(served, out);
            }
            writeFreeBox(out, padding);
        });
    }

    private static Reply tosError(int status, String code, String message) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>fake</RequestId></Error>";
        return Reply.bytes(status, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    /** An ISO-BMFF {@code free} box: players skip it, so padding keeps the MP4 valid. */
    private static void writeFreeBox(OutputStream out, long size) throws IOException {
        if (size == 0) {
            return;
        }
        ByteBuffer header = ByteBuffer.allocate(16);
        if (size <= 0xFFFFFFFFL) {
            header.putInt((int) size).put("free".getBytes(StandardCharsets.US_ASCII));
        } else {
            header.putInt(1).put("free".getBytes(StandardCharsets.US_ASCII)).putLong(size);
        }
        out.write(header.array(), 0, header.position());
        byte[] zeros = new byte[PADDING_CHUNK];
        for (long left = size - header.position(); left > 0; left -= zeros.length) {
            out.write(zeros, 0, (int) Math.min(zeros.length, left));
        }
    }

    private void send(HttpExchange exchange, Reply reply) {
        try (exchange) {
            reply.headers().forEach(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue()));
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), reply.length() == 0 ? -1 : reply.length());
            if (reply.length() > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    reply.body().writeTo(out);
                }
            }
        } catch (IOException e) {
            log.debug("client went away during {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        }
    }

    private String randomSuffix(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    private static String pathOf(RecordedRequest request) {
        int query = request.path().indexOf('?');
        return query < 0 ? request.path() : request.path().substring(0, query);
    }

    /** Read from where testkit's {@code TestMedia} finds them too, so the files exist once. */
    private static byte[] media(String name) {
        try (InputStream in = FakeSeedanceServer.class.getResourceAsStream("/dev/seedancebot/testkit/media/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing media " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a server until the process is killed: {@code --port N} (default 8089), {@code --api-key K} (default
     * {@link #DEFAULT_API_KEY}), {@code --step-seconds S} (default 3; tasks advance one step per S seconds of wall
     * time), {@code --max-running N} (default 0: no cap; see {@link #setMaxRunningTasks}). Prints the base URL.
     */
    public static void main(String[] args) throws InterruptedException {
        Builder builder = builder().port(8089).stepDuration(Duration.ofSeconds(3));
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> builder.port(Integer.parseInt(Objects.requireNonNull(value, "--port needs a value")));
                case "--api-key" -> builder.apiKey(Objects.requireNonNull(value, "--api-key needs a value"));
                case "--max-running" -> builder.maxRunningTasks(
                        Integer.parseInt(Objects.requireNonNull(value, "--max-running needs a value")));
                case "--step-seconds" -> builder.stepDuration(
                        Duration.ofSeconds(Long.parseLong(Objects.requireNonNull(value, "--step-seconds needs a value"))));
                default -> throw new IllegalArgumentException(
                        "unknown argument " + args[i] + "; use --port N, --api-key K, --step-seconds S, --max-running N");
            }
            i++;
        }
        FakeSeedanceServer server = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println(server.baseUrl());
        new CountDownLatch(1).await();
    }

    /** Settings for {@link FakeSeedanceServer}. Not thread-safe; use from one thread, then {@link #start()}. */
    public static final class Builder {
        private int port;
        private String apiKey = DEFAULT_API_KEY;
        private Clock clock = Clock.systemUTC();
        private int pollsPerStep = 1;
        private Duration stepDuration;
        private Duration resultExpiry = Duration.ofHours(24);
        private int assetPollsUntilActive = 1;
        private String assetPendingStatus = "Processing";
        private Path taskFile;
        private Duration idleTimeout;
        private int maxRunningTasks;

        private Builder() {}

        /** See {@link FakeSeedanceServer#setMaxRunningTasks}; default 0, no cap. */
        public Builder maxRunningTasks(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxRunningTasks may not be negative, was " + n);
            }
            this.maxRunningTasks = n;
            return this;
        }

        /** Port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** The bearer token to accept; default {@link #DEFAULT_API_KEY}. */
        public Builder apiKey(String apiKey) {
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey may not be blank");
            }
            this.apiKey = apiKey;
            return this;
        }

        /** Source of timestamps, time-based progression and result expiry; default system UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Polls a task answers with each step before moving on; default 1. Ignored once {@link #stepDuration} is set. */
        public Builder pollsPerStep(int pollsPerStep) {
            if (pollsPerStep < 1) {
                throw new IllegalArgumentException("pollsPerStep must be at least 1, was " + pollsPerStep);
            }
            this.pollsPerStep = pollsPerStep;
            return this;
        }

        /** Advance one step per this much clock time since creation instead of per poll (for demos and standalone use). */
        public Builder stepDuration(Duration stepDuration) {
            if (stepDuration.isNegative() || stepDuration.isZero()) {
                throw new IllegalArgumentException("stepDuration must be positive, was " + stepDuration);
            }
            this.stepDuration = stepDuration;
            return this;
        }

        /** How long after a task finishes its result stays downloadable (then 403); default 24 h. */
        public Builder resultExpiry(Duration resultExpiry) {
            if (resultExpiry.isNegative()) {
                throw new IllegalArgumentException("resultExpiry may not be negative");
            }
            this.resultExpiry = resultExpiry;
            return this;
        }

        /**
         * How many GetAsset/ListAssets reads of a new asset still answer {@code Processing}; later reads, and
         * generation requests, see it {@code Active}. Default 1; 0 makes assets Active at once.
         */
        public Builder assetPollsUntilActive(int reads) {
            if (reads < 0) {
                throw new IllegalArgumentException("assetPollsUntilActive may not be negative, was " + reads);
            }
            this.assetPollsUntilActive = reads;
            return this;
        }

        /**
         * The status a new asset reports until it is Active: {@code Processing} (the default) or {@code Inactive},
         * which anyfast's GetAsset enum lists and which has been seen right after an upload. With
         * {@link #assetPollsUntilActive} at {@code Integer.MAX_VALUE} the asset never becomes Active.
         */
        public Builder assetPendingStatus(String status) {
            if (!status.equals("Processing") && !status.equals("Inactive")) {
                throw new IllegalArgumentException("assetPendingStatus must be Processing or Inactive, was " + status);
            }
            this.assetPendingStatus = status;
            return this;
        }

        /**
         * Writes each created task to this file before answering its create, and knows the tasks already in it, so
         * that tasks outlive a killed process. Reloaded tasks follow the default script (a script queued with
         * {@code scriptNextTask}, poll counts and {@code completeTask} are not kept), and they are not counted in
         * {@code taskIds()}, which lists this server's creations. Off by default.
         */
        public Builder taskFile(Path taskFile) {
            this.taskFile = Objects.requireNonNull(taskFile, "taskFile");
            return this;
        }

        /**
         * Closes keep-alive connections that stayed idle this long by the server's {@link #clock}, as real gateways
         * do, through a loopback TCP front whose port {@link FakeSeedanceServer#baseUrl()} then names. With a test clock, move it and
         * call {@link FakeSeedanceServer#closeIdleConnections()}. Off by default.
         */
        public Builder closeIdleConnectionsAfter(Duration idleTimeout) {
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive, was " + idleTimeout);
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** Binds and starts the server. */
        public FakeSeedanceServer start() {
            return new FakeSeedanceServer(this);
        }
    }
}
