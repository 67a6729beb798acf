package dev.seedancebot.core.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.quota.LedgerEntry;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Fault;
import dev.seedancebot.testkit.seedance.Faults;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many tasks at once while the fake Seedance server misbehaves on creates, polls and downloads in every way the
 * vendor notes describe. Whatever happens, each task ends delivered exactly once, or failed, refunded and told; and
 * the ledger, the quota snapshots and the delivered tasks agree to the credit.
 */
class ChaosTest {
    private static final int TASKS = 40;
    private static final List<UserKey> USERS =
            List.of(ProofCore.user("ann"), ProofCore.user("ben"), ProofCore.user("cho"), ProofCore.user("dev"));
    /** What TOS answers for a pre-signed link past its expiry. */
    private static final Fault EXPIRED_LINK = Fault.http(403,
            "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>");

    @TempDir
    Path dir;

    @Test
    void submit_manyTasksUnderProviderFaults_eachDeliveredOnceOrRefundedAndLedgerBalances() {
        try (FakeSeedanceServer fake = FakeSeedanceServer.start();
                ProofCore proof = new ProofCore(dir, fake, Duration.ofSeconds(1))) {
            injectFaults(fake);

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                UserKey user = USERS.get(i % USERS.size());
                SubmitOutcome outcome = proof.core.engine().submit(
                        ProofCore.request("chaos scene " + i, VideoOptions.DEFAULTS, user), Set.of());
                ids.add(((SubmitOutcome.Accepted) outcome).task().id());
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream()
                    .map(id -> state(proof, id))
                    .allMatch(s -> s == TaskState.DELIVERED || s == TaskState.FAILED));

            Map<TaskState, List<String>> byState = ids.stream().collect(Collectors.groupingBy(id -> state(proof, id)));
            List<String> delivered = byState.getOrDefault(TaskState.DELIVERED, List.of());
            List<String> failed = byState.getOrDefault(TaskState.FAILED, List.of());
            assertThat(delivered).as("some tasks survive the faults").isNotEmpty();
            assertThat(failed).as("some faults are fatal by design").isNotEmpty();
            assertThat(proof.providerErrors).as("faults the engine met").contains(ErrorKind.SERVER_ERROR,
                    ErrorKind.RATE_LIMITED, ErrorKind.NETWORK, ErrorKind.MODEL_UNAVAILABLE);
            assertThat(failed).extracting(id -> proof.core.engine().task(id).orElseThrow().errorKind())
                    .as("why tasks failed").contains(ErrorKind.RESULT_EXPIRED);
            for (String id : delivered) {
                assertThat(proof.deliveriesOf(id)).as("deliveries of %s", id).hasSize(1);
                assertThat(entry(proof, id).state()).as("charge of %s", id).isEqualTo(ChargeState.COMMITTED);
                assertThat(proof.noticesOf(id)).extracting(n -> n.notice().kind()).doesNotContain(Notice.Kind.FAILED);
            }
            for (String id : failed) {
                assertThat(proof.deliveriesOf(id)).as("deliveries of failed %s", id).isEmpty();
                assertThat(entry(proof, id).state()).as("charge of failed %s", id).isEqualTo(ChargeState.REFUNDED);
                assertThat(proof.noticesOf(id)).as("notices of failed %s", id)
                        .filteredOn(n -> n.notice().kind() == Notice.Kind.FAILED)
                        .singleElement()
                        .satisfies(n -> assertThat(n.notice().text()).contains(id).containsIgnoringCase("charged"));
            }
            for (UserKey user : USERS) {
                long chargedForDeliveries = delivered.stream()
                        .map(id -> proof.core.engine().task(id).orElseThrow())
                        .filter(t -> t.requester().equals(user))
                        .mapToLong(TaskView::cost)
                        .sum();
                long ledger = proof.ledgerSum(user);
                long snapshot = proof.core.quota()
                        .snapshot(user, ProofCore.CHAT.communityId(), Set.of()).usedToday();
                assertThat(ledger).as("ledger of %s", user).isEqualTo(chargedForDeliveries);
                assertThat(snapshot).as("snapshot of %s", user).isEqualTo(ledger);
            }
        }
    }

    /** One-shot faults, consumed by whichever requests of their route come next, so they land on many tasks. */
    private static void injectFaults(FakeSeedanceServer fake) {
        fake.failNextCreate(Faults.serverError());
        fake.failNextCreate(Faults.rateLimited(1));
        fake.failNextCreate(Fault.dropConnection());
        fake.failNextCreate(Faults.malformedJson());
        fake.failNextCreate(Fault.delay(Duration.ofMillis(1500)));
        fake.failNextCreate(Fault.delay(Duration.ofMillis(300)));
        for (int i = 0; i < 3; i++) {
            fake.failNextPoll(Faults.serverError());
            fake.failNextPoll(Faults.malformedJson());
            fake.failNextPoll(Fault.dropConnection());
            fake.failNextPoll(Fault.delay(Duration.ofMillis(200)));
            fake.failNextPoll(Faults.modelUnavailable());
        }
        fake.failNextPoll(Faults.rateLimited(1));
        fake.failNextPoll(Fault.delay(Duration.ofMillis(1500)));
        fake.failNextDownload(Fault.dropConnection());
        fake.failNextDownload(Faults.serverError());
        fake.failNextDownload(EXPIRED_LINK);
        fake.failNextDownload(Fault.delay(Duration.ofMillis(300)));
        fake.failNextDownload(Fault.dropConnection());
        fake.failNextDownload(EXPIRED_LINK);
        // the provider itself fails a few tasks late; which tasks get these scripts depends on the create faults
        // (a delayed create still creates its task), so the test does not insist on these failures
        fake.scriptNextTask(TaskScript.endingWith(Step.failure("OutputVideoSensitiveContentDetected",
                "The request failed because the output video may contain sensitive information.")));
        fake.scriptNextTask(TaskScript.endingWith(Step.expired()));
    }

    private static TaskState state(ProofCore proof, String id) {
        return proof.core.engine().task(id).orElseThrow().state();
    }

    private static LedgerEntry entry(ProofCore proof, String id) {
        return proof.core.quota().entry(id).orElseThrow();
    }
}
