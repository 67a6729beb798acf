package dev.seedancebot.telegram;

import static dev.seedancebot.telegram.TelegramRig.ALICE;
import static dev.seedancebot.telegram.TelegramRig.BOB;
import static dev.seedancebot.telegram.TelegramRig.GROUP;
import static dev.seedancebot.telegram.TelegramRig.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.stats.UsageChart;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.telegram.BotMessage;
import dev.seedancebot.testkit.telegram.TelegramCall;
import dev.seedancebot.testkit.telegram.TgChat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /history} and {@code /videomod stats} end to end: real TelegramBots against the fake Bot API, the real core
 * against the fake Seedance. In a group the list shows the asker's own videos of that group; its buttons are the
 * same checked, charged actions as under a video, and its pages answer nobody but their owner.
 */
class TelegramHistoryE2ETest {
    private static final Pattern CALLBACK_DATA = Pattern.compile("\"callback_data\"\\s*:\\s*\"([^\"]+)\"");

    @TempDir
    Path dir;
    private TelegramRig rig;

    @BeforeEach
    void start() {
        rig = TelegramRig.start(dir);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private List<TaskView> delivered(int count) {
        for (int i = 1; i <= count; i++) {
            rig.telegram.message(GROUP, ALICE).text("/video scene " + i).send();
            int made = i;
            // one at a time, so "newest first" has one answer
            await().atMost(WAIT).until(() -> rig.tasksOf(ALICE).size() == made
                    && rig.tasksOf(ALICE).get(0).state() == TaskState.DELIVERED);
        }
        return rig.tasksOf(ALICE);
    }

    private BotMessage history(TgChat chat) {
        rig.telegram.message(chat, ALICE).text("/history").send();
        return rig.awaitText(chat, "Your videos here");
    }

    private static List<String> callbackData(BotMessage m) {
        Matcher matcher = CALLBACK_DATA.matcher(m.replyMarkup() == null ? "" : m.replyMarkup());
        return matcher.results().map(r -> r.group(1)).toList();
    }

    private int callbackAnswers() {
        return rig.telegram.calls("answerCallbackQuery").size();
    }

    @Test
    void history_fiveVideosInTheGroup_ownNewestFirstAndOlderPageEditedInPlace() {
        List<TaskView> tasks = delivered(5);
        rig.telegram.message(GROUP, BOB).text("/video bob's scene").send();
        await().atMost(WAIT).until(() -> !rig.tasksOf(BOB).isEmpty());

        BotMessage list = history(GROUP);
        rig.telegram.pressButton(GROUP, ALICE, list.messageId(), "h:1:" + ALICE.id());

        assertThat(list.text()).contains("scene 5", "scene 2").doesNotContain("scene 1", "bob's");
        assertThat(callbackData(list)).contains("r:" + tasks.get(0).id(), "f:" + tasks.get(0).id(),
                "h:1:" + ALICE.id()).allMatch(d -> d.getBytes(StandardCharsets.UTF_8).length <= 64);
        await().atMost(WAIT).until(() -> rig.telegram.botMessage(GROUP.id(), list.messageId()).orElseThrow().text()
                .contains("scene 1"));
        assertThat(rig.telegram.botMessage(GROUP.id(), list.messageId()).orElseThrow().text())
                .doesNotContain("scene 5");
    }

    @Test
    void historyPageAttack_pressedBySomeoneElseInTheGroup_refusedToThePresserAlone() {
        delivered(5);
        BotMessage list = history(GROUP);
        int before = callbackAnswers();

        rig.telegram.pressButton(GROUP, BOB, list.messageId(), "h:1:" + ALICE.id());

        await().atMost(WAIT).until(() -> callbackAnswers() == before + 1);
        TelegramCall answer = rig.telegram.calls("answerCallbackQuery").get(before);
        assertThat(answer.param("text").orElse("")).contains("someone else");
        assertThat(answer.param("show_alert")).contains("true");
        assertThat(rig.telegram.botMessage(GROUP.id(), list.messageId()).orElseThrow().edits()).isZero();
    }

    @Test
    void runAgainFromHistory_ownVideo_newRequestThroughIntakeChargedLikeAnother() {
        TaskView original = delivered(1).get(0);
        BotMessage list = history(GROUP);

        rig.telegram.pressButton(GROUP, ALICE, list.messageId(), "r:" + original.id());

        await().atMost(WAIT).until(() -> rig.tasksOf(ALICE).size() == 2
                && rig.tasksOf(ALICE).get(0).state() == TaskState.DELIVERED);
        TaskView again = rig.tasksOf(ALICE).get(0);
        assertThat(again.parentId()).isEqualTo(original.id());
        assertThat(again.prompt()).isEqualTo(original.prompt());
        assertThat(again.options()).isEqualTo(original.options());
        assertThat(rig.ledgerSum(List.of(again.id()))).isEqualTo(again.cost()).isPositive();
        assertThat(rig.seedance.createRequests()).hasSize(2);
    }

    @Test
    void fileFromHistory_keptVideo_postedAgainAsAReplyToTheList() throws Exception {
        TaskView video = delivered(1).get(0);
        BotMessage list = history(GROUP);
        int videosBefore = rig.telegram.calls("sendVideo").size();

        rig.telegram.pressButton(GROUP, ALICE, list.messageId(), "f:" + video.id());

        await().atMost(WAIT).until(() -> rig.telegram.calls("sendVideo").size() == videosBefore + 1);
        TelegramCall sent = rig.telegram.calls("sendVideo").get(videosBefore);
        assertThat(sent.files().get("video").bytes())
                .isEqualTo(Files.readAllBytes(rig.core.engine().resultFile(video.id())));
        assertThat(sent.param("caption").orElse("")).contains(video.id());
        assertThat(rig.seedance.createRequests()).hasSize(1);
    }

    @Test
    void craftedFileButtonAttack_anotherUsersTaskInTheSameGroup_refusedAsIfItDidNotExist() {
        TaskView alices = delivered(1).get(0);
        int videosBefore = rig.telegram.calls("sendVideo").size();
        int before = callbackAnswers();
        BotMessage any = rig.telegram.botMessages(GROUP.id()).get(0);

        rig.telegram.pressButton(GROUP, BOB, any.messageId(), "f:" + alices.id());

        await().atMost(WAIT).until(() -> callbackAnswers() == before + 1);
        assertThat(rig.telegram.calls("answerCallbackQuery").get(before).param("text"))
                .contains("There is no video " + alices.id() + " here.");
        assertThat(rig.telegram.calls("sendVideo")).hasSize(videosBefore);
    }

    @Test
    void stats_groupAdmin_getsAPhoneSizedChartPhotoOfTheGroupsUsage() throws Exception {
        // before anyone writes: the adapter caches the group's admins from the first message on
        rig.telegram.setAdministrators(GROUP, BOB);
        TaskView video = delivered(1).get(0);

        rig.telegram.message(GROUP, BOB).text("/videomod stats").send();

        await().atMost(WAIT).until(() -> !rig.telegram.calls("sendPhoto").isEmpty());
        TelegramCall photo = rig.telegram.calls("sendPhoto").get(0);
        assertThat(photo.param("caption").orElse("")).contains("1 video", video.cost() + " credits", "@alice");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(photo.files().get("photo").bytes()));
        assertThat(image.getWidth()).isEqualTo(UsageChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(UsageChart.HEIGHT);
    }

    @Test
    void stats_memberWhoIsNoModerator_refusedWithoutAChart() {
        rig.telegram.message(GROUP, ALICE).text("/videomod stats").send();

        rig.awaitOnlyAnswer(GROUP);
        assertThat(rig.telegram.calls("sendPhoto")).isEmpty();
    }
}
