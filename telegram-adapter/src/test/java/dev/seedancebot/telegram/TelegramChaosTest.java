package dev.seedancebot.telegram;

import static dev.seedancebot.telegram.TelegramRig.ALICE;
import static dev.seedancebot.telegram.TelegramRig.GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.quota.QuotaSnapshot;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import dev.seedancebot.testkit.telegram.BotMessage;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import dev.seedancebot.testkit.telegram.TelegramFault;
import dev.seedancebot.testkit.telegram.TgChat;
import dev.seedancebot.testkit.telegram.TgUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake Bot API answers 429 with retry_after, 500, 413 and 403 (blocked, kicked) to progress edits, deliveries,
 * notices and file lookups of several tasks in flight at once. Every task ends delivered exactly once, or failed with
 * its charge refunded and the user told where Telegram lets the bot speak.
 */
class TelegramChaosTest {
    private static final TelegramFault SERVER_ERROR = TelegramFault.of(500, "Internal Server Error");

    @TempDir
    Path dir;

    private TelegramRig rig;
    private FakeTelegramBotApi telegram;

    /** One task of the scenario: who asked where, and its ids. */
    private record Case(TgUser user, TgChat chat, String taskId, String providerId) {}

    @BeforeEach
    void start() {
        rig = TelegramRig.start(dir);
        telegram = rig.telegram;
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void faultsOnEditsDeliveriesAndNotices_fiveTasksInFlight_eachDeliveredOnceOrRefunded() {
        List<Case> cases = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            rig.seedance.scriptNextTask(TaskScript.of(Step.stuck()));
            TgUser user = new TgUser(2000 + n, "user" + n, "User" + n);
            TgChat chat = TgChat.group(-200000 - n, "Chat " + n);
            telegram.message(chat, user).text("/video chaos number " + n).send();
            String taskId = TelegramRig.taskIdOf(rig.awaitText(chat, "Video t"));
            await().atMost(TelegramRig.WAIT).until(() -> rig.core.engine().task(taskId).orElseThrow().state()
                    == TaskState.SUBMITTED);
            cases.add(new Case(user, chat, taskId, rig.core.engine().task(taskId).orElseThrow().providerTaskId()));
        }
        assertThat(cases).extracting(c -> rig.core.engine().task(c.taskId()).orElseThrow().state())
                .containsOnly(TaskState.SUBMITTED);

        // 1: rate limited edit and upload, both waited out
        finish(cases.get(0), () -> {
            telegram.failNext("editMessageText", TelegramFault.tooManyRequests(1));
            telegram.failNext("editMessageMedia", TelegramFault.tooManyRequests(1));
        });
        // 2: server errors on the progress edit and the video edit; the engine delivers again
        finish(cases.get(1), () -> {
            telegram.failNext("editMessageText", SERVER_ERROR);
            telegram.failNext("editMessageMedia", SERVER_ERROR);
        });
        // 3: upload rejected as too large: the link is posted instead
        finish(cases.get(2), () -> telegram.failNext("editMessageMedia", TelegramFault.uploadTooLarge()));
        // 4: the bot was removed: nothing can be posted, not even the notice
        finish(cases.get(3), () -> {
            telegram.failNext("editMessageText", TelegramFault.botKicked());
            telegram.failNext("editMessageMedia", TelegramFault.botKicked());
            telegram.failNext("sendMessage", TelegramFault.botKicked());
        });
        // 5: the upload is forbidden once (e.g. media rights revoked) but text still works: the user is told
        finish(cases.get(4), () -> telegram.failNext("editMessageMedia", TelegramFault.of(403,
                "Forbidden: not enough rights to send videos to the chat")));

        assertDelivered(cases.get(0), "video");
        assertDelivered(cases.get(1), "video");
        assertDelivered(cases.get(2), "text");
        assertThat(rig.deliveries(cases.get(2).chat(), cases.get(2).taskId()).get(0).text())
                .contains(rig.seedance.baseUrl());
        assertRefunded(cases.get(3));
        assertRefunded(cases.get(4));
        rig.awaitText(cases.get(4).chat(), "Your video " + cases.get(4).taskId() + " could not be made");
        assertThat(telegram.calls("editMessageMedia")).extracting(c -> c.status()).contains(429, 500, 413, 403);
        assertThat(telegram.calls("editMessageText")).extracting(c -> c.status()).contains(429, 500, 403);
        for (Case c : cases) {
            assertLedgerMatchesSnapshot(c.user(), c.chat());
        }
    }

    @Test
    void deliveryServerErrorOnEveryAttempt_failsRefundedAndToldOnce() {
        for (int i = 0; i < 3; i++) { // EngineSettings.fast: 3 delivery attempts
            telegram.failNext("editMessageMedia", SERVER_ERROR);
        }

        telegram.message(GROUP, ALICE).text("/video never arrives").send();
        String taskId = TelegramRig.taskIdOf(rig.awaitText(GROUP, "Video t"));

        await().atMost(TelegramRig.WAIT).until(() -> rig.core.engine().task(taskId).orElseThrow().state()
                == TaskState.FAILED);
        rig.awaitText(GROUP, "Your video " + taskId + " could not be made");
        assertThat(telegram.calls("editMessageMedia")).hasSize(3).allMatch(c -> c.status() == 500);
        assertThat(telegram.botMessages(GROUP.id()).stream().filter(m -> m.text().contains("could not be made")))
                .hasSize(1);
        assertThat(rig.core.quota().entry(taskId).orElseThrow().state()).isEqualTo(ChargeState.REFUNDED);
        assertLedgerMatchesSnapshot(ALICE, GROUP);
    }

    @Test
    void getFileRateLimited_waitsRetryAfterAndDelivers() {
        telegram.failNext("getFile", TelegramFault.tooManyRequests(1));

        telegram.message(GROUP, ALICE).photo(TestMedia.bytes(TestMedia.IMAGE_JPG))
                .caption("/video --first-frame the cat wakes up").send();

        String taskId = TelegramRig.taskIdOf(rig.awaitText(GROUP, "Video t"));
        await().atMost(TelegramRig.WAIT).until(() -> rig.core.engine().task(taskId).orElseThrow().state()
                == TaskState.DELIVERED);
        assertThat(telegram.calls("getFile")).extracting(c -> c.status()).containsExactly(429, 200);
        assertThat(rig.deliveries(GROUP, taskId)).hasSize(1);
    }

    @Test
    void getFileServerError_userToldToTryAgain_nothingCharged() {
        telegram.failNext("getFile", SERVER_ERROR);

        int asked = telegram.message(GROUP, ALICE).photo(TestMedia.bytes(TestMedia.IMAGE_JPG))
                .caption("/video --first-frame the cat wakes up").send();

        await().atMost(Duration.ofSeconds(5)).until(() -> !telegram.botMessages(GROUP.id()).isEmpty());
        BotMessage answer = telegram.botMessages(GROUP.id()).get(0);
        assertThat(answer.replyToMessageId()).isEqualTo(asked);
        assertThat(answer.text()).contains("Nothing was charged");
        assertThat(rig.ledgerRows()).isZero();
        assertThat(rig.seedance.createRequests()).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    /** Queues the faults, lets Seedance finish the task and waits until the task has ended and its charge is settled. */
    private void finish(Case c, Runnable faults) {
        faults.run();
        rig.seedance.completeTask(c.providerId());
        await().atMost(TelegramRig.WAIT).until(() -> rig.settled(c.taskId()));
    }

    private void assertDelivered(Case c, String kind) {
        assertThat(rig.core.engine().task(c.taskId()).orElseThrow().state()).as(c.taskId())
                .isEqualTo(TaskState.DELIVERED);
        assertThat(rig.deliveries(c.chat(), c.taskId())).as("posts of %s", c.taskId()).singleElement()
                .satisfies(m -> assertThat(m.kind()).isEqualTo(kind));
        assertThat(rig.core.quota().entry(c.taskId()).orElseThrow().state()).isEqualTo(ChargeState.COMMITTED);
    }

    private void assertRefunded(Case c) {
        assertThat(rig.core.engine().task(c.taskId()).orElseThrow().state()).as(c.taskId())
                .isEqualTo(TaskState.FAILED);
        assertThat(rig.deliveries(c.chat(), c.taskId())).isEmpty();
        assertThat(rig.core.quota().entry(c.taskId()).orElseThrow().state()).isEqualTo(ChargeState.REFUNDED);
    }

    private void assertLedgerMatchesSnapshot(TgUser user, TgChat chat) {
        List<TaskView> tasks = rig.tasksOf(user);
        QuotaSnapshot snapshot = rig.core.quota().snapshot(TelegramRig.key(user), String.valueOf(chat.id()), Set.of());
        long delivered = tasks.stream().filter(t -> t.state() == TaskState.DELIVERED).mapToLong(TaskView::cost).sum();
        assertThat(rig.ledgerSum(tasks.stream().map(TaskView::id).toList())).as("ledger of %s", user.username())
                .isEqualTo(snapshot.usedToday()).isEqualTo(delivered);
        assertThat(snapshot.reservedCredits()).isZero();
    }
}
