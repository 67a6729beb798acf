package dev.seedancebot.bench.platform;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.bench.Measure;
import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.engine.EngineListener;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.telegram.TelegramAdapter;
import dev.seedancebot.telegram.TelegramSettings;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A 45 MiB result delivered to Telegram: the real engine downloads it from the in-process FakeSeedanceServer and the
 * real Telegram adapter uploads it with sendVideo to FakeTelegramBotApi running as a local Bot API server in a child
 * JVM (it buffers every upload, several times over, so it must not share the bot's heap). Compared, in the same run
 * and alternately, with a plain OkHttp download to a temp file followed by a multipart upload of that file to the same
 * fake.
 *
 * <p>Time runs from the task's SUCCEEDED transition (bot) or the start of the download (plain) to the moment the
 * child fake has recorded the whole sendVideo (the child's clock; same machine, so the same wall clock). Heap growth
 * is the highest heap use sampled every 1 ms in the bot's JVM during that window minus the heap after GC just before
 * it; it counts garbage too.
 */
public final class TelegramDeliveryBenchmark {
    private static final long RESULT_BYTES = 45L * 1024 * 1024;
    private static final long HEAP_LIMIT = 16L * 1024 * 1024;
    private static final int WARMUP_RUNS = 2;
    private static final int RUNS = 9;
    private static final long CHAT_ID = 4242;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final QuotaSettings UNLIMITED = new QuotaSettings(ZoneId.of("UTC"), 0, 0, 0, 0);

    /**
     * One delivery: total and phase times (download = SUCCEEDED to DELIVERING for the bot), heap growth, bytes
     * allocated by all threads, and the three threads that allocated most.
     */
    private record Run(double totalMs, double downloadMs, double uploadMs, long heapGrowth, long allocated,
            String topAllocators) {
        double mbPerSecond() {
            return RESULT_BYTES / 1e6 / (totalMs / 1000);
        }
    }

    /** Engine state changes with their wall-clock time in epoch microseconds. */
    private static final class StateLog implements EngineListener {
        private final Map<String, Map<TaskState, Long>> times = new ConcurrentHashMap<>();
        private final Object monitor = new Object();

        @Override
        public void stateChanged(String taskId, TaskState from, TaskState to) {
            long now = epochMicros();
            synchronized (monitor) {
                times.computeIfAbsent(taskId, t -> new EnumMap<>(TaskState.class)).putIfAbsent(to, now);
                monitor.notifyAll();
            }
        }

        long await(String taskId, TaskState state) throws InterruptedException, TimeoutException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            synchronized (monitor) {
                while (true) {
                    Map<TaskState, Long> t = times.get(taskId);
                    if (t != null && t.containsKey(state)) {
                        return t.get(state);
                    }
                    if (t != null && (t.containsKey(TaskState.FAILED) || t.containsKey(TaskState.CANCELLED))) {
                        throw new IllegalStateException("task " + taskId + " ended as " + t.keySet());
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException("task " + taskId + " did not reach " + state + ": " + t);
                    }
                    monitor.wait(Math.max(1, left / 1_000_000));
                }
            }
        }
    }

    public PlatformReport run() throws Exception {
        Path dir = Files.createTempDirectory("seedance-bench-delivery");
        PlatformReport report = new PlatformReport("delivery: a 45 MiB result to Telegram (local Bot API server),"
                + " bot vs plain OkHttp download-then-upload, loopback");
        StateLog states = new StateLog();
        OkHttpClient plainHttp = new OkHttpClient();
        try (FakeSeedanceServer seedance = FakeSeedanceServer.builder().pollsPerStep(1_000_000).start();
                FakeTelegramProcess telegram = FakeTelegramProcess.start()) {
            seedance.setResultPaddingBytes(RESULT_BYTES - seedance.resultSizeBytes());
            Path work = dir.resolve("core");
            CoreAssembly core = CoreAssembly.builder()
                    .workDir(work)
                    .seedance(SeedanceSettings.defaults(seedance.apiKey()).withBaseUrl(seedance.baseUrl()))
                    .engineSettings(EngineSettings.fast(work))
                    .quotaSettings(UNLIMITED)
                    .trust(IntakeBenchmark.BURSTS)
                    .listener(states)
                    .build();
            TelegramSettings settings = TelegramSettings.defaults(telegram.token())
                    .withServer("http", "127.0.0.1", telegram.port(), true);
            TelegramAdapter adapter = new TelegramAdapter(settings, core.ports(), core.http(), Ticker.systemTicker(),
                    dir.resolve("telegram"));
            try {
                core.router().register(adapter);
                adapter.start();
                core.start();
                int uploads = 0;
                URI resultUrl = null;
                List<Run> botRuns = new ArrayList<>();
                List<Run> plainRuns = new ArrayList<>();
                for (int i = 0; i < WARMUP_RUNS + RUNS; i++) {
                    Run b = viaBot(core, seedance, telegram, states, ++uploads, i);
                    if (resultUrl == null) {
                        resultUrl = core.engine().recentTasks(user(), 1).get(0).resultUrl();
                    }
                    Run p = viaPlainOkHttp(plainHttp, resultUrl, telegram, ++uploads, dir.resolve("plain.mp4"));
                    if (i >= WARMUP_RUNS) {
                        botRuns.add(b);
                        plainRuns.add(p);
                    }
                }
                addFigures(report, botRuns, plainRuns);
            } finally {
                adapter.close();
                core.close(Duration.ofSeconds(5));
            }
        } finally {
            plainHttp.dispatcher().executorService().shutdown();
            plainHttp.connectionPool().evictAll();
        }
        report.note("heap growth = highest heap use sampled every 1 ms in the bot's JVM (engine, adapter, fake Seedance"
                + " server; the Telegram fake runs in a child JVM) minus heap after GC just before; it counts garbage"
                + " too, so a bot that buffered the file would show >= 45 MB.");
        report.note("allocated = sum of ThreadMXBean allocated bytes over all live threads of the bot's JVM in the"
                + " window; an upper bound on what the window could have retained.");
        report.note("the fake Telegram server reads each 45 MiB upload into memory and copies it several times before"
                + " recording it; that cost is in both paths' times alike. " + WARMUP_RUNS + " warm-up runs of each"
                + " first; bot and plain runs alternate.");
        return report;
    }

    private static void addFigures(PlatformReport report, List<Run> bot, List<Run> plain) {
        double botMs = Measure.median(bot.stream().map(Run::totalMs).toList());
        double plainMs = Measure.median(plain.stream().map(Run::totalMs).toList());
        double ratio = plainMs / botMs;
        report.add("result size", RESULT_BYTES + " bytes (" + Measure.mb(RESULT_BYTES) + ")");
        report.add("bot: SUCCEEDED -> upload recorded at the fake, median of " + RUNS,
                Stats.ms(botMs) + String.format(" (%.0f MB/s)", RESULT_BYTES / 1e6 / (botMs / 1000)));
        report.add("  of which download (SUCCEEDED -> DELIVERING) / upload, median",
                Stats.ms(Measure.median(bot.stream().map(Run::downloadMs).toList())) + " / "
                        + Stats.ms(Measure.median(bot.stream().map(Run::uploadMs).toList())));
        report.add("plain OkHttp: download to file, then multipart upload, median of " + RUNS,
                Stats.ms(plainMs) + String.format(" (%.0f MB/s)", RESULT_BYTES / 1e6 / (plainMs / 1000)));
        report.add("  of which download / upload, median",
                Stats.ms(Measure.median(plain.stream().map(Run::downloadMs).toList())) + " / "
                        + Stats.ms(Measure.median(plain.stream().map(Run::uploadMs).toList())));
        report.add("bot / plain times per run (ms)", bot.stream().map(r -> String.format("%.0f", r.totalMs()))
                .collect(Collectors.joining(" ")) + " / " + plain.stream().map(r -> String.format("%.0f", r.totalMs()))
                .collect(Collectors.joining(" ")));
        report.check("throughput ratio bot / plain (= plain time / bot time)", String.format("%.2f", ratio), ">= 0.8",
                ratio >= 0.8);
        long botHeap = bot.stream().mapToLong(Run::heapGrowth).max().orElse(0);
        long plainHeap = plain.stream().mapToLong(Run::heapGrowth).max().orElse(0);
        report.check("bot peak heap growth (worst run)", Measure.mb(botHeap), "< 16 MB", botHeap < HEAP_LIMIT);
        report.add("plain OkHttp peak heap growth (worst run)", Measure.mb(plainHeap));
        report.add("allocated by all threads, bot / plain (median)",
                Measure.mb(Measure.median(bot.stream().map(r -> (double) r.allocated()).toList())) + " / "
                        + Measure.mb(Measure.median(plain.stream().map(r -> (double) r.allocated()).toList())));
        Run worst = bot.stream().max((a, b) -> Long.compare(a.heapGrowth(), b.heapGrowth())).orElseThrow();
        report.add("bot threads that allocated most (worst run)", worst.topAllocators());
        report.add("heap figures' granularity (G1 region size)", g1RegionSize());
    }

    // ---------------------------------------------------------------- the bot

    private static Run viaBot(CoreAssembly core, FakeSeedanceServer seedance, FakeTelegramProcess telegram,
            StateLog states, int uploadNumber, int runIndex) throws Exception {
        ChatRef chat = ChatRef.of(Platform.TELEGRAM, Long.toString(CHAT_ID), Long.toString(CHAT_ID));
        SubmitOutcome outcome = core.engine().submit(VideoRequest.text("delivery benchmark " + runIndex,
                VideoOptions.DEFAULTS, user(), chat), Set.of());
        if (!(outcome instanceof SubmitOutcome.Accepted accepted)) {
            throw new IllegalStateException("the benchmark task was not accepted: " + outcome);
        }
        String taskId = accepted.task().id();
        states.await(taskId, TaskState.SUBMITTED);
        TaskView task = core.engine().task(taskId).orElseThrow();

        Window window = Window.open();
        telegram.expectUpload(uploadNumber);
        seedance.completeTask(task.providerTaskId());
        FakeTelegramProcess.Upload upload = telegram.awaitUpload();
        window.close();
        long succeeded = states.await(taskId, TaskState.SUCCEEDED);
        long delivering = states.await(taskId, TaskState.DELIVERING);
        states.await(taskId, TaskState.DELIVERED);
        check(upload);
        return new Run((upload.epochMicros() - succeeded) / 1000.0, (delivering - succeeded) / 1000.0,
                (upload.epochMicros() - delivering) / 1000.0, window.heapGrowth(), window.allocated(),
                window.topAllocators());
    }

    // ---------------------------------------------------------------- plain OkHttp

    private static Run viaPlainOkHttp(OkHttpClient http, URI url, FakeTelegramProcess telegram, int uploadNumber,
            Path file) throws Exception {
        Window window = Window.open();
        telegram.expectUpload(uploadNumber);
        long start = epochMicros();
        try (Response response = http.newCall(new Request.Builder().url(url.toString()).get().build()).execute();
                InputStream in = response.body().byteStream()) {
            if (!response.isSuccessful()) {
                throw new IllegalStateException("plain download answered " + response.code());
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        long downloaded = epochMicros();
        RequestBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("chat_id", Long.toString(CHAT_ID))
                .addFormDataPart("video", "video.mp4", RequestBody.create(file.toFile(), MediaType.get("video/mp4")))
                .build();
        Request request = new Request.Builder().url(telegram.baseUrl() + "/bot" + telegram.token() + "/sendVideo")
                .post(body).build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new IllegalStateException("plain sendVideo answered " + response.code());
            }
        }
        FakeTelegramProcess.Upload upload = telegram.awaitUpload();
        window.close();
        check(upload);
        return new Run((upload.epochMicros() - start) / 1000.0, (downloaded - start) / 1000.0,
                (upload.epochMicros() - downloaded) / 1000.0, window.heapGrowth(), window.allocated(),
                window.topAllocators());
    }

    // ---------------------------------------------------------------- measuring

    /** Heap after GC at the start, the highest heap use sampled every 1 ms, and per-thread allocations. */
    private static final class Window {
        private final long heapBefore;
        private final Map<Long, Long> allocatedBefore;
        private final AtomicLong peak;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread sampler;
        private Map<Long, Long> allocatedAfter;
        private Map<Long, String> names;

        private Window() {
            heapBefore = Measure.heapAfterGc();
            peak = new AtomicLong(heapBefore);
            allocatedBefore = allocatedPerThread();
            sampler = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(Measure.heapUsedNow(), Math::max);
                    LockSupport.parkNanos(1_000_000);
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        static Window open() {
            return new Window();
        }

        void close() throws InterruptedException {
            allocatedAfter = allocatedPerThread();
            running.set(false);
            sampler.join();
            names = new HashMap<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                names.put(t.getId(), t.getName());
            }
        }

        long heapGrowth() {
            return peak.get() - heapBefore;
        }

        long allocated() {
            return allocatedAfter.entrySet().stream()
                    .mapToLong(e -> e.getValue() - allocatedBefore.getOrDefault(e.getKey(), 0L)).sum();
        }

        String topAllocators() {
            return allocatedAfter.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - allocatedBefore.getOrDefault(e.getKey(), 0L)))
                    .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .limit(3)
                    .map(e -> names.getOrDefault(e.getKey(), "#" + e.getKey()) + " " + Measure.mb(e.getValue()))
                    .collect(Collectors.joining(", "));
        }

        private static Map<Long, Long> allocatedPerThread() {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long[] ids = threads.getAllThreadIds();
            long[] bytes = threads.getThreadAllocatedBytes(ids);
            Map<Long, Long> out = new HashMap<>();
            for (int i = 0; i < ids.length; i++) {
                if (bytes[i] >= 0) {
                    out.put(ids[i], bytes[i]);
                }
            }
            return out;
        }
    }

    private static String g1RegionSize() {
        try {
            var hotspot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return Measure.mb(Long.parseLong(hotspot.getVMOption("G1HeapRegionSize").getValue()));
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static void check(FakeTelegramProcess.Upload upload) {
        if (upload.status() != 200 || upload.bytes() != RESULT_BYTES) {
            throw new IllegalStateException("the fake recorded a sendVideo of " + upload.bytes() + " bytes with status "
                    + upload.status() + ", expected " + RESULT_BYTES + " bytes and 200");
        }
    }

    private static UserKey user() {
        return new UserKey(Platform.TELEGRAM, Long.toString(CHAT_ID));
    }

    private static long epochMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
