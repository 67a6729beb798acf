package dev.seedancebot.core.engine;

import static dev.seedancebot.core.engine.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.MutableClock;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine driven one step at a time: never started, so no scheduler runs it, and its workers run each call on
 * the caller's thread. Every transition is visible right after the {@link GenerationEngine#tick} that makes it.
 */
class EngineTickTest {
    private static final Duration POLL = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private FakeSeedanceServer fake;
    private RecordingPlatformPort port;
    private MutableClock clock;
    private CoreAssembly core;

    @BeforeEach
    void setUp() {
        fake = FakeSeedanceServer.start();
        port = new RecordingPlatformPort();
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        EngineHarness harness = new EngineHarness(dir, fake, port);
        EngineSettings fast = harness.settings;
        harness.settings = new EngineSettings(fast.workDir(), fast.tick(), POLL, POLL, POLL, fast.lateAfter(),
                fast.slowNoticeAfter(), fast.giveUpAfter(), fast.maxPollsInFlight(), 0.0, fast.rateLimitPause(),
                fast.retryDelay(), fast.maxResultBytes(), fast.deliveryAttempts(), fast.resultLinkValidity(),
                fast.retention());
        core = harness.stepped(clock).build();
    }

    @AfterEach
    void tearDown() {
        core.close(Duration.ofSeconds(2));
        fake.close();
    }

    @Test
    void tick_clockAdvancedPastEachPoll_takesTaskFromQueueToDeliveredOneStepAtATime() {
        fake.scriptNextTask(TaskScript.of(Step.pending("IN_PROGRESS", 50), Step.success()));
        GenerationEngine engine = core.engine();
        String id = ((SubmitOutcome.Accepted) engine.submit(text("a kite over a beach"), Set.of())).task().id();
        assertThat(state(id)).isEqualTo(TaskState.RECEIVED);

        engine.tick(clock.instant());
        assertThat(state(id)).isEqualTo(TaskState.SUBMITTED);
        assertThat(fake.createRequests()).hasSize(1);

        engine.tick(clock.instant().plus(POLL).minusSeconds(1));
        assertThat(engine.pollsSent()).isZero();

        clock.advance(POLL);
        engine.tick(clock.instant());
        TaskView running = engine.task(id).orElseThrow();
        assertThat(running.state()).isEqualTo(TaskState.SUBMITTED);
        assertThat(running.progressPercent()).isEqualTo(50);
        assertThat(engine.pollsSent()).isEqualTo(1);

        clock.advance(POLL);
        engine.tick(clock.instant());
        assertThat(state(id)).isEqualTo(TaskState.DELIVERED);
        assertThat(port.deliveriesOf(id)).hasSize(1);
        assertThat(core.quota().entry(id).orElseThrow().state()).isEqualTo(ChargeState.COMMITTED);
        assertThat(fake.createRequests()).hasSize(1);
    }

    private TaskState state(String id) {
        return core.engine().task(id).orElseThrow().state();
    }
}
