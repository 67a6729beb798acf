package dev.seedancebot.core.engine;

import static dev.seedancebot.core.engine.EngineHarness.CHAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.engine.queue.QueueSettings;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2,000 tasks in flight at once against the fake Seedance server: all are polled with a bounded number of polls in
 * flight and a flat thread count, then all are delivered exactly once. Prints the figures quoted in the closing note.
 */
class EnginePollingScaleTest {
    private static final int TASKS = 2_000;

    @TempDir
    Path dir;

    @Test
    void poll_twoThousandTasksInFlight_allDeliveredOnceWithFlatThreads() throws Exception {
        try (FakeSeedanceServer fake = FakeSeedanceServer.start()) {
            fake.setDefaultScript(TaskScript.of(Step.pending("IN_PROGRESS", 50), Step.stuck()));
            RecordingPlatformPort port = new RecordingPlatformPort();
            EngineHarness harness = new EngineHarness(dir, fake, port);
            harness.settings = new EngineSettings(dir.resolve("work"), Duration.ofMillis(20), Duration.ZERO,
                    Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMinutes(5), Duration.ofMinutes(5),
                    Duration.ofHours(24), 32, 0.2, Duration.ofMillis(200), Duration.ofMillis(50), 1024, 3,
                    Duration.ofHours(24));
            harness.queue = QueueSettings.fast().withMaxInFlight(TASKS); // all in flight: polling, not the queue
            CoreAssembly core = harness.build();
            try {
                core.start();
                int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
                List<String> ids = submitAll(core);

                await().atMost(Duration.ofMinutes(2)).until(() -> core.engine().countInState(TaskState.SUBMITTED) == TASKS);
                long heapInFlight = usedHeapAfterGc();
                long pollsStart = core.engine().pollsSent();
                long t0 = System.nanoTime();
                await().atMost(Duration.ofMinutes(1)).until(() -> core.engine().pollsSent() - pollsStart >= 3 * TASKS);
                double seconds = (System.nanoTime() - t0) / 1e9;
                long polls = core.engine().pollsSent() - pollsStart;
                int threadsInFlight = ManagementFactory.getThreadMXBean().getThreadCount();

                long drainStart = System.nanoTime();
                ids.forEach(id -> fake.completeTask(core.engine().task(id).orElseThrow().providerTaskId()));
                await().atMost(Duration.ofMinutes(2)).until(() -> core.engine().countInState(TaskState.DELIVERED) == TASKS);
                double drainSeconds = (System.nanoTime() - drainStart) / 1e9;

                assertThat(port.deliveries()).hasSize(TASKS);
                assertThat(port.deliveries().stream().map(RecordingPlatformPort.Delivered::taskId).distinct())
                        .hasSize(TASKS);
                assertThat(port.deliveries()).allSatisfy(d -> assertThat(d.delivery()).isInstanceOf(Delivery.Link.class));
                assertThat(fake.createdTaskCount()).isEqualTo(TASKS);
                assertThat(threadsInFlight - threadsBefore).isLessThan(60);
                System.out.printf(
                        "engine scale: %d tasks in flight; %.0f polls/s sustained over %.1f s; heap after GC %.1f MB"
                                + " (%.0f bytes/task incl. test recorders); threads %d -> %d; drain to delivered %.1f s%n",
                        TASKS, polls / seconds, seconds, heapInFlight / 1e6, (double) heapInFlight / TASKS,
                        threadsBefore, threadsInFlight, drainSeconds);
            } finally {
                core.close(Duration.ofSeconds(5));
            }
        }
    }

    private static List<String> submitAll(CoreAssembly core) throws Exception {
        ExecutorService submitters = Executors.newFixedThreadPool(4);
        try {
            ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                UserKey user = new UserKey(Platform.CONSOLE, "user-" + (i % 100));
                VideoRequest request = VideoRequest.text("scene " + i, VideoOptions.DEFAULTS, user, CHAT);
                futures.add(submitters.submit(() -> {
                    SubmitOutcome outcome = core.engine().submit(request, Set.of());
                    ids.add(((SubmitOutcome.Accepted) outcome).task().id());
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            return new ArrayList<>(ids);
        } finally {
            submitters.shutdown();
        }
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
