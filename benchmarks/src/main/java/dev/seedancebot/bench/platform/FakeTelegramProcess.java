package dev.seedancebot.bench.platform;

import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import dev.seedancebot.testkit.telegram.TelegramCall;
import dev.seedancebot.testkit.telegram.UploadedFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * FakeTelegramBotApi as a local Bot API server in a child JVM, driven over stdin/stdout. The fake reads every request
 * body into memory and keeps each upload (several copies of 45 MB per sendVideo); in the bot's JVM that would be
 * counted as the bot's heap.
 *
 * <p>Protocol, one line each way: {@code await <n>} answers, once the fake has recorded its n-th sendVideo call,
 * {@code OK <epoch microseconds when the watcher saw it> <bytes of that upload> <HTTP status>} (or {@code TIMEOUT});
 * {@code quit} ends the process. The child prints {@code READY <port> <token>} first.
 */
final class FakeTelegramProcess implements AutoCloseable {
    /** What the fake recorded for one sendVideo: when it had it (child's clock, epoch µs), its size and status. */
    record Upload(long epochMicros, long bytes, int status) {}

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final int port;
    private final String token;

    private FakeTelegramProcess(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String ready = out.readLine();
        if (ready == null || !ready.startsWith("READY ")) {
            process.destroyForcibly();
            throw new IllegalStateException("the fake Telegram process did not start: " + ready);
        }
        String[] parts = ready.split(" ");
        this.port = Integer.parseInt(parts[1]);
        this.token = parts[2];
    }

    /** Starts the child with this JVM's java binary and class path. */
    static FakeTelegramProcess start() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx6g", "-Dsun.net.httpserver.nodelay=true",
                "-cp", System.getProperty("java.class.path"), FakeTelegramProcess.class.getName());
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            return new FakeTelegramProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake Telegram process", e);
        }
    }

    int port() {
        return port;
    }

    String token() {
        return token;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Tells the child to watch for its {@code n}-th sendVideo; collect the answer with {@link #awaitUpload()}. */
    synchronized void expectUpload(int n) {
        in.println("await " + n);
    }

    /** The answer to the last {@link #expectUpload}; blocks until the child has seen that upload (or gave up). */
    synchronized Upload awaitUpload() {
        try {
            String answer = out.readLine();
            if (answer == null || !answer.startsWith("OK ")) {
                throw new IllegalStateException("fake Telegram process answered " + answer);
            }
            String[] p = answer.split(" ");
            return new Upload(Long.parseLong(p[1]), Long.parseLong(p[2]), Integer.parseInt(p[3]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        in.println("quit");
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The child: runs the fake until {@code quit} or end of input. */
    public static void main(String[] args) throws IOException {
        try (FakeTelegramBotApi fake = FakeTelegramBotApi.builder().localServer(true).start()) {
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            PrintWriter answers = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            answers.println("READY " + fake.port() + " " + fake.token());
            for (String line = commands.readLine(); line != null && !line.equals("quit"); line = commands.readLine()) {
                if (line.startsWith("await ")) {
                    answers.println(watch(fake, Integer.parseInt(line.substring(6).strip())));
                } else {
                    answers.println("ERROR unknown command " + line);
                }
            }
        }
    }

    /**
     * Scans the fake's record every 0.2 ms until it holds {@code n} video uploads (2 minutes at most): the bot turns
     * the progress message into the video with editMessageMedia, and sends a new one (sendVideo) only without one.
     */
    private static String watch(FakeTelegramBotApi fake, int n) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() - deadline < 0) {
            List<TelegramCall> videos = new java.util.ArrayList<>(fake.calls("editMessageMedia"));
            videos.addAll(fake.calls("sendVideo"));
            if (videos.size() >= n) {
                Instant seen = Instant.now();
                TelegramCall call = videos.get(n - 1);
                UploadedFile file = call.files().values().stream().findFirst().orElse(null);
                return "OK " + ChronoUnit.MICROS.between(Instant.EPOCH, seen) + " " + (file == null ? -1 : file.size())
                        + " " + call.status();
            }
            LockSupport.parkNanos(200_000);
        }
        return "TIMEOUT";
    }
}
