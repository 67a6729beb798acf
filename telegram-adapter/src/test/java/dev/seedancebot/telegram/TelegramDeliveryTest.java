package dev.seedancebot.telegram;

import static dev.seedancebot.telegram.TelegramRig.ALICE;
import static dev.seedancebot.telegram.TelegramRig.GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import dev.seedancebot.testkit.telegram.BotMessage;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import dev.seedancebot.testkit.telegram.TelegramFault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery turns the task's progress message into the video, so that repeating it (the engine does after a crash
 * between Telegram's answer and its own record) edits that message again instead of posting a second video.
 */
class TelegramDeliveryTest {
    @TempDir
    Path dir;

    private TelegramRig rig;
    private FakeTelegramBotApi telegram;

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
    void deliver_progressMessagePosted_editsItIntoTheVideoWithoutNewMessage() {
        int asked = telegram.message(GROUP, ALICE).text("/video a paper boat").send();
        BotMessage ack = rig.awaitText(GROUP, "Video t");
        String taskId = TelegramRig.taskIdOf(ack);

        TaskView task = awaitDelivered(taskId);

        assertThat(task.deliveredMessageId()).isEqualTo(String.valueOf(ack.messageId()));
        assertThat(telegram.botMessages(GROUP.id())).singleElement().satisfies(video -> {
            assertThat(video.messageId()).isEqualTo(ack.messageId());
            assertThat(video.kind()).isEqualTo("video");
            assertThat(video.replyToMessageId()).isEqualTo(asked);
            assertThat(video.text()).contains("a paper boat", taskId);
            assertThat(video.replyMarkup()).contains("r:" + taskId, "x:" + taskId);
            assertThat(video.fileSize()).isPositive();
        });
        assertThat(telegram.calls("editMessageMedia")).singleElement()
                .satisfies(c -> assertThat(c.files()).isNotEmpty());
        assertThat(telegram.calls("sendVideo")).isEmpty();
    }

    @Test
    void deliver_repeatedByAnAdapterThatRestarted_editsTheSameMessageAndPostsNothing() throws IOException {
        telegram.message(GROUP, ALICE).text("/video a paper boat").send();
        String taskId = TelegramRig.taskIdOf(rig.awaitText(GROUP, "Video t"));
        TaskView task = awaitDelivered(taskId);
        int messagesBefore = telegram.botMessages(GROUP.id()).size();

        // a fresh adapter knows nothing in memory, as after a restart: only the stored progress message id
        String again;
        try (TelegramAdapter restarted = new TelegramAdapter(
                TelegramSettings.defaults(telegram.token()).withServer("http", telegram.host(), telegram.port(), false),
                rig.core.ports(), rig.http, Ticker.systemTicker(), dir.resolve("restarted"))) {
            again = restarted.deliver(task, upload());
        }

        assertThat(again).isEqualTo(task.deliveredMessageId());
        assertThat(telegram.botMessages(GROUP.id())).hasSize(messagesBefore);
        assertThat(rig.deliveries(GROUP, taskId)).singleElement()
                .satisfies(m -> assertThat(m.messageId()).isEqualTo(Integer.parseInt(again)));
        assertThat(telegram.calls("editMessageMedia")).hasSize(2).allMatch(c -> c.status() == 200);
        assertThat(telegram.calls("sendVideo")).isEmpty();
    }

    @Test
    void deliver_progressMessageDeleted_postsTheVideoAnewAndARetryEditsThatPost() throws IOException {
        rig.seedance.scriptNextTask(TaskScript.of(Step.stuck()));
        telegram.message(GROUP, ALICE).text("/video a paper boat").send();
        BotMessage ack = rig.awaitText(GROUP, "Video t");
        String taskId = TelegramRig.taskIdOf(ack);
        await().atMost(TelegramRig.WAIT).until(() -> rig.core.engine().task(taskId).orElseThrow().progressMessageId()
                != null);
        telegram.deleteBotMessage(GROUP.id(), ack.messageId());

        rig.seedance.completeTask(rig.core.engine().task(taskId).orElseThrow().providerTaskId());
        TaskView task = awaitDelivered(taskId);

        // Two paths are right, depending on whether a progress edit came between the deletion and the delivery:
        // that edit posts a fresh progress message which the delivery turns into the video, otherwise the delivery's
        // edit fails and the video is sent anew. Either way the video is one new message, and a retry edits it.
        assertThat(task.deliveredMessageId()).isNotEqualTo(String.valueOf(ack.messageId()));
        assertThat(rig.deliveries(GROUP, taskId)).singleElement()
                .satisfies(m -> assertThat(String.valueOf(m.messageId())).isEqualTo(task.deliveredMessageId()));
        int videosSent = telegram.calls("sendVideo").size();
        assertThat(videosSent).isLessThanOrEqualTo(1);

        String again = rig.adapter.deliver(task, upload());

        assertThat(again).isEqualTo(task.deliveredMessageId());
        assertThat(telegram.calls("sendVideo")).hasSize(videosSent);
        assertThat(rig.deliveries(GROUP, taskId)).hasSize(1);
    }

    @Test
    void deliver_progressMessageGoneWhenTheVideoArrives_sendsTheVideoOnce() {
        telegram.failNext("editMessageMedia", TelegramFault.messageToEditNotFound());
        telegram.message(GROUP, ALICE).text("/video a paper boat").send();
        String taskId = TelegramRig.taskIdOf(rig.awaitText(GROUP, "Video t"));

        TaskView task = awaitDelivered(taskId);

        assertThat(telegram.calls("editMessageMedia")).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(400));
        assertThat(telegram.calls("sendVideo")).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(200));
        assertThat(rig.deliveries(GROUP, taskId)).singleElement()
                .satisfies(m -> assertThat(String.valueOf(m.messageId())).isEqualTo(task.deliveredMessageId()));
    }

    @Test
    void deliver_storedProgressMessageDiffersFromTheRememberedOne_editsTheStoredOne() throws IOException {
        rig.seedance.scriptNextTask(TaskScript.of(Step.stuck()));
        telegram.message(GROUP, ALICE).text("/video a paper boat").send();
        BotMessage ack = rig.awaitText(GROUP, "Video t");
        String taskId = TelegramRig.taskIdOf(ack);
        telegram.message(GROUP, ALICE).text("/help").send();
        BotMessage other = rig.awaitText(GROUP, "Commands:");
        // the engine stored another progress message than the one this process remembers (a re-posted progress
        // message whose id it did not get to store); the next process will only know the stored one
        TaskView task = withProgressMessage(rig.core.engine().task(taskId).orElseThrow(), other.messageId());

        String delivered = rig.adapter.deliver(task, upload());

        assertThat(delivered).isEqualTo(String.valueOf(other.messageId()));
        assertThat(telegram.botMessage(GROUP.id(), other.messageId()).orElseThrow().kind()).isEqualTo("video");
        assertThat(telegram.botMessage(GROUP.id(), ack.messageId()).orElseThrow().kind()).isEqualTo("text");
    }

    @Test
    void showProgress_afterDelivery_leavesTheVideoCaptionAlone() {
        telegram.message(GROUP, ALICE).text("/video a paper boat").send();
        String taskId = TelegramRig.taskIdOf(rig.awaitText(GROUP, "Video t"));
        TaskView task = awaitDelivered(taskId);
        int editsBefore = telegram.calls("editMessageText").size();

        String shown = rig.adapter.showProgress(task);

        assertThat(shown).isEqualTo(task.deliveredMessageId());
        assertThat(telegram.calls("editMessageText")).hasSize(editsBefore);
        assertThat(telegram.botMessage(GROUP.id(), Integer.parseInt(shown)).orElseThrow().text())
                .doesNotContain("Done");
    }

    private TaskView awaitDelivered(String taskId) {
        await().atMost(TelegramRig.WAIT).until(() -> rig.core.engine().task(taskId).orElseThrow().state()
                == TaskState.DELIVERED);
        return rig.core.engine().task(taskId).orElseThrow();
    }

    private static TaskView withProgressMessage(TaskView t, int messageId) {
        return new TaskView(t.id(), t.parentId(), t.requester(), t.chat(), t.state(), t.mode(), t.prompt(),
                t.options(), t.cost(), t.providerTaskId(), t.progressPercent(), t.resultUrl(), t.resultBytes(),
                String.valueOf(messageId), t.deliveredMessageId(), t.errorKind(), t.errorMessage(), t.createdAt(),
                t.finishedAt());
    }

    private Delivery.Upload upload() throws IOException {
        Path file = dir.resolve("result.mp4");
        Files.write(file, TestMedia.bytes(TestMedia.VIDEO_3S));
        return new Delivery.Upload(file, Files.size(file));
    }
}
