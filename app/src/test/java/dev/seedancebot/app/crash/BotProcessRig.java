package dev.seedancebot.app.crash;

import static org.awaitility.Awaitility.await;

import dev.seedancebot.app.Main;
import dev.seedancebot.core.storage.Database;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The real bot ({@code Main run}) in a child JVM against the fakes running in the test JVM, restartable on the same
 * data directory. The child is configured only through a YAML file and the environment, as an operator would.
 * {@link #close()} always ends a child that is still running.
 */
final class BotProcessRig implements AutoCloseable {
    static final String TELEGRAM_TOKEN = "123456789:FAKEtestTokenForLoopbackFakesOnly01";
    private static final Pattern UNFINISHED = Pattern.compile("\"unfinishedTasks\":(\\d+)");
    private static final Pattern QUEUE_WAITING =
            Pattern.compile("(?m)^seedance_queue_waiting(?:\\{[^}]*})? ([0-9.eE+]+)$");

    /**
     * A PostgreSQL database that several bots share, each as instance {@link BotProcessRig#name()}, Telegram's
     * updates going to the one elected by the database's advisory lock.
     *
     * @param lease {@code storage.lease}: how soon the other instances take a killed one's tasks
     */
    record SharedDatabase(String jdbcUrl, String user, Duration lease) {}

    private final String name;
    private final SharedDatabase shared;
    private final Path dir;
    private final Path dataDir;
    private final Path configFile;
    private final BotLog log;
    private final FakeSeedanceServer seedance;
    private final FakeTelegramBotApi telegram;
    private final CrashRun.Queueing queueing;
    private final int opsPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final List<ReadyTime> startToReady = new ArrayList<>();
    private Process process;
    private long startedAtNanos;
    private int starts;
    /** Whether {@link #awaitReady} has seen the latest start answer. */
    private boolean ready;

    /** The only bot, on its own H2 file. */
    BotProcessRig(Path dir, FakeSeedanceServer seedance, FakeTelegramBotApi telegram, CrashRun.Queueing queueing) {
        this("h2", null, dir, seedance, telegram, queueing);
    }

    /**
     * Bot {@code name} in {@code dir}; with {@code shared} one of several on that database (its instance id is
     * {@code name}, stable across restarts as an operator would set it), else alone on an H2 file in {@code dir}.
     */
    BotProcessRig(String name, SharedDatabase shared, Path dir, FakeSeedanceServer seedance,
            FakeTelegramBotApi telegram, CrashRun.Queueing queueing) {
        this.name = name;
        this.shared = shared;
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        this.configFile = dir.resolve("seedance-bot.yml");
        this.log = new BotLog(dir.resolve("bot.log"));
        this.seedance = seedance;
        this.telegram = telegram;
        this.queueing = queueing;
        this.opsPort = freePort();
        writeConfig();
    }

    String name() {
        return name;
    }

    Path dataDir() {
        return dataDir;
    }

    BotLog log() {
        return log;
    }

    /** The database the bot runs on, for the verdict to read once every bot has stopped. */
    String jdbcUrl() {
        return shared != null ? shared.jdbcUrl() : Database.h2FileUrl(dataDir.resolve("db"));
    }

    String databaseUser() {
        return shared != null ? shared.user() : "";
    }

    int starts() {
        return starts;
    }

    /**
     * One awaited start: wall time from launching the JVM to the first 200 from {@code /healthz}, and the CPU time
     * the bot's process used meanwhile (far less CPU than wall time on two cores means it waited, for the CPU or for
     * something else).
     */
    record ReadyTime(int start, Duration wall, Duration cpu) {
        @Override
        public String toString() {
            return "#" + start + " " + wall.toMillis() + " ms (CPU " + cpu.toMillis() + " ms)";
        }
    }

    List<ReadyTime> startToReady() {
        return List.copyOf(startToReady);
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * Engine intervals as short as the config allows (first poll at once, then every second), no quota limits so that
     * every request is accepted, the scenario's small queue cap so that most of them wait, and the ops endpoint on a
     * fixed free port for readiness, the unfinished-task count and the queue's depth.
     */
    private void writeConfig() {
        String yaml = String.join("\n",
                "seedance:",
                "  base-url: " + seedance.baseUrl(),
                "  connect-timeout: 1s",
                "  read-timeout: 5s",
                "telegram:",
                "  api-url: " + telegram.baseUrl(),
                // one of several instances: the one holding the database's advisory lock polls Telegram
                shared == null ? "" : "  receiver: elected-polling\n  election-interval: 1s",
                "storage:",
                "  data-dir: " + dataDir.toAbsolutePath(),
                shared == null ? jdbcUrlOverride() : sharedStorage(),
                "engine:",
                "  workers: " + CrashVerdict.WORKERS,
                "  first-poll-after: 0s",
                "  poll-interval: 1s",
                "  late-poll-interval: 1s",
                "  delivery-attempts: 5",
                "queue:",
                "  max-in-flight: " + queueing.maxInFlight(),
                "  position-refresh: 1s",
                "quota:",
                "  daily-limit: 0",
                "  monthly-limit: 0",
                "  max-concurrent: 0",
                // the crash run's users write in private chats, many commands a second, with no ceiling to hit
                "trust:",
                "  private-chats: everyone",
                "  user-rate: 100000",
                "  community-rate: 100000",
                "budget:",
                "  daily: unlimited",
                "  monthly: unlimited",
                "  private-daily: unlimited",
                "  private-monthly: unlimited",
                "ops:",
                "  http-port: " + opsPort,
                "  http-bind: 127.0.0.1",
                "logging:",
                "  level: INFO",
                "");
        try {
            Files.createDirectories(dir);
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

    /** The {@code storage} keys of one instance among several on {@link #shared}. */
    private String sharedStorage() {
        return String.join("\n",
                "  jdbc-url: \"" + shared.jdbcUrl() + "\"",
                "  user: " + shared.user(),
                "  instance-id: " + name,
                "  lease: " + shared.lease().toMillis() + "ms");
    }

    /** Starts the bot on the same data directory; returns at once (the JVM is still starting). */
    void start() {
        if (isAlive()) {
            throw new IllegalStateException("the bot is already running");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Each start is CPU-bound (class loading and JIT: about 5.5 s of CPU to /healthz with the JVM's defaults,
        // about 4 s with these), and the suite runs on two shared cores: the quick compiler alone and the serial
        // collector make every restart cheaper without touching what is tested (the bot's code and config).
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config",
                configFile.toAbsolutePath().toString());
        builder.directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("SEEDANCE_") || k.startsWith("DISCORD_")
                || k.startsWith("TELEGRAM_"));
        env.put("SEEDANCE_API_KEY", seedance.apiKey());
        env.put("TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.file().toFile()));
        try {
            log.markStart(starts + 1);
            startedAtNanos = System.nanoTime();
            process = builder.start();
            starts++;
            ready = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the bot", e);
        }
    }

    /**
     * Waits until {@code /healthz} answers 200 (database and Telegram up) and records the start-up time; returns at
     * once when this start has already been seen ready. If it does not come, the failure names the start, what
     * {@code /healthz} last answered, and the child's log since that start, with a thread dump of a child that is
     * still running.
     */
    void awaitReady(Duration atMost) {
        if (ready) {
            return;
        }
        int start = starts;
        String[] lastHealth = {"no answer yet"};
        try {
            await("bot start #" + start + " ready")
                    .atMost(atMost)
                    .pollInterval(Duration.ofMillis(50))
                    .failFast("the bot exited during start-up", () -> !process.isAlive())
                    .until(() -> {
                        HealthProbe probe = probeHealth();
                        lastHealth[0] = probe.toString();
                        return probe.status() == 200;
                    });
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            String report = report("start #" + start + " was not ready within " + atMost.toSeconds()
                    + " s; last /healthz: " + lastHealth[0]);
            // the data directory as this start found it is the evidence: the test's temporary directory goes away
            throw new AssertionError(report + "\n--- data directory kept at " + keepData() + " ---", e);
        }
        startToReady.add(new ReadyTime(start, Duration.ofNanos(System.nanoTime() - startedAtNanos), cpuTime()));
        ready = true;
    }

    private Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /**
     * A failure message that explains itself: {@code what} went wrong, whether the bot (its latest start) still runs
     * and for how long and with how much CPU, or its exit code; the start-up phases of every start; and the bot's log
     * since its latest start, with a thread dump of a bot that still runs.
     */
    String report(String what) {
        boolean alive = isAlive();
        String state;
        if (process == null) {
            state = "never started";
        } else if (alive) {
            Duration cpu = cpuTime();
            threadDump();
            state = "start #" + starts + " still running (pid " + process.pid() + ", "
                    + Duration.ofNanos(System.nanoTime() - startedAtNanos).toMillis() + " ms since launch, "
                    + cpu.toMillis() + " ms of CPU; thread dump in the log below)";
        } else {
            state = "start #" + starts + " exited with code " + process.exitValue();
        }
        return what + "\nbot " + name + ": " + state + "\nstart-up phases (from launching the JVM): "
                + log.startupPhases() + "\n--- bot log since start #" + starts + " (" + log.file() + ") ---\n"
                + log.since(starts, 600);
    }

    /**
     * SIGQUIT: the child's JVM prints a thread dump to its stdout, which is the log file; waits (up to 10 s) until it
     * is there.
     */
    private void threadDump() {
        try {
            new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid())).inheritIO().start()
                    .waitFor(10, TimeUnit.SECONDS);
            await("thread dump of the bot").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> log.tail(40).contains("JNI global refs") || !process.isAlive());
        } catch (IOException | RuntimeException e) {
            log.append("(no thread dump: " + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Copies the data directory and the log (with the bot stopped, so the database file is as the hung start left
     * it) to {@code -Dseedance.crashLogDir}, else the temporary directory, and returns where.
     */
    private Path keepData() {
        close();
        Path target = Path.of(System.getProperty("seedance.crashLogDir", System.getProperty("java.io.tmpdir")))
                .resolve("seedance-crash-start" + starts + "-" + System.currentTimeMillis());
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(dir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
            return target;
        } catch (IOException | UncheckedIOException e) {
            return Path.of("(not kept: " + e + ")");
        }
    }

    /** One {@code /healthz} answer, or why there was none. */
    private record HealthProbe(int status, String detail) {
        @Override
        public String toString() {
            return status < 0 ? detail : status + " " + detail;
        }
    }

    private HealthProbe probeHealth() {
        try {
            HttpResponse<String> r = http.send(healthRequest(), HttpResponse.BodyHandlers.ofString());
            return new HealthProbe(r.statusCode(), r.body());
        } catch (IOException e) {
            return new HealthProbe(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HealthProbe(-1, e.toString());
        }
    }

    private HttpRequest healthRequest() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/healthz"))
                .timeout(Duration.ofSeconds(2)).build();
    }

    /** SIGKILL on Linux: no shutdown hook runs, nothing is flushed. */
    void kill() {
        log.append("=== SIGKILL ===");
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

    /**
     * Tasks waiting in the queue, across every instance on the database, as the running bot's metrics report them;
     * empty when it does not answer.
     */
    Optional<Integer> queueWaiting() {
        HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            Matcher m = QUEUE_WAITING.matcher(http.send(metrics, HttpResponse.BodyHandlers.ofString()).body());
            return m.find() ? Optional.of((int) Double.parseDouble(m.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private Optional<HttpResponse<String>> health() {
        try {
            return Optional.of(http.send(healthRequest(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
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

    /**
     * A free port below the kernel's ephemeral range. The bot binds it anew at every start, and while it is down
     * (between a kill and the JVM's next bind, seconds) a port from the ephemeral range can be taken by any outgoing
     * connection on the machine, the bot's own start-up calls and other builds' tests among them; one that lingers in
     * TIME_WAIT keeps it for a minute, and the start fails with "cannot listen on".
     */
    private static int freePort() {
        int below = ephemeralRangeStart();
        Random random = new Random();
        for (int attempt = 0; attempt < 200 && below > 10_000; attempt++) {
            int port = 10_000 + random.nextInt(below - 10_000);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first port of {@code net.ipv4.ip_local_port_range}; Linux's default 32768 where it cannot be read. */
    private static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
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
