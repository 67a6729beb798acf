package dev.seedancebot.bench;

import dev.seedancebot.testkit.discord.FakeDiscord;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import dev.seedancebot.testkit.telegram.TgChat;
import dev.seedancebot.testkit.telegram.TgUser;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The shipped launcher as an operator runs it: {@code java -jar seedance-bot.jar run}, configured by a YAML file and
 * the environment, against the loopback fakes in this JVM. Builds nothing: it takes the shaded jar (default
 * {@code app/target/seedance-bot.jar}; {@code -Dseedance.bench.jar=PATH} or the first argument of {@link #main}).
 *
 * <p>Per run (3 runs, fresh data directory each, medians reported):
 * <ul>
 *   <li>start-up to ready: from {@link ProcessBuilder#start()} until {@code /healthz} answers 200 (database up, every
 *       adapter up: Telegram counts as up once its poll loop runs), polled every 10 ms;
 *   <li>idle RSS: {@code VmRSS} of {@code /proc/<pid>/status} after 10 s without any traffic, plus the peak
 *       ({@code VmHWM}) and the thread count;
 *   <li>getUpdates calls answered, and the bot's CPU time, in the 10 s idle window and in the 5 s after one
 *       {@code /help} message (a long-polling bot makes about one call per hold of the fake, 1 s here; more means
 *       the poll returns at once, e.g. because an update stays unconfirmed);
 *   <li>graceful stop: SIGTERM until the process has exited.
 * </ul>
 *
 * <p>Discord: when the jar's built-in defaults have {@code discord.rest-url} and {@code discord.gateway-url} (and
 * {@code discord.gateway-compression}, set to false for the plain-JSON fake), this benchmark points them at
 * {@link FakeDiscord}, passes a Discord token too and reports the time to the fake's first IDENTIFY; readiness then
 * also needs the Discord adapter up. A jar without those keys is measured with Telegram only, and the report says so.
 */
final class ProcessBenchmark {
    private static final int RUNS = 3;
    private static final Duration IDLE = Duration.ofSeconds(10);
    private static final Duration AFTER_MESSAGE = Duration.ofSeconds(5);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final String TELEGRAM_TOKEN = "123456789:FAKEtestTokenForLoopbackFakesOnly01";
    private static final long READY_TARGET_MS = 10_000;
    private static final long RSS_TARGET_BYTES = 400L * 1024 * 1024;
    /**
     * How long the fake holds a getUpdates with nothing to answer (Telegram holds up to the bot's 50 s timeout). The
     * fake records a call when it answers it, so a short hold makes the call rate observable: an idle long-polling
     * bot makes about one call per hold.
     */
    private static final long POLL_HOLD_MILLIS = 1000;

    private final Path jar;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private record Run(long readyMillis, long discordIdentifyMillis, long rssBytes, long peakRssBytes, int threads,
            int idleGetUpdates, long idleCpuMillis, int getUpdatesAfterMessage, long cpuMillisAfterMessage,
            long stopMillis) {}

    ProcessBenchmark(Path jar) {
        this.jar = jar;
    }

    /** The jar named by {@code -Dseedance.bench.jar}, else {@code app/target/seedance-bot.jar}. */
    static Path configuredJar() {
        return Path.of(System.getProperty("seedance.bench.jar", "app/target/seedance-bot.jar"));
    }

    /** {@code java -cp seedance-bot-benchmarks.jar dev.seedancebot.bench.ProcessBenchmark [path/to/seedance-bot.jar]}. */
    public static void main(String[] args) throws Exception {
        Path jar = args.length > 0 ? Path.of(args[0]) : configuredJar();
        System.out.print(new ProcessBenchmark(jar).run().render());
    }

    Report run() throws Exception {
        if (!Files.isRegularFile(jar)) {
            Report skipped = new Report("process: `java -jar seedance-bot.jar run` (not run)");
            skipped.note("no launcher jar at " + jar.toAbsolutePath() + "; this benchmark builds nothing: run `mvn -pl"
                    + " app -am package -DskipTests` first, or name the jar with -Dseedance.bench.jar=PATH");
            return skipped;
        }
        Optional<DiscordKeys> discordKeys = DiscordKeys.in(jar);
        Report report = new Report("process: `java -jar seedance-bot.jar run`, "
                + (discordKeys.isPresent() ? "Discord and Telegram" : "Telegram only") + ", against the fakes ("
                + RUNS + " runs, medians)");
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runs.add(once(discordKeys));
        }
        report.check("start-up to ready (/healthz 200), median", medianOf(runs, Run::readyMillis) + " ms",
                "< " + READY_TARGET_MS + " ms", medianOf(runs, Run::readyMillis) < READY_TARGET_MS);
        report.add("start-up to ready, each run", runs.stream().map(r -> r.readyMillis() + " ms").toList().toString());
        if (discordKeys.isPresent()) {
            report.add("start-up to Discord IDENTIFY, median", medianOf(runs, Run::discordIdentifyMillis) + " ms");
        }
        report.check("idle RSS after " + IDLE.toSeconds() + " s (VmRSS), median", Measure.mb(medianOf(runs,
                Run::rssBytes)), "< " + Measure.mb(RSS_TARGET_BYTES), medianOf(runs, Run::rssBytes) < RSS_TARGET_BYTES);
        report.add("idle RSS, each run", runs.stream().map(r -> Measure.mb(r.rssBytes())).toList().toString());
        report.add("peak RSS (VmHWM), median", Measure.mb(medianOf(runs, Run::peakRssBytes)));
        report.add("threads when idle, median", Long.toString(medianOf(runs, r -> r.threads())));
        long idlePolls = medianOf(runs, r -> r.idleGetUpdates());
        long pollsAfter = medianOf(runs, r -> r.getUpdatesAfterMessage());
        report.check("getUpdates answered in " + IDLE.toSeconds() + " s idle, median", Long.toString(idlePolls),
                "<= " + (IDLE.toSeconds() + 2) + " (one per 1 s hold)", idlePolls <= IDLE.toSeconds() + 2);
        report.add("CPU time of the bot in " + IDLE.toSeconds() + " s idle, median",
                medianOf(runs, Run::idleCpuMillis) + " ms");
        report.check("getUpdates answered in " + AFTER_MESSAGE.toSeconds() + " s after one /help, median",
                Long.toString(pollsAfter), "<= " + (AFTER_MESSAGE.toSeconds() + 2) + " (one per 1 s hold)",
                pollsAfter <= AFTER_MESSAGE.toSeconds() + 2);
        report.add("CPU time of the bot in " + AFTER_MESSAGE.toSeconds() + " s after one /help, median",
                medianOf(runs, Run::cpuMillisAfterMessage) + " ms");
        report.add("graceful stop (SIGTERM to exit), median", medianOf(runs, Run::stopMillis) + " ms");
        report.note("the child is `" + javaBinary() + " -jar " + jar + " run` with default JVM flags, a fresh H2 data"
                + " directory per run, ops.http-port set, tokens and the Seedance key in the environment");
        if (discordKeys.isEmpty()) {
            report.note("GAP: the launcher has no config key for the Discord REST base URL or gateway URL"
                    + " (ChatAdapters passes null for both, i.e. discord.com, and gateway compression on), so the"
                    + " Discord adapter cannot be pointed at FakeDiscord; this measures Telegram only. Needed:"
                    + " discord.rest-url, discord.gateway-url (a ws:// URL, which the config's http(s) check would"
                    + " refuse) and gateway compression off for the plain-JSON fake.");
        }
        return report;
    }

    private Run once(Optional<DiscordKeys> discordKeys) throws Exception {
        Path dir = Files.createTempDirectory("seedance-bench-process");
        int opsPort = freePort();
        try (FakeSeedanceServer seedance = FakeSeedanceServer.start();
                FakeTelegramBotApi telegram = FakeTelegramBotApi.builder().token(TELEGRAM_TOKEN)
                        .maxPollHold(POLL_HOLD_MILLIS).start();
                OptionalDiscord discord = new OptionalDiscord(discordKeys.isPresent() ? FakeDiscord.start() : null)) {
            Path config = dir.resolve("seedance-bot.yml");
            Files.writeString(config, yaml(dir, seedance, telegram, discord.fake, discordKeys, opsPort),
                    StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", jar.toAbsolutePath().toString(), "run",
                    "--config", config.toString());
            builder.directory(dir.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("SEEDANCE_") || k.startsWith("DISCORD_")
                    || k.startsWith("TELEGRAM_"));
            env.put("SEEDANCE_API_KEY", seedance.apiKey());
            env.put("TELEGRAM_BOT_TOKEN", TELEGRAM_TOKEN);
            if (discord.fake != null) {
                env.put("DISCORD_TOKEN", "bench.discord.token");
            }
            builder.redirectErrorStream(true);
            builder.redirectOutput(dir.resolve("bot.log").toFile());
            long t0 = System.nanoTime();
            Process process = builder.start();
            try {
                long identify = discord.fake == null ? -1 : Long.MAX_VALUE;
                long ready = -1;
                long deadline = t0 + READY_TIMEOUT.toNanos();
                while (ready < 0 || identify == Long.MAX_VALUE) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("the bot did not get ready (alive=" + process.isAlive()
                                + "); its log: " + dir.resolve("bot.log"));
                    }
                    long now = System.nanoTime();
                    if (identify == Long.MAX_VALUE && discord.fake.identifyCount() > 0) {
                        identify = millisSince(t0, now);
                    }
                    if (ready < 0 && healthy(opsPort)) {
                        ready = millisSince(t0, System.nanoTime());
                    }
                    if (ready < 0 || identify == Long.MAX_VALUE) {
                        waitFor(process, Duration.ofMillis(10));
                    }
                }
                long pid = process.pid();
                int pollsBefore = telegram.calls("getUpdates").size();
                long cpuBefore = cpuMillis(pid);
                waitFor(process, IDLE);
                if (!process.isAlive()) {
                    throw new IllegalStateException("the bot exited while idle; its log: " + dir.resolve("bot.log"));
                }
                int idlePolls = telegram.calls("getUpdates").size() - pollsBefore;
                long idleCpu = cpuMillis(pid) - cpuBefore;
                long rss = statusKb(pid, "VmRSS") * 1024;
                long peak = statusKb(pid, "VmHWM") * 1024;
                int threads = (int) statusKb(pid, "Threads");

                TgUser user = new TgUser(4242, "alice", "Alice");
                telegram.message(TgChat.privateWith(user), user).text("/help").send();
                int pollsBeforeMessage = telegram.calls("getUpdates").size();
                long cpuBeforeMessage = cpuMillis(pid);
                waitFor(process, AFTER_MESSAGE);
                int pollsAfterMessage = telegram.calls("getUpdates").size() - pollsBeforeMessage;
                long cpuAfterMessage = cpuMillis(pid) - cpuBeforeMessage;

                long stopStart = System.nanoTime();
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the bot did not stop within 60 s of SIGTERM");
                }
                long stop = millisSince(stopStart, System.nanoTime());
                return new Run(ready, identify, rss, peak, threads, idlePolls, idleCpu, pollsAfterMessage,
                        cpuAfterMessage, stop);
            } finally {
                if (process.isAlive()) {
                    process.destroyForcibly();
                }
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            deleteQuietly(dir);
        }
    }

    private static String yaml(Path dir, FakeSeedanceServer seedance, FakeTelegramBotApi telegram, FakeDiscord discord,
            Optional<DiscordKeys> keys, int opsPort) {
        StringBuilder y = new StringBuilder()
                .append("seedance:\n  base-url: ").append(seedance.baseUrl()).append('\n')
                .append("telegram:\n  api-url: ").append(telegram.baseUrl()).append('\n')
                .append("storage:\n  data-dir: ").append(dir.resolve("data").toAbsolutePath()).append('\n')
                .append("ops:\n  http-port: ").append(opsPort).append("\n  http-bind: 127.0.0.1\n");
        if (discord != null && keys.isPresent()) {
            DiscordKeys k = keys.get();
            y.append("discord:\n  ").append(k.rest()).append(": ").append(discord.restBaseUrl()).append('\n')
                    .append("  ").append(k.gateway()).append(": ").append(discord.gatewayUrl()).append('\n');
            k.compression().ifPresent(c -> y.append("  ").append(c).append(": false\n"));
        }
        return y.toString();
    }

    private boolean healthy(int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits {@code time}, or less if the process exits meanwhile. */
    private static void waitFor(Process process, Duration time) throws InterruptedException {
        process.waitFor(time.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A numeric field of {@code /proc/<pid>/status}: kB for Vm* lines, a count for Threads. */
    private static long statusKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
            }
        }
        throw new IllegalStateException(field + " not in /proc/" + pid + "/status");
    }

    /** User plus system CPU time of the process so far, from {@code /proc/<pid>/stat} (clock ticks of 10 ms). */
    private static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command name: state is field 3, utime field 14, stime field 15 (1-based, man 5 proc)
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 10;
    }

    private static long medianOf(List<Run> runs, java.util.function.ToLongFunction<Run> figure) {
        long[] values = runs.stream().mapToLong(figure).sorted().toArray();
        return values[values.length / 2];
    }

    private static long millisSince(long startNanos, long nowNanos) {
        return TimeUnit.NANOSECONDS.toMillis(nowNanos - startNanos);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp directory left behind is harmless
        }
    }

    /** The fake Discord when the launcher can be pointed at it, else nothing; closes it either way. */
    private record OptionalDiscord(FakeDiscord fake) implements AutoCloseable {
        @Override
        public void close() {
            if (fake != null) {
                fake.close();
            }
        }
    }

    /** The launcher's Discord URL keys, if its built-in defaults have them. */
    private record DiscordKeys(String rest, String gateway, Optional<String> compression) {
        static Optional<DiscordKeys> in(Path jar) throws IOException {
            List<String> keys = new ArrayList<>();
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry entry = zip.getEntry("seedance-bot-defaults.yml");
                if (entry == null) {
                    return Optional.empty();
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    boolean inDiscord = false;
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        if (!line.isBlank() && !line.startsWith(" ") && !line.startsWith("#")) {
                            inDiscord = line.startsWith("discord:");
                        } else if (inDiscord && line.startsWith("  ") && line.contains(":")) {
                            keys.add(line.strip().substring(0, line.strip().indexOf(':')));
                        }
                    }
                }
            }
            String rest = null;
            String gateway = null;
            String compression = null;
            for (String key : keys) {
                if (key.contains("gateway") && key.endsWith("url")) {
                    gateway = key;
                } else if ((key.contains("rest") || key.contains("api")) && key.endsWith("url")) {
                    rest = key;
                } else if (key.contains("compression")) {
                    compression = key;
                }
            }
            return rest != null && gateway != null
                    ? Optional.of(new DiscordKeys(rest, gateway, Optional.ofNullable(compression)))
                    : Optional.empty();
        }
    }
}
