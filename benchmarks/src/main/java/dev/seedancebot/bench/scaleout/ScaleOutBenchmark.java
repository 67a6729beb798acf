package dev.seedancebot.bench.scaleout;

import dev.seedancebot.bench.CountingPlatformPort;
import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.engine.queue.QueueSettings;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.core.storage.Database;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Task throughput of 1, 2 and 3 engine instances sharing one PostgreSQL, against the in-process fake Seedance server:
 * each run submits the same number of tasks round-robin to the instances and times them until all are posted.
 *
 * <p>{@code java -cp … dev.seedancebot.bench.scaleout.ScaleOutBenchmark <jdbc-url> [user] [password] [tasks]}; the
 * database must be PostgreSQL and is emptied before each run. All instances, the fake server and PostgreSQL share
 * this machine's cores, so the figures show the cost of coordination, not the gain of adding machines.
 */
public final class ScaleOutBenchmark {
    private static final String TABLES = "task, quota_charge, quota_ledger, quota_account, quota_community";

    private final String url;
    private final String user;
    private final String password;
    private final int tasks;

    public ScaleOutBenchmark(String url, String user, String password, int tasks) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.tasks = tasks;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !args[0].startsWith("jdbc:postgresql:")) {
            System.err.println("usage: ScaleOutBenchmark <jdbc:postgresql:…> [user] [password] [tasks]");
            System.exit(2);
        }
        ScaleOutBenchmark bench = new ScaleOutBenchmark(args[0], args.length > 1 ? args[1] : "",
                args.length > 2 ? args[2] : "", args.length > 3 ? Integer.parseInt(args[3]) : 600);
        System.out.print(bench.run());
        System.exit(0);
    }

    /** Runs 1, 2 and 3 instances after one warm-up run; returns a plain-text table. */
    public String run() throws Exception {
        runOnce(1); // warm-up: JIT, connection pools, PostgreSQL caches
        StringBuilder table = new StringBuilder(String.format(
                "scale-out: %d tasks (4 polls each) on one PostgreSQL%n| instances | wall s | tasks/s | polls/s |%n",
                tasks));
        for (int instances = 1; instances <= 3; instances++) {
            Result r = runOnce(instances);
            table.append(String.format("| %9d | %6.1f | %7.1f | %7.0f |%n", instances, r.seconds(),
                    tasks / r.seconds(), r.polls() / r.seconds()));
        }
        return table.toString();
    }

    private record Result(double seconds, long polls) {}

    private Result runOnce(int instances) throws Exception {
        try (Database db = Database.open(url, user, password)) {
            db.jdbc().update("TRUNCATE " + TABLES);
        }
        Path work = Files.createTempDirectory("scaleout-bench");
        List<CoreAssembly> nodes = new ArrayList<>();
        try (FakeSeedanceServer fake = FakeSeedanceServer.start()) {
            List<CountingPlatformPort> ports = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                CountingPlatformPort port = new CountingPlatformPort();
                ports.add(port);
                nodes.add(node(fake, work.resolve("node-" + i), port));
            }
            nodes.forEach(CoreAssembly::start);
            long start = System.nanoTime();
            submit(nodes);
            CoreAssembly first = nodes.get(0);
            while (first.engine().countInState(TaskState.DELIVERED) < tasks) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long polls = nodes.stream().mapToLong(n -> n.engine().pollsSent()).sum();
            int posted = ports.stream().mapToInt(CountingPlatformPort::deliveries).sum();
            if (posted != tasks) {
                throw new IllegalStateException("posted " + posted + " of " + tasks + " tasks");
            }
            return new Result(seconds, polls);
        } finally {
            nodes.forEach(n -> n.close(Duration.ofSeconds(2)));
            deleteTree(work);
        }
    }

    private CoreAssembly node(FakeSeedanceServer fake, Path work, CountingPlatformPort port) {
        SeedanceSettings seedance = new SeedanceSettings(fake.baseUrl(), fake.apiKey(), SeedanceSettings.DEFAULT_MODEL,
                Duration.ofSeconds(2), Duration.ofSeconds(10), 200L * 1024 * 1024, null, Duration.ofMillis(10),
                Duration.ofSeconds(5), 3, 3, Duration.ofMillis(10));
        CoreAssembly core = CoreAssembly.builder()
                .workDir(work)
                .jdbc(url, user, password)
                .seedance(seedance)
                .engineSettings(EngineSettings.fast(work).withPollInterval(Duration.ofMillis(100)))
                // every task in flight at once: this measures shared polling, not the queue in front of it
                .queue(QueueSettings.fast().withMaxInFlight(Math.max(1, tasks)))
                .quotaSettings(new QuotaSettings(ZoneId.of("UTC"), 0, 0, 0, 0))
                .build();
        core.router().register(port);
        return core;
    }

    private void submit(List<CoreAssembly> nodes) throws Exception {
        ExecutorService submitters = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                CoreAssembly node = nodes.get(i % nodes.size());
                VideoRequest request = VideoRequest.text("scene " + i, VideoOptions.DEFAULTS,
                        new UserKey(Platform.CONSOLE, "user-" + (i % 100)),
                        ChatRef.of(Platform.CONSOLE, "community-" + (i % 20), "chat-" + (i % 100)));
                futures.add(submitters.submit(() -> {
                    if (!(node.engine().submit(request, Set.of()) instanceof SubmitOutcome.Accepted)) {
                        throw new IllegalStateException("a benchmark task was not accepted");
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            submitters.shutdown();
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
