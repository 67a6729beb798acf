package dev.seedancebot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedancebot.core.generation.GenerationStatus;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.seedance.SeedanceClient;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A 45 MiB result downloaded by {@link SeedanceClient#download} and by a plain OkHttp call to a file, alternately, from
 * the same fake URL in the same JVM: throughput ratio and heap growth while streaming.
 */
final class DownloadBenchmark {
    private static final long RESULT_BYTES = 45L * 1024 * 1024;
    private static final int WARMUP_RUNS = 2;
    private static final int RUNS = 5;
    private static final long HEAP_LIMIT = 16L * 1024 * 1024;

    private record Run(double mbPerSecond, long heapGrowth, long allocated) {}

    Report run() throws Exception {
        Path dir = Files.createTempDirectory("seedance-bench-download");
        Report report = new Report("download: a 45 MiB result, SeedanceClient vs plain OkHttp, loopback");
        OkHttpClient http = new OkHttpClient();
        try (FakeSeedanceServer fake = FakeSeedanceServer.start()) {
            SeedanceSettings settings = new SeedanceSettings(fake.baseUrl(), fake.apiKey(),
                    SeedanceSettings.DEFAULT_MODEL, Duration.ofSeconds(5), Duration.ofSeconds(30),
                    200L * 1024 * 1024, null, Duration.ofMillis(100), Duration.ofSeconds(30), 3, 3,
                    Duration.ofMillis(100));
            SeedanceClient client = new SeedanceClient(http, new ObjectMapper(), settings);
            URI url = finishedResult(fake, client);
            fake.setResultPaddingBytes(RESULT_BYTES - fake.resultSizeBytes());
            Path clientFile = dir.resolve("client.mp4");
            Path plainFile = dir.resolve("plain.mp4");
            LongSupplier viaClient = () -> client.download(url, clientFile, Long.MAX_VALUE);
            LongSupplier viaOkHttp = () -> plainDownload(http, url, plainFile);

            List<Run> clientRuns = new ArrayList<>();
            List<Run> plainRuns = new ArrayList<>();
            for (int i = 0; i < WARMUP_RUNS + RUNS; i++) {
                Run c = measure(viaClient);
                Run p = measure(viaOkHttp);
                if (i >= WARMUP_RUNS) {
                    clientRuns.add(c);
                    plainRuns.add(p);
                }
            }
            double clientRate = Measure.median(clientRuns.stream().map(Run::mbPerSecond).toList());
            double plainRate = Measure.median(plainRuns.stream().map(Run::mbPerSecond).toList());
            long clientHeap = clientRuns.stream().mapToLong(Run::heapGrowth).max().orElse(0);
            long plainHeap = plainRuns.stream().mapToLong(Run::heapGrowth).max().orElse(0);
            report.add("result size", Files.size(clientFile) + " bytes (" + Measure.mb(Files.size(clientFile)) + ")");
            report.add("SeedanceClient.download, median of " + RUNS, String.format("%.0f MB/s", clientRate));
            report.add("plain OkHttp to file, median of " + RUNS, String.format("%.0f MB/s", plainRate));
            report.check("throughput ratio client / plain", String.format("%.2f", clientRate / plainRate), ">= 0.8",
                    clientRate / plainRate >= 0.8);
            report.check("SeedanceClient peak heap growth (worst run)", Measure.mb(clientHeap), "< 16 MB",
                    clientHeap < HEAP_LIMIT);
            report.add("plain OkHttp peak heap growth (worst run)", Measure.mb(plainHeap));
            report.add("allocated by the downloading thread, client / plain (median)",
                    Measure.mb(Measure.median(clientRuns.stream().map(r -> (double) r.allocated()).toList())) + " / "
                            + Measure.mb(Measure.median(plainRuns.stream().map(r -> (double) r.allocated()).toList())));
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
        report.note("heap growth = highest heap use sampled every 1 ms during the download minus heap after GC before"
                + " it, so it counts garbage too; a client that buffered the body would show >= 45 MB.");
        report.note(WARMUP_RUNS + " warm-up runs of each first; runs alternate client/plain to share any disturbance.");
        return report;
    }

    /** Creates a task on the fake, completes it and polls its result link, as the engine would. */
    private static URI finishedResult(FakeSeedanceServer fake, SeedanceClient client) {
        UserKey user = new UserKey(Platform.CONSOLE, "bench");
        VideoRequest request = VideoRequest.text("a download benchmark", VideoOptions.DEFAULTS, user,
                ChatRef.of(Platform.CONSOLE, "bench-community", "bench-chat"));
        String id = client.create(request);
        fake.completeTask(id);
        return ((GenerationStatus.Succeeded) client.poll(id)).videoUrl();
    }

    private static long plainDownload(OkHttpClient http, URI url, Path target) {
        Request request = new Request.Builder().url(url.toString()).get().build();
        try (Response response = http.newCall(request).execute(); InputStream in = response.body().byteStream()) {
            return Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Run measure(LongSupplier download) throws InterruptedException {
        long before = Measure.heapAfterGc();
        AtomicLong peak = new AtomicLong(before);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(Measure.heapUsedNow(), Math::max);
                LockSupport.parkNanos(1_000_000);
            }
        }, "heap-sampler");
        sampler.start();
        long allocated0 = Measure.allocatedByThisThread();
        long t0 = System.nanoTime();
        long bytes = download.getAsLong();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long allocated = Measure.allocatedByThisThread() - allocated0;
        running.set(false);
        sampler.join();
        if (bytes != RESULT_BYTES) {
            throw new IllegalStateException("downloaded " + bytes + " bytes, expected " + RESULT_BYTES);
        }
        return new Run(bytes / 1e6 / seconds, peak.get() - before, allocated);
    }
}
