package dev.seedancebot.telegram;

import static dev.seedancebot.telegram.TelegramRig.ALICE;
import static dev.seedancebot.telegram.TelegramRig.BOB;
import static dev.seedancebot.telegram.TelegramRig.GROUP;
import static dev.seedancebot.telegram.TelegramRig.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import dev.seedancebot.testkit.telegram.BotMessage;
import dev.seedancebot.testkit.telegram.TelegramCall;
import dev.seedancebot.testkit.telegram.TgChat;
import dev.seedancebot.testkit.telegram.TgUser;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task ids are in every caption and button data is whatever a client sends: members of another group, or strangers
 * to a private chat, try to extend, re-roll, cancel and refund tasks that are not theirs. Each is answered as if the
 * task did not exist, nothing is charged or posted where the task lives, and admins lose their money-changing rights
 * the moment Telegram says they are no longer admins.
 */
class TelegramTaskOwnershipTest {
    private static final TgUser CAROL = new TgUser(1004, "carol", "Carol");
    private static final TgChat OTHER = TgChat.group(-100700, "Other");

    @TempDir
    Path dir;

    private TelegramRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void extendForeignTaskById_fromAnotherGroup_refusedAsUnknownAndNothingCharged() {
        rig = TelegramRig.start(dir);
        String taskId = deliveredTaskOfAliceInGroup();
        long ledgerBefore = rig.ledgerRows();

        rig.telegram.message(OTHER, BOB).text("/extend " + taskId + " the camera flies away").send();

        assertThat(rig.awaitOnlyAnswer(OTHER).text()).isEqualTo("There is no video " + taskId + " here.");
        assertThat(rig.ledgerRows()).isEqualTo(ledgerBefore);
        assertThat(rig.tasksOf(BOB)).isEmpty();
        assertThat(rig.seedance.createRequests()).hasSize(1);
    }

    @Test
    void resentCallbackData_forAnotherGroupsTask_refused() {
        rig = TelegramRig.start(dir);
        String taskId = deliveredTaskOfAliceInGroup();
        int groupMessages = rig.telegram.botMessages(GROUP.id()).size();
        rig.telegram.message(OTHER, BOB).text("/help").send();
        BotMessage help = rig.awaitOnlyAnswer(OTHER);

        rig.telegram.pressButton(OTHER, BOB, help.messageId(), "r:" + taskId);
        rig.telegram.pressButton(OTHER, BOB, help.messageId(), "c:" + taskId);

        List<TelegramCall> answers = awaitCallbackAnswers(2);
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.param("text").orElse("")).isEqualTo("There is no video " + taskId + " here.");
            assertThat(a.param("show_alert").orElse("")).isEqualTo("true");
        });
        assertThat(rig.telegram.botMessages(OTHER.id())).hasSize(1);
        assertThat(rig.telegram.botMessages(GROUP.id())).hasSize(groupMessages);
        assertThat(rig.tasksOf(BOB)).isEmpty();
        assertThat(rig.seedance.createRequests()).hasSize(1);
    }

    @Test
    void cancelCallback_forPrivateTaskOfOtherUser_refused() {
        rig = TelegramRig.start(dir, TelegramRig.trust().withPrivateChats(TrustSettings.PrivateChats.EVERYONE));
        TgChat aliceDm = TgChat.privateWith(ALICE);
        rig.seedance.scriptNextTask(TaskScript.of(Step.stuck()));
        rig.telegram.message(aliceDm, ALICE).text("/video slow clouds").send();
        String taskId = TelegramRig.taskIdOf(rig.awaitText(aliceDm, "Video t"));
        awaitState(taskId, TaskState.SUBMITTED);
        TgChat bobDm = TgChat.privateWith(BOB);
        rig.telegram.message(bobDm, BOB).text("/help").send();
        BotMessage bobsHelp = rig.awaitOnlyAnswer(bobDm);
        rig.telegram.message(GROUP, BOB).text("/help").send();
        BotMessage groupHelp = rig.awaitOnlyAnswer(GROUP);

        rig.telegram.pressButton(bobDm, BOB, bobsHelp.messageId(), "c:" + taskId);
        rig.telegram.pressButton(GROUP, BOB, groupHelp.messageId(), "c:" + taskId);

        assertThat(awaitCallbackAnswers(2)).allSatisfy(a -> assertThat(a.param("text").orElse(""))
                .isEqualTo("There is no video " + taskId + " here."));
        assertThat(rig.core.engine().task(taskId).orElseThrow().state()).isEqualTo(TaskState.SUBMITTED);
        assertThat(rig.core.quota().entry(taskId).orElseThrow().state()).isEqualTo(ChargeState.RESERVED);
    }

    @Test
    void refundOfAnotherGroupsTask_byItsAdmin_refusedAndNothingPostedThere() {
        rig = TelegramRig.start(dir);
        rig.telegram.setAdministrators(OTHER, CAROL);
        String taskId = deliveredTaskOfAliceInGroup();
        long charged = rig.ledgerSum(List.of(taskId));
        int groupMessages = rig.telegram.botMessages(GROUP.id()).size();

        rig.telegram.message(OTHER, CAROL).text("/videomod refund " + taskId + " looked bad").send();

        assertThat(rig.awaitOnlyAnswer(OTHER).text()).isEqualTo("There is no video " + taskId + " here.");
        assertThat(rig.ledgerSum(List.of(taskId))).isEqualTo(charged).isNotZero();
        assertThat(rig.moderationAuditRows()).isZero();
        assertThat(rig.telegram.botMessages(GROUP.id())).hasSize(groupMessages);
    }

    @Test
    void grantByDemotedAdmin_withinTheAdminCache_refusedByAFreshCheck() {
        rig = TelegramRig.start(dir);
        rig.telegram.setAdministrators(GROUP, BOB);
        rig.telegram.message(GROUP, ALICE).text("hello").send();
        rig.telegram.message(GROUP, BOB).text("/videomod top").send();
        await().atMost(WAIT).until(() -> rig.telegram.botMessages(GROUP.id()).size() == 1);
        assertThat(rig.telegram.botMessages(GROUP.id()).get(0).text()).doesNotContain("Only this community's");

        long auditBefore = rig.moderationAuditRows();
        rig.telegram.setAdministrators(GROUP); // demoted; the bot's cached list still names Bob
        rig.telegram.message(GROUP, BOB).text("/videomod grant @alice 1000").send();

        await().atMost(WAIT).until(() -> rig.telegram.botMessages(GROUP.id()).size() == 2);
        assertThat(rig.telegram.botMessages(GROUP.id()).get(1).text()).contains("Only this community's moderators");
        assertThat(rig.core.quota().snapshot(TelegramRig.key(ALICE), String.valueOf(GROUP.id()), Set.of())
                .bonusRemaining()).isZero();
        assertThat(rig.moderationAuditRows()).isEqualTo(auditBefore);
    }

    // ---------------------------------------------------------------- helpers

    private String deliveredTaskOfAliceInGroup() {
        rig.telegram.message(GROUP, ALICE).text("/video a lighthouse at dusk").send();
        String taskId = TelegramRig.taskIdOf(rig.awaitText(GROUP, "Video t"));
        awaitState(taskId, TaskState.DELIVERED);
        return taskId;
    }

    private List<TelegramCall> awaitCallbackAnswers(int count) {
        await().atMost(WAIT).until(() -> rig.telegram.calls("answerCallbackQuery").size() == count);
        return rig.telegram.calls("answerCallbackQuery");
    }

    private void awaitState(String taskId, TaskState state) {
        await().atMost(WAIT).until(() -> rig.core.engine().task(taskId).orElseThrow().state() == state);
    }
}
