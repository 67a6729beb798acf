package dev.seedancebot.core.engine;

import static dev.seedancebot.core.engine.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.LogCapture;
import dev.seedancebot.testkit.MutableClock;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Faults;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issues 15 and 16: the gateway's (new-api's) real answers and its closing of idle connections, played by the fake,
 * through the real engine and OkHttp.
 */
class EngineGatewayAnswersTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private FakeSeedanceServer fake;
    private RecordingPlatformPort port;
    private EngineHarness harness;
    private CoreAssembly core;
    private final List<String> providerErrors = new CopyOnWriteArrayList<>();

    private final MutableClock fakeClock = new MutableClock(Instant.parse("2026-03-12T23:11:29Z"));

    @BeforeEach
    void setUp() {
        // the fake's clock only decides when it closes idle connections (and result expiry, 24 h away)
        fake = FakeSeedanceServer.builder().clock(fakeClock).closeIdleConnectionsAfter(Duration.ofSeconds(5)).start();
        port = new RecordingPlatformPort();
        harness = new EngineHarness(dir, fake, port);
        harness.listener = new EngineListener() {
            @Override
            public void providerError(ErrorKind kind, String code) {
                providerErrors.add(kind + " " + code);
            }
        };
    }

    @AfterEach
    void tearDown() {
        if (core != null) {
            core.close(Duration.ofSeconds(2));
        }
        fake.close();
    }

    private void start() {
        core = harness.build();
        core.start();
    }

    private String accepted(SubmitOutcome outcome) {
        assertThat(outcome).isInstanceOf(SubmitOutcome.Accepted.class);
        return ((SubmitOutcome.Accepted) outcome).task().id();
    }

    private TaskView awaitState(String id, TaskState state) {
        await().atMost(WAIT).until(() -> core.engine().task(id).orElseThrow().state() == state);
        return core.engine().task(id).orElseThrow();
    }

    private String failureNotice(String id) {
        await().atMost(WAIT).until(() -> !port.noticesOf(id).isEmpty());
        assertThat(port.noticesOf(id).get(0).notice().kind()).isEqualTo(Notice.Kind.FAILED);
        return port.noticesOf(id).get(0).notice().text();
    }

    @Test
    void submit_gatewaySaysQuotaNotEnough_refundsTellsUserAndAlertsOperator() {
        fake.failNextCreate(Faults.quotaNotEnough());
        start();

        try (LogCapture logs = LogCapture.start()) {
            String id = accepted(core.engine().submit(text("a fox in the snow"), Set.of()));

            assertThat(awaitState(id, TaskState.FAILED).errorKind()).isEqualTo(ErrorKind.INSUFFICIENT_BALANCE);
            await().atMost(WAIT).until(() -> core.quota().entry(id).orElseThrow().state() == ChargeState.REFUNDED);
            assertThat(failureNotice(id)).contains("out of balance").contains("not charged")
                    .doesNotContain("API key");
            assertThat(providerErrors).contains("INSUFFICIENT_BALANCE quota_not_enough");
            assertThat(logs.rendered()).anySatisfy(line -> assertThat(line).startsWith("ERROR")
                    .contains("out of balance").doesNotContain(fake.apiKey()));
        }
    }

    @Test
    void submit_keyQuotaUsedUp_isOutOfBalanceNotABadKey() {
        fake.failNextCreate(Faults.tokenQuotaExhausted());
        start();

        String id = accepted(core.engine().submit(text("a fox in the snow"), Set.of()));

        assertThat(awaitState(id, TaskState.FAILED).errorKind()).isEqualTo(ErrorKind.INSUFFICIENT_BALANCE);
        assertThat(providerErrors).contains("INSUFFICIENT_BALANCE pre_consume_token_quota_failed");
    }

    @Test
    void submit_requestBodyOverGatewayLimit_saysWhatToFixAndChargesNothing() {
        fake.failNextCreate(Faults.requestTooLarge());
        start();

        String id = accepted(core.engine().submit(text("a fox in the snow"), Set.of()));

        assertThat(awaitState(id, TaskState.FAILED).errorKind()).isEqualTo(ErrorKind.REQUEST_TOO_LARGE);
        await().atMost(WAIT).until(() -> core.quota().entry(id).orElseThrow().state() == ChargeState.REFUNDED);
        assertThat(core.quota().budget(EngineHarness.CHAT.communityId()).spentToday()).isZero();
        assertThat(failureNotice(id)).contains("smaller or fewer reference files").contains("not charged");
    }

    private long polls() {
        return fake.requests().stream().filter(r -> r.method().equals("GET") && r.path().startsWith("/v1/")).count();
    }

    @Test
    void poll_taskHiddenAfterKeyRotation_keepsPollingAndDeliversWhenItReappears() {
        fake.hideTasks(true);
        start();

        String id = accepted(core.engine().submit(text("a fox in the snow"), Set.of()));
        await().atMost(WAIT).until(() -> polls() >= 3);
        assertThat(core.engine().task(id).orElseThrow().state()).isEqualTo(TaskState.SUBMITTED);
        fake.hideTasks(false);

        assertThat(awaitState(id, TaskState.DELIVERED).errorKind()).isNull();
        assertThat(port.deliveriesOf(id)).hasSize(1);
        assertThat(providerErrors).contains("TASK_NOT_FOUND task_not_exist");
    }

    @Test
    void poll_taskUnknownPastTheGrace_failsAndRefunds() {
        harness.taskNotFoundGrace = Duration.ofMillis(300);
        fake.hideTasks(true);
        start();

        String id = accepted(core.engine().submit(text("a fox in the snow"), Set.of()));

        assertThat(awaitState(id, TaskState.FAILED).errorKind()).isEqualTo(ErrorKind.TASK_NOT_FOUND);
        assertThat(polls()).as("tolerated before it counted").isGreaterThan(1);
        await().atMost(WAIT).until(() -> core.quota().entry(id).orElseThrow().state() == ChargeState.REFUNDED);
        assertThat(failureNotice(id)).contains("no longer knows");
    }

    @Test
    void poll_taskUnknownWithZeroGrace_failsAtTheFirstAnswer() {
        harness.taskNotFoundGrace = Duration.ZERO;
        fake.hideTasks(true);
        start();

        String id = accepted(core.engine().submit(text("a fox in the snow"), Set.of()));

        assertThat(awaitState(id, TaskState.FAILED).errorKind()).isEqualTo(ErrorKind.TASK_NOT_FOUND);
        assertThat(polls()).isEqualTo(1);
    }

    @Test
    void poll_serverClosesIdleConnectionsBetweenPolls_noPollFailsAndTheVideoIsDelivered() {
        fake.scriptNextTask(TaskScript.of(Step.stuck()));
        start();
        String id = accepted(core.engine().submit(text("a fox in the snow"), Set.of()));
        await().atMost(WAIT).until(() -> polls() >= 1);

        for (int i = 0; i < 5; i++) {
            long before = polls();
            fakeClock.advance(Duration.ofSeconds(8));
            fake.closeIdleConnections();
            await().atMost(WAIT).until(() -> polls() >= before + 2);
        }
        fake.completeTask(core.engine().task(id).orElseThrow().providerTaskId());

        awaitState(id, TaskState.DELIVERED);
        assertThat(fake.idleConnectionsClosed()).isPositive();
        assertThat(providerErrors).isEmpty();
        assertThat(port.deliveriesOf(id)).hasSize(1);
    }
}
