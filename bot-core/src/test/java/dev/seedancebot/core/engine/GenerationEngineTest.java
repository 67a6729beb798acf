package dev.seedancebot.core.engine;

import static dev.seedancebot.core.engine.EngineHarness.ALICE;
import static dev.seedancebot.core.engine.EngineHarness.BOB;
import static dev.seedancebot.core.engine.EngineHarness.CHAT;
import static dev.seedancebot.core.engine.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.request.Intent;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Fault;
import dev.seedancebot.testkit.seedance.Faults;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationEngineTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

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

    private CoreAssembly started() {
        core = harness.build();
        core.start();
        return core;
    }

    private String accepted(SubmitOutcome outcome) {
        assertThat(outcome).isInstanceOf(SubmitOutcome.Accepted.class);
        return ((SubmitOutcome.Accepted) outcome).task().id();
    }

    private TaskView awaitState(String id, TaskState state) {
        await().atMost(WAIT).until(() -> core.engine().task(id).orElseThrow().state() == state);
        return core.engine().task(id).orElseThrow();
    }

    @Test
    void submit_textRequest_deliversOnceAndCommitsCharge() throws Exception {
        started();

        String id = accepted(core.engine().submit(text("a paper boat on a rainy street"), Set.of()));

        TaskView done = awaitState(id, TaskState.DELIVERED);
        assertThat(port.deliveriesOf(id)).singleElement().satisfies(d -> {
            assertThat(d.delivery()).isInstanceOf(Delivery.Upload.class);
            Path file = ((Delivery.Upload) d.delivery()).file();
            assertThat(Files.size(file)).isEqualTo(fake.resultSizeBytes());
        });
        assertThat(done.deliveredMessageId()).isEqualTo(port.deliveriesOf(id).get(0).messageId());
        assertThat(done.providerTaskId()).isNotBlank();
        assertThat(core.quota().entry(id).orElseThrow().state()).isEqualTo(ChargeState.COMMITTED);
        assertThat(port.progressOf(id)).isNotEmpty().last().isEqualTo(100);
        assertThat(fake.createRequests()).hasSize(1);
        assertThat(fake.downloadRequests()).allSatisfy(r -> assertThat(r.headers().toString()).doesNotContain(fake.apiKey()));
    }

    @Test
    void submit_invalidInput_rejectedWithoutChargeOrCreate() {
        started();

        SubmitOutcome outcome = core.engine().submit(harness.withVideo("like this", TestMedia.VIDEO_16S), Set.of());

        assertThat(outcome).isInstanceOf(SubmitOutcome.Invalid.class);
        assertThat(((SubmitOutcome.Invalid) outcome).text()).contains(TestMedia.VIDEO_16S).contains("Nothing was charged");
        assertThat(fake.createRequests()).isEmpty();
        assertThat(core.engine().recentTasks(ALICE, 10)).isEmpty();
    }

    @Test
    void submit_dailyLimitReached_deniedWithoutTaskOrCreate() {
        harness.quotaSettings = new QuotaSettings(ZoneId.of("UTC"), 10, 0, 0, 0);
        started();

        SubmitOutcome outcome = core.engine().submit(text("a long one"), Set.of()); // 5 s at 720p = 10 credits
        SubmitOutcome second = core.engine().submit(text("one more"), Set.of());

        assertThat(outcome).isInstanceOf(SubmitOutcome.Accepted.class);
        assertThat(second).isInstanceOf(SubmitOutcome.Denied.class);
        assertThat(((SubmitOutcome.Denied) second).message()).isNotBlank();
        assertThat(core.engine().recentTasks(ALICE, 10)).hasSize(1);
    }

    @Test
    void submit_providerRejectsImage_refundsAndNamesTheAttachment() {
        fake.failNextCreate(Faults.inputModeration("InputImageSensitiveContentDetected.PrivacyInformation", 1));
        started();

        String id = accepted(core.engine().submit(harness.withImage("make it dance", TestMedia.IMAGE_PNG), Set.of()));

        TaskView failed = awaitState(id, TaskState.FAILED);
        assertThat(failed.errorKind()).isEqualTo(ErrorKind.INPUT_MODERATION);
        await().atMost(WAIT).until(() -> core.quota().entry(id).orElseThrow().state() == ChargeState.REFUNDED);
        assertThat(core.quota().budget(EngineHarness.CHAT.communityId()).spentToday())
                .as("refused before any job existed: the budget gets it back").isZero();
        await().atMost(WAIT).until(() -> !port.noticesOf(id).isEmpty());
        assertThat(port.noticesOf(id)).singleElement().satisfies(n -> {
            assertThat(n.notice().kind()).isEqualTo(Notice.Kind.FAILED);
            assertThat(n.notice().text()).contains(TestMedia.IMAGE_PNG).contains("not charged");
        });
    }

    @Test
    void poll_outputModeration_refundsWithNotice() {
        fake.scriptNextTask(TaskScript.endingWith(Step.failure("OutputVideoSensitiveContentDetected",
                "The request failed because the output video may contain sensitive information.")));
        started();

        String id = accepted(core.engine().submit(text("something borderline"), Set.of()));

        assertThat(awaitState(id, TaskState.FAILED).errorKind()).isEqualTo(ErrorKind.OUTPUT_MODERATION);
        await().atMost(WAIT).until(() -> core.quota().entry(id).orElseThrow().state() == ChargeState.REFUNDED);
        assertThat(core.quota().budget(EngineHarness.CHAT.communityId()).spentToday())
                .as("the provider ran the job: refunded to the user, still spent in the budget")
                .isEqualTo(core.engine().task(id).orElseThrow().cost());
        await().atMost(WAIT).until(() -> !port.noticesOf(id).isEmpty());
        assertThat(port.noticesOf(id).get(0).notice().text()).contains("not charged");
        assertThat(port.deliveriesOf(id)).isEmpty();
    }

    @Test
    void create_answerComesTooLate_refundedAndNeverSentTwice() {
        harness.readTimeout = Duration.ofMillis(300);
        fake.failNextCreate(Fault.delay(Duration.ofMillis(1500)));
        started();

        String id = accepted(core.engine().submit(text("slow gateway"), Set.of()));

        assertThat(awaitState(id, TaskState.FAILED).errorKind()).isEqualTo(ErrorKind.OUTCOME_UNKNOWN);
        await().atMost(WAIT).until(() -> core.quota().entry(id).orElseThrow().state() == ChargeState.REFUNDED);
        assertThat(core.quota().budget(EngineHarness.CHAT.communityId()).spentToday())
                .as("the provider may have billed it").isEqualTo(core.engine().task(id).orElseThrow().cost());
        await().atMost(WAIT).until(() -> fake.createdTaskCount() == 1);
        assertThat(fake.createRequests()).hasSize(1);
    }

    @Test
    void deliver_resultLargerThanUploadLimit_postsLinkWithExpiry() {
        port.uploadLimit(50_000);
        started();

        String id = accepted(core.engine().submit(text("big"), Set.of()));

        awaitState(id, TaskState.DELIVERED);
        assertThat(port.deliveriesOf(id)).singleElement().satisfies(d -> {
            assertThat(d.delivery()).isInstanceOf(Delivery.Link.class);
            Delivery.Link link = (Delivery.Link) d.delivery();
            assertThat(link.url().toString()).startsWith(fake.baseUrl());
            assertThat(link.expiresAt()).isAfter(core.engine().task(id).orElseThrow().finishedAt());
            assertThat(link.limitBytes()).isEqualTo(50_000);
        });
    }

    @Test
    void deliver_platformFailsTwice_retriesAndDeliversOnce() {
        port.failNextDeliveries(2);
        started();

        String id = accepted(core.engine().submit(text("flaky chat"), Set.of()));

        awaitState(id, TaskState.DELIVERED);
        assertThat(port.deliveriesOf(id)).hasSize(1);
        assertThat(core.quota().entry(id).orElseThrow().state()).isEqualTo(ChargeState.COMMITTED);
    }

    @Test
    void deliver_missingPermission_refundsAndFails() {
        port.failDeliveriesPermanently();
        started();

        String id = accepted(core.engine().submit(text("no permission"), Set.of()));

        awaitState(id, TaskState.FAILED);
        await().atMost(WAIT).until(() -> core.quota().entry(id).orElseThrow().state() == ChargeState.REFUNDED);
    }

    @Test
    void poll_taskRunsLong_sendsOneSlowNotice() {
        harness.settings = harness.settings.withSlowNoticeAfter(Duration.ZERO);
        fake.scriptNextTask(TaskScript.of(
                Step.pending("QUEUED", 10), Step.pending("IN_PROGRESS", 50), Step.pending("IN_PROGRESS", 80),
                Step.success()));
        started();

        String id = accepted(core.engine().submit(text("patience"), Set.of()));

        awaitState(id, TaskState.DELIVERED);
        assertThat(port.noticesOf(id)).filteredOn(n -> n.notice().kind() == Notice.Kind.SLOW).hasSize(1);
    }

    @Test
    void cancel_beforeSubmission_refundsAndNeverCreates() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        harness.tick = Executors.newSingleThreadScheduledExecutor();
        harness.workers = Executors.newSingleThreadExecutor();
        harness.workers.execute(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        started();
        String id = accepted(core.engine().submit(text("never mind"), Set.of()));

        ActionOutcome outcome = core.engine().cancel(id, ALICE, false);
        gate.countDown();

        assertThat(outcome.done()).isTrue();
        assertThat(outcome.message()).contains("not charged");
        assertThat(core.engine().task(id).orElseThrow().state()).isEqualTo(TaskState.CANCELLED);
        await().atMost(WAIT).until(() -> core.quota().entry(id).orElseThrow().state() == ChargeState.REFUNDED);
        await().atMost(WAIT).until(() -> harness.workers.submit(() -> true).get());
        assertThat(fake.createRequests()).isEmpty();
    }

    @Test
    void cancel_afterSubmission_keepsChargeAndSaysWhy() {
        fake.scriptNextTask(TaskScript.of(Step.stuck()));
        started();
        String id = accepted(core.engine().submit(text("stuck"), Set.of()));
        awaitState(id, TaskState.SUBMITTED);

        ActionOutcome outcome = core.engine().cancel(id, ALICE, false);

        assertThat(outcome.done()).isTrue();
        assertThat(outcome.message()).contains("cannot stop").contains("moderator can refund");
        assertThat(core.quota().entry(id).orElseThrow().state()).isEqualTo(ChargeState.COMMITTED);
    }

    @Test
    void cancel_byAnotherUser_refused() {
        fake.scriptNextTask(TaskScript.of(Step.stuck()));
        started();
        String id = accepted(core.engine().submit(text("mine"), Set.of()));

        ActionOutcome outcome = core.engine().cancel(id, BOB, false);

        assertThat(outcome.done()).isFalse();
        assertThat(core.engine().task(id).orElseThrow().state()).isNotEqualTo(TaskState.CANCELLED);
        assertThat(core.engine().cancel(id, BOB, true).done()).isTrue();
    }

    @Test
    void reroll_deliveredTask_makesNewLinkedTask() {
        started();
        String first = accepted(core.engine().submit(text("again please"), Set.of()));
        awaitState(first, TaskState.DELIVERED);

        String second = accepted(core.engine().reroll(first, ALICE, CHAT, Set.of()));

        TaskView rerolled = awaitState(second, TaskState.DELIVERED);
        assertThat(rerolled.parentId()).isEqualTo(first);
        assertThat(rerolled.prompt()).isEqualTo("again please");
        assertThat(fake.createRequests()).hasSize(2);
    }

    @Test
    void followUp_extendDeliveredVideo_sendsItAsReferenceVideo() {
        started();
        String first = accepted(core.engine().submit(text("a cat"), Set.of()));
        awaitState(first, TaskState.DELIVERED);

        String extended = accepted(
                core.engine().followUp(first, Intent.EXTEND, "the cat jumps", ALICE, CHAT, Set.of()));

        TaskView done = awaitState(extended, TaskState.DELIVERED);
        assertThat(done.parentId()).isEqualTo(first);
        String body = fake.createRequests().get(1).bodyText();
        assertThat(body).contains("Extend @video1: the cat jumps").contains("reference_video").contains("asset://");
    }

    @Test
    void poll_rateLimited_pausesAndStillDelivers() {
        fake.failNextPoll(Faults.rateLimited(1));
        started();

        String id = accepted(core.engine().submit(text("busy provider"), Set.of()));

        awaitState(id, TaskState.DELIVERED);
        assertThat(port.deliveriesOf(id)).hasSize(1);
    }

    @Test
    void submitOnce_sameEventTwice_oneTaskOneCharge() {
        started();

        SubmitOutcome first = core.engine().submitOnce(text("once"), Set.of(), "telegram:1:42");
        SubmitOutcome again = core.engine().submitOnce(text("once"), Set.of(), "telegram:1:42");

        String id = accepted(first);
        assertThat(again).isInstanceOf(SubmitOutcome.Repeated.class);
        assertThat(((SubmitOutcome.Repeated) again).task().id()).isEqualTo(id);
        awaitState(id, TaskState.DELIVERED);
        assertThat(core.engine().recentTasks(ALICE, 10)).hasSize(1);
        assertThat(fake.createRequests()).hasSize(1);
    }
}
