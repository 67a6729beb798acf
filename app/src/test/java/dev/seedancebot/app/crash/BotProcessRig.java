package dev.seedancebot.app.crash;

import static org.awaitility.Awaitility.await;

import dev.seedancebot.app.Main;
import dev.seedancebot.core.storage.Database;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real bot ({@code Main run}) in a child JVM against the fakes running in the test JVM, restartable on the same
 * data directory. The child is configured only through a YAML file and the environment, as an operator would.
 * {@link #close()} always ends a child that is still running.
 */
final class BotProcessRig implements AutoCloseable {
    static final String TELEGRAM_TOKEN = "123456789:FAKEtestTokenForLoopbackFakesOnly01";
    private static final Pattern UNFINISHED = Pattern.compile("\"unfinishedTasks\":(\\d+)");

    private final Path dir;
    private final Path dataDir;
    private final Path configFile;
    private final Path logFile;
    private final FakeSeedanceServer seedance;
    private final FakeTelegramBotApi telegram;
    private final int opsPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final List<Duration> startToReady = new ArrayList<>();
    private Process process;
    private long startedAtNanos;
    private int starts;

    BotProcessRig(Path dir, FakeSeedanceServer seedance, FakeTelegramBotApi telegram) {
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        this.configFile = dir.resolve("seedance-bot.yml");
        this.logFile = dir.resolve("bot.log");
        this.seedance = seedance;
        this.telegram = telegram;
        this.opsPort = freePort();
        writeConfig();
    }

    Path dataDir() {
        return dataDir;
    }

    Path logFile() {
        return logFile;
    }

    int starts() {
        return starts;
    }

    List<Duration> startToReady() {
        return List.copyOf(startToReady);
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * Engine intervals as short as the config allows (first poll at once, then every second), no quota limits so that
     * every request is accepted and all of them are in flight together, and the ops endpoint on a fixed free port for
     * readiness and the unfinished-task count.
     */
    private void writeConfig() {
        String yaml = String.join("\n",
                "seedance:",
                "  base-url: " + seedance.baseUrl(),
                "  connect-timeout: 1s",
                "  read-timeout: 5s",
                "telegram:",
                "  api-url: " + telegram.baseUrl(),
                "storage:",
                "  data-dir: " + dataDir.toAbsolutePath(),
                jdbcUrlOverride(),
                "engine:",
                "  workers: " + CrashVerdict.WORKERS,
                "  first-poll-after: 0s",
                "  poll-interval: 1s",
                "  late-poll-interval: 1s",
                "  delivery-attempts: 5",
                "quota:",
                "  daily-limit: 0",
                "  monthly-limit: 0",
                "  max-concurrent: 0",
                "ops:",
                "  http-port: " + opsPort,
                "  http-bind: 127.0.0.1",
                "logging:",
                "  level: INFO",
                "");
        try {
            Files.writeString(configFile, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code -Dseedance.crashJdbcSuffix=;WRITE_DELAY=0} runs the bot on the default H2 file URL plus that suffix (via
     * {@code storage.jdbc-url}), to try a durability setting without changing the code; empty by default, so the
     * bot runs on exactly the URL it ships with.
     */
    private String jdbcUrlOverride() {
        String suffix = System.getProperty("seedance.crashJdbcSuffix", "");
        return suffix.isEmpty() ? "" : "  jdbc-url: \"" + Database.h2FileUrl(dataDir.resolve("db")) + suffix + "\"";
    }

    /** Starts the bot on the same data directory; returns at once (the JVM is still starting). */
    void start() {
        if (isAlive()) {
            throw new IllegalStateException("the bot is already running");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--config", configFile.toAbsolutePath().toString());
        builder.directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("SEEDANCE_") || k.startsWith("DISCORD_")
                || k.startsWith("TELEGRAM_"));
        env.put("SEEDANCE_API_KEY", seedance.apiKey());
        env.put("TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            appendLog("=== start #" + (starts + 1) + " ===");
            startedAtNanos = System.nanoTime();
            process = builder.start();
            starts++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the bot", e);
        }
    }

    /** Waits until {@code /healthz} answers 200 (database and Telegram up) and records the start-up time. */
    void awaitReady(Duration atMost) {
        await("bot start #" + starts + " ready")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(50))
                .failFast("the bot exited during start-up; see " + logFile, () -> !process.isAlive())
                .ignoreExceptions()
                .until(() -> health().map(h -> h.statusCode() == 200).orElse(false));
        startToReady.add(Duration.ofNanos(System.nanoTime() - startedAtNanos));
    }

    /** SIGKILL on Linux: no shutdown hook runs, nothing is flushed. */
    void kill() {
        appendLog("=== SIGKILL ===");
        process.destroyForcibly();
        waitForExit();
    }

    /** SIGTERM: the graceful stop; SIGKILL if it takes longer than 40 s. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        waitForExit();
    }

    /** Unfinished tasks as the running bot's health endpoint reports them; empty when it does not answer. */
    Optional<Integer> unfinishedTasks() {
        return health().filter(h -> h.statusCode() == 200 || h.statusCode() == 503).flatMap(h -> {
            Matcher m = UNFINISHED.matcher(h.body());
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        });
    }

    private Optional<HttpResponse<String>> health() {
        try {
            return Optional.of(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/healthz"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The last {@code lines} lines of the bot's log, for failure messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Log lines of every run that contain {@code text}. */
    List<String> logLines(String text) {
        try {
            return Files.readAllLines(logFile, StandardCharsets.UTF_8).stream().filter(l -> l.contains(text)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private void appendLog(String line) {
        try {
            Files.writeString(logFile, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the bot did not exit within 30 s of being killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends a child that is still running, whatever happened. */
    @Override
    public void close() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
