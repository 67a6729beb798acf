package dev.seedancebot.core.engine;

import static dev.seedancebot.core.engine.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationStatus;
import dev.seedancebot.core.generation.VideoGenerator;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine is halted (threads interrupted, database closed, nothing flushed on purpose) at each step of a task's
 * life, then a new engine starts on the same H2 file: every task must end delivered exactly once, or refunded with a
 * notice.
 */
class EngineRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private FakeSeedanceServer fake;
    private RecordingPlatformPort port;
    private CoreAssembly core;

    @BeforeEach
    void setUp() {
        fake = FakeSeedanceServer.start();
        port = new RecordingPlatformPort();
    }

    @AfterEach
    void tearDown() {
        if (core != null) {
            core.close(Duration.ofSeconds(2));
        }
        fake.close();
    }

    /** Blocks the calling engine thread until the engine is halted (which interrupts it). */
    private static void blockUntilHalted(CountDownLatch reached) {
        reached.countDown();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("halted");
        }
    }

    private String submitThenHalt(EngineHarness harness, CountDownLatch reached) throws InterruptedException {
        CoreAssembly first = harness.build();
        first.start();
        SubmitOutcome outcome = first.engine().submit(text("survive a crash"), Set.of());
        assertThat(outcome).isInstanceOf(SubmitOutcome.Accepted.class);
        assertThat(reached.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        first.halt();
        return ((SubmitOutcome.Accepted) outcome).task().id();
    }

    private CoreAssembly restart() {
        core = new EngineHarness(dir, fake, port).build();
        core.start();
        return core;
    }

    /** The task once it has ended and its charge is settled (the engine settles just after the state changes). */
    private TaskView awaitEnd(String id) {
        await().atMost(WAIT).until(() -> core.engine().task(id).orElseThrow().state().isTerminal()
                && core.quota().entry(id).map(e -> e.state() != ChargeState.RESERVED).orElse(true));
        return core.engine().task(id).orElseThrow();
    }

    @Test
    void restart_haltedBeforeCreate_submitsOnceAndDelivers() throws Exception {
        EngineHarness harness = new EngineHarness(dir, fake, port);
        CountDownLatch reached = new CountDownLatch(1);
        harness.tick = Executors.newSingleThreadScheduledExecutor();
        harness.workers = Executors.newSingleThreadExecutor();
        harness.workers.execute(() -> blockUntilHalted(reached)); // the create call never gets a thread

        String id = submitThenHalt(harness, reached);

        assertThat(fake.createRequests()).isEmpty();
        restart();
        assertThat(awaitEnd(id).state()).isEqualTo(TaskState.DELIVERED);
        assertThat(port.deliveriesOf(id)).hasSize(1);
        assertThat(fake.createRequests()).hasSize(1);
        assertThat(core.quota().entry(id).orElseThrow().state()).isEqualTo(ChargeState.COMMITTED);
    }

    @Test
    void restart_haltedWhileCreateInFlight_refundsWithNoticeAndNeverResends() throws Exception {
        EngineHarness harness = new EngineHarness(dir, fake, port);
        CountDownLatch reached = new CountDownLatch(1);
        harness.decorator = real -> new Interrupting(real) {
            @Override
            public String create(VideoRequest request) {
                real.create(request); // the provider has the task, but its answer is lost in the crash
                blockUntilHalted(reached);
                return null;
            }
        };

        String id = submitThenHalt(harness, reached);

        restart();
        TaskView task = awaitEnd(id);
        assertThat(task.state()).isEqualTo(TaskState.FAILED);
        assertThat(task.errorKind()).isEqualTo(ErrorKind.OUTCOME_UNKNOWN);
        await().atMost(WAIT).until(() -> core.quota().entry(id).orElseThrow().state() == ChargeState.REFUNDED);
        assertThat(port.noticesOf(id)).singleElement()
                .satisfies(n -> assertThat(n.notice().kind()).isEqualTo(Notice.Kind.FAILED));
        assertThat(fake.createRequests()).hasSize(1);
    }

    @Test
    void restart_haltedWhilePolling_resumesPollingAndDeliversOnce() throws Exception {
        EngineHarness harness = new EngineHarness(dir, fake, port);
        CountDownLatch reached = new CountDownLatch(1);
        fake.scriptNextTask(TaskScript.of(Step.pending("QUEUED", 10), Step.pending("IN_PROGRESS", 50), Step.success()));
        harness.decorator = real -> new Interrupting(real) {
            @Override
            public GenerationStatus poll(String providerTaskId) {
                GenerationStatus status = real.poll(providerTaskId);
                if (status instanceof GenerationStatus.Pending p && p.progressPercent() == 50) {
                    blockUntilHalted(reached);
                }
                return status;
            }
        };

        String id = submitThenHalt(harness, reached);

        restart();
        assertThat(awaitEnd(id).state()).isEqualTo(TaskState.DELIVERED);
        assertThat(port.deliveriesOf(id)).hasSize(1);
        assertThat(fake.createRequests()).hasSize(1);
    }

    @Test
    void restart_haltedWhileDownloading_downloadsAgainAndDeliversOnce() throws Exception {
        EngineHarness harness = new EngineHarness(dir, fake, port);
        CountDownLatch reached = new CountDownLatch(1);
        harness.decorator = real -> new Interrupting(real) {
            @Override
            public long download(URI videoUrl, Path target, long maxBytes) {
                blockUntilHalted(reached);
                return 0;
            }
        };

        String id = submitThenHalt(harness, reached);

        restart();
        assertThat(awaitEnd(id).state()).isEqualTo(TaskState.DELIVERED);
        assertThat(port.deliveriesOf(id)).hasSize(1);
        assertThat(core.quota().entry(id).orElseThrow().state()).isEqualTo(ChargeState.COMMITTED);
    }

    @Test
    void restart_haltedDuringPost_postsOnceAfterRestart() throws Exception {
        CountDownLatch reached = new CountDownLatch(1);
        RecordingPlatformPort crashingPort = new RecordingPlatformPort();
        crashingPort.beforeDeliver(task -> blockUntilHalted(reached));

        String id = submitThenHalt(new EngineHarness(dir, fake, crashingPort), reached);

        restart();
        assertThat(awaitEnd(id).state()).isEqualTo(TaskState.DELIVERED);
        assertThat(crashingPort.deliveries()).isEmpty();
        assertThat(port.deliveriesOf(id)).hasSize(1);
        assertThat(core.quota().entry(id).orElseThrow().state()).isEqualTo(ChargeState.COMMITTED);
    }

    @Test
    void restart_haltedBeforeFailureNoticePosted_refundsAndPostsTheNoticeOnce() throws Exception {
        CountDownLatch reached = new CountDownLatch(1);
        RecordingPlatformPort crashingPort = new RecordingPlatformPort();
        crashingPort.beforeNotify(task -> blockUntilHalted(reached));
        fake.scriptNextTask(TaskScript.of(Step.failure("OutputVideoSensitiveContentDetected", "flagged")));

        String id = submitThenHalt(new EngineHarness(dir, fake, crashingPort), reached);

        restart();
        await().atMost(WAIT).until(() -> !port.noticesOf(id).isEmpty());
        assertThat(core.engine().task(id).orElseThrow().state()).isEqualTo(TaskState.FAILED);
        assertThat(crashingPort.notices()).isEmpty();
        assertThat(port.noticesOf(id)).singleElement().satisfies(n -> {
            assertThat(n.notice().kind()).isEqualTo(Notice.Kind.FAILED);
            assertThat(n.notice().text()).contains(id, "not charged");
        });
        await().atMost(WAIT).until(() -> core.quota().entry(id).orElseThrow().state() == ChargeState.REFUNDED);
        // posted means no longer pending, so a later start says nothing more; and the lease is given back
        await().atMost(WAIT).until(() -> core.database().jdbc().query(
                "SELECT id FROM task WHERE id = ? AND NOT failure_notice_pending AND lease_owner IS NULL",
                r -> r.getString(1), id).size() == 1);
    }

    @Test
    void restart_deliveredButChargeStillReserved_commitsTheCharge() {
        CoreAssembly first = new EngineHarness(dir, fake, port).build();
        first.start();
        String id = ((SubmitOutcome.Accepted) first.engine().submit(text("ledger gap"), Set.of())).task().id();
        await().atMost(WAIT).until(() -> first.engine().task(id).orElseThrow().state() == TaskState.DELIVERED);
        await().atMost(WAIT).until(() -> first.quota().entry(id).orElseThrow().state() == ChargeState.COMMITTED);
        // the state a kill between the DELIVERED write and the ledger commit leaves behind
        first.database().jdbc().update(
                "UPDATE quota_charge SET state = 'RESERVED', settled_at = NULL WHERE task_id = ?", id);
        first.halt();

        restart();

        assertThat(core.quota().entry(id).orElseThrow().state()).isEqualTo(ChargeState.COMMITTED);
        assertThat(port.deliveriesOf(id)).hasSize(1);
    }

    /** Delegates everything; tests override the one call they interrupt. */
    private static class Interrupting implements VideoGenerator {
        private final VideoGenerator real;

        Interrupting(VideoGenerator real) {
            this.real = real;
        }

        @Override
        public String create(VideoRequest request) {
            return real.create(request);
        }

        @Override
        public GenerationStatus poll(String providerTaskId) {
            return real.poll(providerTaskId);
        }

        @Override
        public long download(URI videoUrl, Path target, long maxBytes) {
            return real.download(videoUrl, target, maxBytes);
        }
    }
}
