package dev.seedancebot.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.engine.queue.QueueSettings;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three engines, built exactly as the launcher builds them, share 500 tasks on one PostgreSQL against the fake
 * Seedance server; one is halted mid-run as a crash would stop it. No task may be polled by two instances at once,
 * every task must be posted exactly once, the ledger must be exact, and the halted instance's tasks must be finished
 * by the others within the lease time.
 */
class ClusterEngineTest {
    private static final int TASKS = 500;
    /**
     * The takeover target. With the default lease a dead instance's tasks are claimed within lease + upkeep interval
     * (25 s) of its last renewal; finishing them (download, post) takes the rest.
     */
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void shareWork_threeInstancesOneHaltedMidRun_eachTaskPolledAloneDeliveredOnceLedgerExact() throws Exception {
        try (FakeSeedanceServer fake = FakeSeedanceServer.start()) {
            fake.setDefaultScript(TaskScript.of(Step.pending("IN_PROGRESS", 50), Step.stuck()));
            String url = TestPostgres.freshDatabase();
            PollWatch polls = new PollWatch();
            Map<String, List<String>> posted = new ConcurrentHashMap<>();
            NodePort victimPort = new NodePort("victim", posted);
            List<CoreAssembly> nodes = new ArrayList<>();
            try {
                nodes.add(node(fake, url, new NodePort("a", posted), polls.watching("a")));
                nodes.add(node(fake, url, new NodePort("b", posted), polls.watching("b")));
                nodes.add(node(fake, url, victimPort, polls.watching("victim")));
                CoreAssembly a = nodes.get(0);
                CoreAssembly victim = nodes.get(2);
                nodes.forEach(CoreAssembly::start);

                List<String> ids = submitAcross(nodes);
                await().atMost(Duration.ofMinutes(1)).until(() -> a.engine().countInState(TaskState.SUBMITTED) == TASKS);
                await().atMost(Duration.ofMinutes(1)).until(() -> polls.total() >= 3L * TASKS);

                // the victim stalls in its next posts, then dies with those tasks (and any polls) in its hands
                victimPort.stallDeliveries();
                ids.forEach(id -> fake.completeTask(a.engine().task(id).orElseThrow().providerTaskId()));
                await().atMost(Duration.ofMinutes(1)).until(() -> victimPort.stalled() >= 3);
                String victimId = victim.engine().instanceId();
                victim.halt();
                long haltedAt = System.nanoTime();
                nodes.remove(victim);
                List<String> orphans = a.database().jdbc().query(
                        "SELECT id FROM task WHERE lease_owner = ?", r -> r.getString(1), victimId);

                await().atMost(TAKEOVER_BOUND.plusSeconds(10))
                        .until(() -> orphans.stream().allMatch(id -> state(a, id) == TaskState.DELIVERED));
                Duration takeover = Duration.ofNanos(System.nanoTime() - haltedAt);
                await().atMost(Duration.ofMinutes(1)).until(() -> a.engine().countInState(TaskState.DELIVERED) == TASKS);

                assertThat(orphans).hasSizeGreaterThanOrEqualTo(3);
                assertThat(takeover).isLessThanOrEqualTo(TAKEOVER_BOUND);
                assertThat(polls.overlaps()).as("tasks polled by two instances at once").isEmpty();
                assertThat(polls.tasksPolledByMoreThanOneInstance()).as("polling is shared").isGreaterThan(TASKS / 2);
                assertThat(posted).hasSize(TASKS);
                assertThat(posted.values()).allSatisfy(posters -> assertThat(posters).hasSize(1));
                assertThat(orphans).allSatisfy(id -> assertThat(posted.get(id)).doesNotContain("victim"));
                assertThat(fake.createdTaskCount()).isEqualTo(TASKS);
                assertLedgerExact(a);
                System.out.printf("cluster: %d tasks on 3 instances, %d polls (%d tasks polled by 2+ instances);"
                                + " %d tasks of the halted instance finished by the others %.1f s after the halt%n",
                        TASKS, polls.total(), polls.tasksPolledByMoreThanOneInstance(), orphans.size(),
                        takeover.toMillis() / 1000.0);
            } finally {
                victimPort.unstall();
                nodes.forEach(n -> n.close(Duration.ofSeconds(2)));
            }
        }
    }

    private static void assertLedgerExact(CoreAssembly core) {
        var jdbc = core.database().jdbc();
        long costs = jdbc.query("SELECT SUM(cost) FROM task", r -> r.getLong(1)).get(0);
        long ledger = jdbc.query("SELECT SUM(amount) FROM quota_ledger", r -> r.getLong(1)).get(0);
        List<String> charges = jdbc.query(
                "SELECT state || ':' || COUNT(*) FROM quota_charge GROUP BY state", r -> r.getString(1));
        long reserveRows = jdbc.query(
                "SELECT COUNT(*) FROM quota_ledger WHERE kind = 'RESERVE'", r -> r.getLong(1)).get(0);
        assertThat(charges).containsExactly("COMMITTED:" + TASKS);
        assertThat(reserveRows).isEqualTo(TASKS);
        assertThat(ledger).isEqualTo(costs).isPositive();
    }

    private static TaskState state(CoreAssembly core, String id) {
        return core.engine().task(id).map(TaskView::state).orElseThrow();
    }

    private CoreAssembly node(FakeSeedanceServer fake, String url, NodePort port, UnaryOperator<VideoGenerator> watch) {
        SeedanceSettings seedance = new SeedanceSettings(fake.baseUrl(), fake.apiKey(), SeedanceSettings.DEFAULT_MODEL,
                Duration.ofSeconds(2), Duration.ofSeconds(5), 200L * 1024 * 1024, null, Duration.ofMillis(10),
                Duration.ofSeconds(5), 3, 3, Duration.ofMillis(10));
        Path work = dir.resolve(port.name);
        CoreAssembly core = CoreAssembly.builder()
                .workDir(work)
                .jdbc(url, TestPostgres.USER, "")
                .seedance(seedance)
                .engineSettings(EngineSettings.fast(work).withPollInterval(Duration.ofMillis(100)))
                // all 500 in flight at once: this is about shared polling and takeover, not the queue
                .queue(QueueSettings.fast().withMaxInFlight(TASKS))
                .quotaSettings(new QuotaSettings(ZoneId.of("UTC"), 0, 0, 0, 0))
                .decorateGenerator(watch)
                .build();
        core.router().register(port);
        return core;
    }

    private static List<String> submitAcross(List<CoreAssembly> nodes) throws Exception {
        ExecutorService submitters = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                CoreAssembly node = nodes.get(i % nodes.size());
                // 50 users in 10 communities: reservations of one community queue on its row, as they must
                VideoRequest request = VideoRequest.text("scene " + i, VideoOptions.DEFAULTS,
                        new UserKey(Platform.CONSOLE, "user-" + (i % 50)),
                        ChatRef.of(Platform.CONSOLE, "community-" + (i % 10), "chat-" + (i % 50)));
                futures.add(submitters.submit(() -> ((SubmitOutcome.Accepted) node.engine().submit(request, Set.of()))
                        .task()
                        .id()));
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

    /** Watches every instance's polls: which instances polled each task, and any two polls of a task at once. */
    private static final class PollWatch {
        private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        private final Map<String, Set<String>> pollers = new ConcurrentHashMap<>();
        private final List<String> overlaps = new CopyOnWriteArrayList<>();
        private final AtomicLong total = new AtomicLong();

        UnaryOperator<VideoGenerator> watching(String node) {
            return real -> new VideoGenerator() {
                @Override
                public String create(VideoRequest request) {
                    return real.create(request);
                }

                @Override
                public GenerationStatus poll(String providerTaskId) {
                    AtomicInteger count = inFlight.computeIfAbsent(providerTaskId, k -> new AtomicInteger());
                    if (count.incrementAndGet() > 1) {
                        overlaps.add(providerTaskId);
                    }
                    pollers.computeIfAbsent(providerTaskId, k -> ConcurrentHashMap.newKeySet()).add(node);
                    total.incrementAndGet();
                    try {
                        return real.poll(providerTaskId);
                    } finally {
                        count.decrementAndGet();
                    }
                }

                @Override
                public long download(URI videoUrl, Path target, long maxBytes) {
                    return real.download(videoUrl, target, maxBytes);
                }
            };
        }

        long total() {
            return total.get();
        }

        List<String> overlaps() {
            return overlaps;
        }

        long tasksPolledByMoreThanOneInstance() {
            return pollers.values().stream().filter(s -> s.size() > 1).count();
        }
    }

    /**
     * One instance's platform adapter: records who posted each task. The victim's can stall its posts like a frozen
     * process: even the interrupt of {@code halt()} does not end them, so the halted instance gets no chance to give
     * its leases back and the others must wait for them to lapse.
     */
    private static final class NodePort implements PlatformPort {
        private final String name;
        private final Map<String, List<String>> posted;
        private final AtomicInteger stalled = new AtomicInteger();
        private final CountDownLatch unstalled = new CountDownLatch(1);
        private volatile boolean stall;

        NodePort(String name, Map<String, List<String>> posted) {
            this.name = name;
            this.posted = posted;
        }

        void stallDeliveries() {
            stall = true;
        }

        int stalled() {
            return stalled.get();
        }

        void unstall() {
            unstalled.countDown();
        }

        @Override
        public Platform platform() {
            return Platform.CONSOLE;
        }

        @Override
        public String showProgress(TaskView task) {
            return null;
        }

        @Override
        public long uploadLimitBytes(TaskView task) {
            return 10L * 1024 * 1024;
        }

        @Override
        public String deliver(TaskView task, Delivery delivery) {
            if (stall) {
                stalled.incrementAndGet();
                boolean interrupted = false;
                while (unstalled.getCount() > 0) {
                    try {
                        unstalled.await();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("the instance was halted while posting");
            }
            posted.computeIfAbsent(task.id(), k -> new CopyOnWriteArrayList<>()).add(name);
            return name + "-" + task.id();
        }

        @Override
        public void notify(TaskView task, Notice notice) {}
    }
}
