package dev.seedancebot.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.engine.queue.QueueSettings;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.spend.OperatorAlerts;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.testkit.MutableClock;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Faults;
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
 * Anyfast's 503 {@code model_not_found} that does not pass (a wrong model name, a retired model), through the fake
 * provider and the engine driven one step at a time on a test clock: push-back at first, one operator alert after
 * the alert time, and after the give-up time the waiting tasks fail, refunded in full. A refusal followed by an
 * accepted create is only a wait.
 */
class ModelUnavailableTest {
    private static final UserKey OPERATOR = new UserKey(Platform.DISCORD, "9001");
    private static final UserKey USER = new UserKey(Platform.DISCORD, "1001");
    private static final ChatRef CHAT = ChatRef.of(Platform.DISCORD, "guild-1", "chan-1");
    private static final Duration POLL = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private FakeSeedanceServer fake;
    private RecordingPlatformPort discord;
    private MutableClock clock;
    private CoreAssembly core;

    @BeforeEach
    void setUp() {
        fake = FakeSeedanceServer.start();
        fake.setDefaultScript(TaskScript.of(Step.success()));
        discord = new RecordingPlatformPort(Platform.DISCORD);
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        EngineHarness harness = new EngineHarness(dir, fake, discord);
        harness.settings = harness.settings.withPollInterval(POLL);
        harness.queue = QueueSettings.fast().withModelUnavailable(Duration.ofMinutes(10), Duration.ofMinutes(60));
        harness.trust = TrustSettings.defaults().withOperators(Set.of(OPERATOR));
        core = harness.stepped(clock).build();
    }

    @AfterEach
    void tearDown() {
        core.close(Duration.ofSeconds(2));
        fake.close();
    }

    @Test
    void modelNotFound_persists_operatorAlertedOnceThenWaitingTasksFailRefundedAndTold() {
        for (int i = 0; i < 20; i++) {
            fake.failNextCreate(Faults.modelUnavailable());
        }
        String first = submit("a kite");
        String second = submit("a boat");

        step(Duration.ZERO);
        step(Duration.ofMinutes(5));
        assertThat(state(first)).isEqualTo(TaskState.RECEIVED);
        assertThat(alerts()).isZero();
        step(Duration.ofMinutes(6)); // 11 minutes of "model not found"
        step(Duration.ofMinutes(10));

        assertThat(alerts()).isEqualTo(1);
        assertThat(discord.directMessages()).singleElement().asString().startsWith("9001: ")
                .contains("model not found", "model_not_found", "seedance.model");
        assertThat(state(first)).isEqualTo(TaskState.RECEIVED);
        assertThat(state(second)).isEqualTo(TaskState.RECEIVED);
        assertThat(discord.noticesOf(first)).isEmpty();

        step(Duration.ofMinutes(40)); // 61 minutes: the task sent fails
        step(Duration.ofSeconds(1)); // the push-backs lowered the cap to one: the other is sent next, and fails too

        for (String id : new String[] {first, second}) {
            assertThat(state(id)).isEqualTo(TaskState.FAILED);
            assertThat(core.quota().entry(id).orElseThrow().state()).isEqualTo(ChargeState.REFUNDED);
            assertThat(discord.noticesOf(id)).singleElement().satisfies(n -> {
                assertThat(n.notice().kind()).isEqualTo(Notice.Kind.FAILED);
                assertThat(n.notice().text()).contains("unavailable for too long", "not charged");
            });
        }
        assertThat(fake.acceptedCreateRequests()).isEmpty();
        assertThat(alerts()).isEqualTo(1);
    }

    @Test
    void modelNotFound_thenAcceptedCreate_noAlertAndTheTaskIsDelivered() {
        fake.failNextCreate(Faults.modelUnavailable());
        String id = submit("a kite");

        step(Duration.ZERO);
        assertThat(state(id)).isEqualTo(TaskState.RECEIVED);
        step(Duration.ofMinutes(11));
        assertThat(fake.acceptedCreateRequests()).hasSize(1);
        // a new refusal after the accepted create starts a new streak: no alert, it waits
        fake.failNextCreate(Faults.modelUnavailable());
        String later = submit("a boat");
        step(Duration.ofMinutes(1));
        step(POLL);
        step(POLL);

        assertThat(state(id)).isEqualTo(TaskState.DELIVERED);
        assertThat(state(later)).isEqualTo(TaskState.DELIVERED);
        assertThat(discord.deliveriesOf(id)).hasSize(1);
        assertThat(alerts()).isZero();
        assertThat(discord.directMessages()).isEmpty();
        assertThat(core.quota().entry(id).orElseThrow().state()).isEqualTo(ChargeState.COMMITTED);
    }

    private void step(Duration later) {
        clock.advance(later);
        core.engine().tick(clock.instant());
    }

    private String submit(String prompt) {
        VideoRequest request = VideoRequest.text(prompt, VideoOptions.DEFAULTS, USER, CHAT);
        return ((SubmitOutcome.Accepted) core.engine().submit(request, Set.of())).task().id();
    }

    private TaskState state(String id) {
        return core.engine().task(id).orElseThrow().state();
    }

    private long alerts() {
        return core.alerts().alertsSent(OperatorAlerts.Kind.MODEL_UNAVAILABLE);
    }
}
