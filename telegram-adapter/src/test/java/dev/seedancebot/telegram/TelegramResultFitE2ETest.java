package dev.seedancebot.telegram;

import static dev.seedancebot.telegram.TelegramRig.ALICE;
import static dev.seedancebot.telegram.TelegramRig.GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import dev.seedancebot.testkit.telegram.PostedVideo;
import dev.seedancebot.testkit.telegram.TelegramFault;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The result as Telegram needs it to show a player at once: dimensions, duration, a thumbnail, streaming, and the
 * file labelled video/mp4 under a meaningful name, on both ways a result is posted (editMessageMedia of the progress
 * message, sendVideo when there is none). Real TelegramBots against the fake Bot API.
 */
class TelegramResultFitE2ETest {
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
    void result_progressMessageShown_editedIntoVideoWithDimensionsThumbnailAndMp4Type() throws IOException {
        telegram.message(GROUP, ALICE).text("/video a paper boat on a stormy sea").send();
        String taskId = TelegramRig.taskIdOf(rig.awaitText(GROUP, "Video t"));

        TaskView task = rig.awaitDelivered(taskId);

        assertThat(telegram.postedVideos()).singleElement().satisfies(v -> {
            assertThat(v.method()).isEqualTo("editMessageMedia");
            assertThat(String.valueOf(v.messageId())).isEqualTo(task.deliveredMessageId());
            assertPlayable(v, "a-paper-boat-on-a-stormy-" + taskId + ".mp4");
        });
    }

    @Test
    void result_progressMessageDeleted_sendVideoCarriesTheSameFields() throws IOException {
        rig.seedance.scriptNextTask(TaskScript.of(Step.stuck()));
        telegram.message(GROUP, ALICE).text("/video a paper boat").send();
        var ack = rig.awaitText(GROUP, "Video t");
        String taskId = TelegramRig.taskIdOf(ack);
        await().atMost(TelegramRig.WAIT).until(() -> rig.core.engine().task(taskId).orElseThrow().progressMessageId()
                != null);
        telegram.deleteBotMessage(GROUP.id(), ack.messageId());

        rig.seedance.completeTask(rig.core.engine().task(taskId).orElseThrow().providerTaskId());
        rig.awaitDelivered(taskId);

        assertThat(telegram.postedVideos()).singleElement().satisfies(v -> {
            assertThat(v.method()).isEqualTo("sendVideo");
            assertPlayable(v, "a-paper-boat-" + taskId + ".mp4");
        });
    }

    /**
     * When Telegram refuses the upload as too large although the bot measured it under the limit (Telegram counts
     * the multipart body), the result is posted as the provider's link, saying until when it can be downloaded.
     */
    @Test
    void result_telegramAnswers413ToTheUpload_postedAsLinkSayingWhenItExpires() {
        telegram.failNext("editMessageMedia", TelegramFault.uploadTooLarge());
        telegram.message(GROUP, ALICE).text("/video a paper boat in fog").send();
        String taskId = TelegramRig.taskIdOf(rig.awaitText(GROUP, "Video t"));

        TaskView task = rig.awaitDelivered(taskId);

        assertThat(telegram.postedVideos()).isEmpty();
        assertThat(telegram.botMessages(GROUP.id())).anySatisfy(m -> assertThat(m.text())
                .contains("Download it here until").contains("UTC").contains(task.resultUrl().toString()));
    }

    /** The fake Seedance's result is a 5 s 640×640 clip. */
    private static void assertPlayable(PostedVideo v, String fileName) {
        assertThat(v.video().contentType()).isEqualTo("video/mp4");
        assertThat(v.video().fileName()).isEqualTo(fileName);
        assertThat(v.width()).isEqualTo(640);
        assertThat(v.height()).isEqualTo(640);
        assertThat(v.duration()).isEqualTo(5);
        assertThat(v.supportsStreaming()).isTrue();
        assertThat(v.thumbnail()).isNotNull();
        assertThat(v.thumbnail().contentType()).isEqualTo("image/jpeg");
        assertThat(v.thumbnail().size()).isPositive().isLessThanOrEqualTo(200_000);
        try {
            BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(v.thumbnail().bytes()));
            assertThat(thumb.getWidth()).isEqualTo(320);
            assertThat(thumb.getHeight()).isEqualTo(320);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
