package dev.seedancebot.core.engine;

import static dev.seedancebot.core.engine.EngineHarness.BOB;
import static dev.seedancebot.core.engine.EngineHarness.CHAT;
import static dev.seedancebot.core.engine.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.command.ModCommand;
import dev.seedancebot.core.engine.queue.QueueSettings;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.core.ports.in.PlaceNames;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Faults;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue inside the real engine: what a user of a full queue sees, cancels and is charged. */
class QueueEngineTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private FakeSeedanceServer fake;
    private RecordingPlatformPort port;
    private EngineHarness harness;
    private CoreAssembly core;

    @BeforeEach
    void setUp() {
        fake = FakeSeedanceServer.start();
        port = new RecordingPlatformPort();
        harness = new EngineHarness(dir, fake, port);
    }

    @AfterEach
    void tearDown() {
        if (core != null) {
            core.close(Duration.ofSeconds(2));
        }
        fake.close();
    }

    private TaskView task(String id) {
        return core.engine().task(id).orElseThrow();
    }

    private String submit(VideoRequest request) {
        return ((SubmitOutcome.Accepted) core.engine().submit(request, Set.of())).task().id();
    }

    @Test
    void cancel_whileQueued_refundsInFullNeverCreatesAndShowedItsPosition() {
        harness.queue = QueueSettings.fast().withMaxInFlight(1);
        fake.setDefaultScript(TaskScript.of(Step.pending("IN_PROGRESS", 10), Step.stuck()));
        core = harness.build();
        core.start();
        String running = submit(text("first"));
        await().atMost(WAIT).until(() -> task(running).state() == TaskState.SUBMITTED);

        String waiting = submit(VideoRequest.text("second", VideoOptions.DEFAULTS, BOB, CHAT));
        await().atMost(WAIT).until(() -> task(waiting).queueSpot() != null);
        assertThat(task(waiting).state()).isEqualTo(TaskState.RECEIVED);
        assertThat(task(waiting).queueSpot().position()).isEqualTo(1);
        ActionOutcome outcome = core.engine().cancel(waiting, BOB, false);

        assertThat(outcome.done()).isTrue();
        assertThat(outcome.message()).contains("not charged");
        assertThat(task(waiting).state()).isEqualTo(TaskState.CANCELLED);
        assertThat(core.quota().entry(waiting).orElseThrow().state()).isEqualTo(ChargeState.REFUNDED);
        assertThat(core.engine().queue().status().depth()).isZero();
        assertThat(fake.createRequests()).hasSize(1);
    }

    @Test
    void submit_providerPushesBack_taskWaitsThenIsDeliveredWithoutFailing() {
        harness.queue = QueueSettings.fast().withMaxInFlight(3);
        fake.setMaxRunningTasks(1);
        fake.setDefaultScript(TaskScript.of(Step.pending("IN_PROGRESS", 50), Step.success()));
        core = harness.build();
        core.start();

        String a = submit(text("one"));
        String b = submit(VideoRequest.text("two", VideoOptions.DEFAULTS, BOB, CHAT));
        String c = submit(text("three"));

        // the engine records a delivery just after the port took it
        await().atMost(WAIT).until(() -> Set.of(a, b, c).stream().allMatch(id -> task(id).state().isTerminal()));
        assertThat(port.deliveries()).hasSize(3);
        assertThat(Set.of(a, b, c)).allSatisfy(id -> {
            assertThat(task(id).state()).isEqualTo(TaskState.DELIVERED);
            assertThat(port.noticesOf(id)).noneMatch(n -> n.notice().kind() == Notice.Kind.FAILED);
        });
        assertThat(fake.quotaRefusals()).isPositive();
        assertThat(fake.mostRunningTasks()).isEqualTo(1);
        // the client resent nothing inline: every refusal reached the queue, and each task was created once
        assertThat(core.engine().queue().status().pushBacks()).isEqualTo(fake.quotaRefusals());
        assertThat(fake.createRequests()).hasSize(3 + fake.quotaRefusals());
        assertThat(fake.acceptedCreateRequests()).hasSize(3);
    }

    @Test
    void queueResume_outOfBalancePause_moderatorRefusedOperatorSendsTheWaitingAtOnce() {
        UserKey operator = new UserKey(Platform.DISCORD, "9001");
        harness.trust = TrustSettings.defaults().withOperators(Set.of(operator));
        // a recheck far beyond the test: only the operator's resume can end the pause
        QueueSettings fast = QueueSettings.fast();
        harness.queue = new QueueSettings(3, Map.of(), fast.decrease(), fast.backoff(), fast.maxBackoff(),
                Duration.ofHours(1), fast.tick(), fast.positionRefresh(), fast.typicalTaskDuration());
        fake.setDefaultScript(TaskScript.of(Step.pending("IN_PROGRESS", 50), Step.success()));
        fake.failNextCreate(Faults.insufficientBalance());
        core = harness.build();
        core.start();
        String refused = submit(text("one"));
        await().atMost(WAIT).until(() -> task(refused).state() == TaskState.FAILED);
        assertThat(core.engine().queue().status().paused()).isTrue();
        String waiting = submit(VideoRequest.text("two", VideoOptions.DEFAULTS, BOB, CHAT));
        // a Discord server admin: on the console everyone is the operator
        Actor moderator = Actor.member(new UserKey(Platform.DISCORD, "42"), CHAT.communityId(),
                List.of(CHAT.chatId()), Set.of(), fresh -> true);

        String byModerator = core.ports().moderation().run(moderator, new ModCommand.QueueResume(), u -> Set.of(),
                PlaceNames.NEUTRAL).text();
        assertThat(core.engine().queue().status().paused()).as("after a moderator's resume").isTrue();
        String byOperator = core.ports().moderation().run(Actor.direct(operator), new ModCommand.QueueResume(),
                u -> Set.of(), PlaceNames.NEUTRAL).text();

        assertThat(byModerator).doesNotContain("runs again");
        assertThat(byOperator).contains("The queue runs again");
        await().atMost(WAIT).until(() -> task(waiting).state() == TaskState.DELIVERED);
        assertThat(core.engine().queue().status().paused()).isFalse();
        assertThat(core.ports().moderation().run(Actor.direct(operator), new ModCommand.QueueResume(), u -> Set.of(),
                PlaceNames.NEUTRAL).text()).contains("was not paused");
    }

    @Test
    void submit_modelUnavailable_isPushBackTaskWaitsThenIsDeliveredWithoutFailing() {
        harness.queue = QueueSettings.fast().withMaxInFlight(3);
        fake.setDefaultScript(TaskScript.of(Step.pending("IN_PROGRESS", 50), Step.success()));
        fake.failNextCreate(Faults.modelUnavailable());
        core = harness.build();
        core.start();

        String id = submit(text("one"));

        await().atMost(WAIT).until(() -> task(id).state() == TaskState.DELIVERED);
        assertThat(port.noticesOf(id)).noneMatch(n -> n.notice().kind() == Notice.Kind.FAILED);
        assertThat(core.engine().queue().status().pushBacks()).isEqualTo(1);
        assertThat(fake.createRequests()).hasSize(2);
        assertThat(fake.acceptedCreateRequests()).hasSize(1);
        assertThat(core.quota().entry(id).orElseThrow().state()).isEqualTo(ChargeState.COMMITTED);
    }
}
