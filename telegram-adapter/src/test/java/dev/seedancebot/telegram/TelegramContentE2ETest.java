package dev.seedancebot.telegram;

import static dev.seedancebot.telegram.TelegramRig.ALICE;
import static dev.seedancebot.telegram.TelegramRig.BOB;
import static dev.seedancebot.telegram.TelegramRig.GROUP;
import static dev.seedancebot.telegram.TelegramRig.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.content.ContentTexts;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import dev.seedancebot.testkit.telegram.BotMessage;
import dev.seedancebot.testkit.telegram.TelegramCall;
import dev.seedancebot.testkit.telegram.TgChat;
import dev.seedancebot.testkit.telegram.TgUser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group's content controls end to end: real TelegramBots against the fake Bot API, the real core against the fake
 * Seedance. Bob administers the group.
 */
class TelegramContentE2ETest {
    private static final TgUser CAROL = new TgUser(1004, "carol", "Carol");
    private static final TgUser DAVE = new TgUser(1005, "dave", "Dave");
    private static final TgChat MODS = TgChat.group(-100777, "Mods");
    @TempDir
    Path dir;
    private TelegramRig rig;

    @BeforeEach
    void start() {
        rig = TelegramRig.start(dir);
        rig.telegram.setAdministrators(GROUP, BOB);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void video_withAWordTheAdminBlocked_refusedWithoutRepeatingItAndNotCharged() {
        rig.telegram.message(GROUP, BOB).text("/videomod words add nud*").send();
        rig.awaitText(GROUP, "are now refused here");

        rig.telegram.message(GROUP, ALICE).text("/video a Nude statue in the rain").send();

        BotMessage refused = rig.awaitText(GROUP, "do not allow");
        assertThat(refused.text()).isEqualTo(ContentTexts.blocked()).doesNotContainIgnoringCase("nud");
        assertThat(rig.tasksOf(ALICE)).isEmpty();
        assertThat(rig.ledgerRows()).isZero();
        assertThat(rig.seedance.createRequests()).isEmpty();
    }

    @Test
    void words_memberWhoIsNoAdmin_refused() {
        rig.telegram.message(GROUP, ALICE).text("/videomod words add gore").send();

        rig.awaitText(GROUP, "moderators");
        rig.telegram.message(GROUP, ALICE).text("/video some gore").send();
        rig.awaitText(GROUP, "Video ");
    }

    private TaskView delivered(TgUser who, String prompt) {
        rig.telegram.message(GROUP, who).text("/video " + prompt).send();
        await().atMost(WAIT).until(() -> !rig.tasksOf(who).isEmpty()
                && rig.tasksOf(who).get(0).state() == TaskState.DELIVERED);
        return rig.tasksOf(who).get(0);
    }

    /** Presses a button under the video and returns the bot's (private) answer to the press. */
    private TelegramCall press(TgUser who, TaskView task, String data) {
        int before = rig.telegram.calls("answerCallbackQuery").size();
        rig.telegram.pressButton(GROUP, who, Integer.parseInt(task.deliveredMessageId()), data);
        await().atMost(WAIT).until(() -> rig.telegram.calls("answerCallbackQuery").size() > before);
        return rig.telegram.calls("answerCallbackQuery").get(before);
    }

    @Test
    void delete_byTheRequester_removesTheVideoAndHistoryNoLongerOffersIt() {
        TaskView video = delivered(ALICE, "a lighthouse");
        int posted = Integer.parseInt(video.deliveredMessageId());

        TelegramCall answer = press(ALICE, video, "del:" + video.id());

        assertThat(answer.param("text").orElse("")).contains("was deleted");
        assertThat(rig.telegram.botMessage(GROUP.id(), posted)).isEmpty();
        assertThat(Files.exists(rig.core.engine().resultFile(video.id()))).isFalse();
        rig.telegram.message(GROUP, ALICE).text("/history").send();
        BotMessage history = rig.awaitText(GROUP, "Your videos here");
        assertThat(history.text()).contains("Deleted");
        assertThat(history.replyMarkup()).doesNotContain("f:" + video.id());
    }

    @Test
    void delete_byAStrangerInTheGroup_refusedPrivatelyAndTheVideoStays() {
        TaskView video = delivered(ALICE, "a lighthouse");

        TelegramCall answer = press(CAROL, video, "del:" + video.id());

        assertThat(answer.param("text").orElse("")).contains("Only the person who asked for " + video.id());
        assertThat(answer.param("show_alert")).contains("true");
        assertThat(rig.telegram.botMessage(GROUP.id(), Integer.parseInt(video.deliveredMessageId()))).isPresent();
    }

    @Test
    void delete_byAnAdmin_removesSomeoneElsesVideo() {
        TaskView video = delivered(ALICE, "a lighthouse");

        assertThat(press(BOB, video, "del:" + video.id()).param("text").orElse("")).contains("was deleted");
        assertThat(rig.telegram.botMessage(GROUP.id(), Integer.parseInt(video.deliveredMessageId()))).isEmpty();
    }

    @Test
    void report_withAChatChosenByTheAdmin_reachesItOncePerPerson() {
        rig.telegram.message(GROUP, BOB).text("/videomod reports " + MODS.id()).send();
        rig.awaitText(GROUP, "Reports of videos now go to");
        TaskView video = delivered(ALICE, "a lighthouse");

        TelegramCall first = press(CAROL, video, "rep:" + video.id());
        BotMessage alert = rig.awaitText(MODS, "reported video " + video.id());
        TelegramCall second = press(CAROL, video, "rep:" + video.id());

        assertThat(first.param("text").orElse("")).contains("moderators were told");
        assertThat(alert.text()).contains("@carol", "a lighthouse");
        assertThat(second.param("text").orElse("")).contains("already reported");
        assertThat(rig.telegram.botMessages(MODS.id())).hasSize(1);
    }

    @Test
    void report_withoutAChosenPlace_goesToTheAdminsWhoStartedTheBot() {
        rig.telegram.setAdministrators(GROUP, BOB, DAVE);
        rig.telegram.neverStarted(DAVE);
        TaskView video = delivered(ALICE, "a lighthouse");

        TelegramCall answer = press(CAROL, video, "rep:" + video.id());

        assertThat(answer.param("text").orElse("")).contains("moderators were told");
        assertThat(rig.awaitText(TgChat.privateWith(BOB), "reported video " + video.id()).text())
                .contains("a lighthouse");
        assertThat(rig.telegram.botMessages(DAVE.id())).isEmpty();
        assertThat(rig.telegram.botMessages(GROUP.id())).noneMatch(m -> m.text() != null
                && m.text().contains("reported video"));
    }

    @Test
    void video_withSpoilerOption_sentWithHasSpoiler() {
        TaskView video = delivered(ALICE, "a plot twist --spoiler");

        assertThat(video.options().spoiler()).isTrue();
        assertThat(video.prompt()).isEqualTo("a plot twist");
        assertThat(rig.telegram.postedVideos()).singleElement().satisfies(v -> assertThat(v.hasSpoiler()).isTrue());
    }

    @Test
    void video_withoutSpoilerOption_sentWithoutHasSpoiler() {
        delivered(ALICE, "a plot twist");

        assertThat(rig.telegram.postedVideos()).singleElement().satisfies(v -> assertThat(v.hasSpoiler()).isFalse());
    }

    @Test
    void video_whoseSoundtrackSeedanceRefuses_madeOnceMoreSilentChargedOnceAndTheUserTold() {
        rig.seedance.scriptNextTask(TaskScript.of(Step.outputAudioRefused()));

        TaskView video = delivered(ALICE, "a street band playing");

        BotMessage told = rig.awaitText(GROUP, "refused the soundtrack of your video " + video.id());
        assertThat(told.text()).contains("without audio");
        assertThat(rig.seedance.createRequests()).hasSize(2);
        assertThat(rig.seedance.createRequests().get(0).bodyText()).contains("\"generate_audio\":true");
        assertThat(rig.seedance.createRequests().get(1).bodyText()).contains("\"generate_audio\":false");
        assertThat(video.options().generateAudio()).isFalse();
        assertThat(rig.ledgerSum(java.util.List.of(video.id()))).isEqualTo(video.cost()).isPositive();
        assertThat(rig.tasksOf(ALICE)).hasSize(1);
    }

    @Test
    void video_whosePictureSeedanceRefuses_failsWithoutARetry() {
        rig.seedance.scriptNextTask(TaskScript.of(Step.failure("OutputVideoSensitiveContentDetected",
                "The request failed because the output video may contain sensitive information.")));

        rig.telegram.message(GROUP, ALICE).text("/video a street band playing").send();

        await().atMost(WAIT).until(() -> !rig.tasksOf(ALICE).isEmpty()
                && rig.tasksOf(ALICE).get(0).state() == TaskState.FAILED);
        assertThat(rig.seedance.createRequests()).hasSize(1);
    }
}
