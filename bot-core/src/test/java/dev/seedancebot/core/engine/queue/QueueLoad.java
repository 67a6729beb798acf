package dev.seedancebot.core.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.generation.GenerationException;
import dev.seedancebot.core.generation.GenerationStatus;
import dev.seedancebot.core.generation.VideoGenerator;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.platform.PlatformPort;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many requests from many communities through real cores (one or several on one database) against the fake Seedance
 * server capped at a number of running tasks: records the order in which videos are posted, how many tasks the bot
 * holds at the provider at most, and every failure. For the queue's load proofs and its benchmark.
 */
public final class QueueLoad implements AutoCloseable {
    /** The community of each task id, and the order in which the videos were posted. */
    public final Map<String, String> communityOf = new ConcurrentHashMap<>();
    public final List<String> posted = new CopyOnWriteArrayList<>();
    public final List<String> failed = new CopyOnWriteArrayList<>();
    public final FakeSeedanceServer fake;
    public final List<CoreAssembly> nodes = new ArrayList<>();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger mostHeld = new AtomicInteger();

    /**
     * @param jdbcUrl the shared database, or null for one H2 file per node (then use one node)
     * @param providerCap the fake's running-task cap; {@code botCap} the queue's cap (above it, push-back happens)
     */
    public QueueLoad(Path dir, String jdbcUrl, String jdbcUser, int nodeCount, int providerCap, int botCap) {
        fake = FakeSeedanceServer.builder().maxRunningTasks(providerCap).start();
        // pending at the first poll, done at the second: the fake counts a task as running until then (a script that
        // starts done would never be running there, and the provider would never push back)
        fake.setDefaultScript(TaskScript.of(Step.pending("IN_PROGRESS", 50), Step.success()));
        for (int n = 0; n < nodeCount; n++) {
            Path work = dir.resolve("node-" + n);
            SeedanceSettings seedance = new SeedanceSettings(fake.baseUrl(), fake.apiKey(),
                    SeedanceSettings.DEFAULT_MODEL, Duration.ofSeconds(2), Duration.ofSeconds(10), 200L * 1024 * 1024,
                    null, Duration.ofMillis(10), Duration.ofSeconds(5), 1, 3, Duration.ofMillis(10));
            CoreAssembly.Builder builder = CoreAssembly.builder()
                    .workDir(work)
                    .seedance(seedance)
                    .engineSettings(EngineSettings.fast(work).withPollInterval(Duration.ofMillis(20)))
                    .queue(QueueSettings.fast().withMaxInFlight(botCap))
                    .quotaSettings(new QuotaSettings(ZoneId.of("UTC"), 0, 0, 0, 0))
                    .decorateGenerator(this::watched);
            if (jdbcUrl != null) {
                builder.jdbc(jdbcUrl, jdbcUser, "");
            }
            CoreAssembly core = builder.build();
            core.router().register(new OrderPort());
            nodes.add(core);
        }
    }

    /**
     * Submits {@code users} requests from each user of each community, community after community (so a queue that
     * served in arrival order would serve the first communities first), spread over the nodes, before any node
     * starts. Returns the task ids.
     */
    public List<String> submitAll(int communities, int users, int perUser) throws Exception {
        ExecutorService submitters = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> futures = new ArrayList<>();
            int i = 0;
            for (int c = 0; c < communities; c++) {
                for (int u = 0; u < users; u++) {
                    for (int k = 0; k < perUser; k++) {
                        CoreAssembly node = nodes.get(i++ % nodes.size());
                        String community = "community-" + c;
                        VideoRequest request = VideoRequest.text("scene " + i, VideoOptions.DEFAULTS,
                                new UserKey(Platform.CONSOLE, community + "-user-" + u),
                                ChatRef.of(Platform.CONSOLE, community, "chat-" + u));
                        futures.add(submitters.submit(() -> {
                            String id = ((SubmitOutcome.Accepted) node.engine().submit(request, Set.of())).task().id();
                            communityOf.put(id, community);
                            return id;
                        }));
                    }
                }
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : futures) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            submitters.shutdown();
        }
    }

    public void start() {
        nodes.forEach(CoreAssembly::start);
    }

    /** The most tasks the bot held at the provider at once: creates sent or accepted, not yet seen finished. */
    public int mostHeld() {
        return mostHeld.get();
    }

    /**
     * Jain's fairness index of how many of the first {@code n} posted videos each community got: 1 when all got
     * the same, 1/k when one of k got everything.
     */
    public double jainOfFirst(int n, int communities) {
        Map<String, Integer> counts = new HashMap<>();
        for (int c = 0; c < communities; c++) {
            counts.put("community-" + c, 0);
        }
        posted.subList(0, Math.min(n, posted.size())).forEach(id -> counts.merge(communityOf.get(id), 1, Integer::sum));
        return jain(counts.values().stream().mapToDouble(Integer::doubleValue).toArray());
    }

    public static double jain(double[] x) {
        double sum = 0;
        double squares = 0;
        for (double v : x) {
            sum += v;
            squares += v * v;
        }
        return squares == 0 ? 1 : sum * sum / (x.length * squares);
    }

    /**
     * Waits until every task has ended, then checks the queue's promises: all delivered once, none failed, the
     * provider never over its cap nor the bot over its own, push-back absorbed, and the first half of the videos
     * spread fairly over the communities (served in arrival order, it would go to the first half of them).
     */
    public void assertAllDeliveredFairly(List<String> ids, int providerCap, int botCap, int communities) {
        await().atMost(Duration.ofMinutes(4)).until(() -> posted.size() + failed.size() >= ids.size());
        assertThat(failed).isEmpty();
        assertThat(posted).hasSize(ids.size()).doesNotHaveDuplicates();
        // the engine records a delivery just after the platform took the post, so the last ones may still be on the way
        await().atMost(Duration.ofSeconds(30))
                .until(() -> nodes.get(0).engine().countInState(TaskState.DELIVERED) >= ids.size());
        assertThat(nodes.get(0).engine().countInState(TaskState.DELIVERED)).isEqualTo(ids.size());
        assertThat(fake.createdTaskCount()).isEqualTo(ids.size());
        assertThat(fake.mostRunningTasks()).isLessThanOrEqualTo(providerCap);
        assertThat(mostHeld()).as("held at the provider by all instances together").isLessThanOrEqualTo(botCap);
        assertThat(fake.quotaRefusals()).as("the provider pushed back").isPositive();
        assertThat(jainOfFirst(ids.size() / 2, communities)).isGreaterThanOrEqualTo(0.95);
    }

    @Override
    public void close() {
        nodes.forEach(n -> n.close(Duration.ofSeconds(2)));
        fake.close();
    }

    private VideoGenerator watched(VideoGenerator real) {
        return new VideoGenerator() {
            @Override
            public String create(VideoRequest request) {
                mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                try {
                    return real.create(request);
                } catch (GenerationException e) {
                    held.decrementAndGet();
                    throw e;
                }
            }

            @Override
            public GenerationStatus poll(String providerTaskId) {
                GenerationStatus status = real.poll(providerTaskId);
                if (!(status instanceof GenerationStatus.Pending)) {
                    held.decrementAndGet();
                }
                return status;
            }

            @Override
            public long download(URI videoUrl, Path target, long maxBytes) {
                return real.download(videoUrl, target, maxBytes);
            }
        };
    }

    /** Records the order of posted videos and every failure notice. */
    private final class OrderPort implements PlatformPort {
        @Override
        public Platform platform() {
            return Platform.CONSOLE;
        }

        @Override
        public String showProgress(TaskView task) {
            return "progress-" + task.id();
        }

        @Override
        public long uploadLimitBytes(TaskView task) {
            return 100L * 1024 * 1024;
        }

        @Override
        public String deliver(TaskView task, Delivery delivery) {
            posted.add(task.id());
            return "video-" + task.id();
        }

        @Override
        public void notify(TaskView task, Notice notice) {
            if (notice.kind() == Notice.Kind.FAILED) {
                failed.add(task.id() + ": " + notice.text());
            }
        }
    }
}
