package dev.seedancebot.telegram;

import static dev.seedancebot.telegram.TelegramRig.ALICE;
import static dev.seedancebot.telegram.TelegramRig.BOB;
import static dev.seedancebot.telegram.TelegramRig.GROUP;
import static dev.seedancebot.telegram.TelegramRig.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.testkit.telegram.BotMessage;
import dev.seedancebot.testkit.telegram.TelegramCall;
import dev.seedancebot.testkit.telegram.TgChat;
import dev.seedancebot.testkit.telegram.TgUser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group's own settings through the real adapter and engine ({@link TelegramRig}): admins set defaults, ceilings,
 * the topics where videos are made and extra moderators with {@code /videomod}; members are refused (and charged
 * nothing) where those settings say no, and get the group's defaults where they leave options out.
 */
class TelegramCommunitySettingsTest {
    private static final TgUser CAROL = new TgUser(1004, "carol", "Carol");
    private static final TgChat FORUM = TgChat.forum(-100600, "Forum");
    private static final int TOPIC_A = 10;
    private static final int TOPIC_B = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TelegramRig rig;

    @BeforeEach
    void start() {
        rig = TelegramRig.start(dir);
        rig.telegram.setAdministrators(GROUP, BOB);
        rig.telegram.setAdministrators(FORUM, BOB);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    /** The bot's messages in {@code chat} that contain {@code text}, once there are {@code count}. */
    private List<BotMessage> awaitTexts(TgChat chat, String text, int count) {
        await().atMost(WAIT).until(() -> texts(chat, text).size() >= count);
        return texts(chat, text);
    }

    private List<BotMessage> texts(TgChat chat, String text) {
        return rig.telegram.botMessages(chat.id()).stream()
                .filter(m -> m.text() != null && m.text().contains(text)).toList();
    }

    private JsonNode lastCreate() throws IOException {
        await().atMost(WAIT).until(() -> !rig.seedance.createRequests().isEmpty());
        var creates = rig.seedance.createRequests();
        return JSON.readTree(creates.get(creates.size() - 1).body());
    }

    // ---------------------------------------------------------------- defaults and ceilings

    @Test
    void video_aboveMaxResolutionSetByAdmin_isRefusedUnchargedAndWithoutOptionRunsAt480p() throws IOException {
        rig.telegram.message(GROUP, BOB).text("/videomod set max-resolution 480p").send();
        rig.awaitText(GROUP, "Set max-resolution to 480p here");

        rig.telegram.message(GROUP, ALICE).text("/video a cat on a roof --resolution 720p").send();
        BotMessage refused = rig.awaitText(GROUP, "made at up to 480p");

        assertThat(refused.text()).contains("a moderator's setting", "Nothing was charged").doesNotContain("Video t");
        assertThat(rig.ledgerRows()).isZero();
        assertThat(rig.seedance.createRequests()).isEmpty();

        rig.telegram.message(GROUP, ALICE).text("/video a cat on a roof").send();
        String taskId = TelegramRig.taskIdOf(rig.awaitText(GROUP, "Video t"));

        assertThat(lastCreate().path("resolution").asText()).isEqualTo("480p");
        await().atMost(WAIT).until(() -> rig.core.engine().task(taskId).orElseThrow().state() == TaskState.DELIVERED);
        assertThat(rig.tasksOf(ALICE)).hasSize(1);
    }

    @Test
    void videoAndQuota_afterAdminSetsDuration4AndAudioOff_useTheGroupsDefaults() throws IOException {
        rig.telegram.message(GROUP, BOB).text("/videomod set duration 4").send();
        rig.awaitText(GROUP, "Set duration to 4s here");
        rig.telegram.message(GROUP, BOB).text("/videomod set audio off").send();
        rig.awaitText(GROUP, "Set audio to off here");

        rig.telegram.message(GROUP, ALICE).text("/quota").send();
        rig.telegram.message(GROUP, ALICE).text("/video a snail --res 480p").send();

        assertThat(rig.awaitText(GROUP, "Left today").text()).contains("Prices (silent)");
        rig.awaitText(GROUP, "Video t");
        JsonNode create = lastCreate();
        assertThat(create.path("duration").asInt()).isEqualTo(4);
        assertThat(create.path("generate_audio").asBoolean(true)).isFalse();
        assertThat(create.path("resolution").asText()).isEqualTo("480p");
    }

    @Test
    void video_afterAdminSwitchesVideosOff_isRefusedWithoutChargeUntilSetBackToDefault() {
        rig.telegram.message(GROUP, BOB).text("/videomod set videos off").send();
        rig.awaitText(GROUP, "Set videos to off here");

        rig.telegram.message(GROUP, ALICE).text("/video a cat").send();
        BotMessage refused = rig.awaitText(GROUP, "switched video making off");

        assertThat(refused.text()).contains("Nothing was charged");
        assertThat(rig.ledgerRows()).isZero();
        assertThat(rig.seedance.createRequests()).isEmpty();

        rig.telegram.message(GROUP, BOB).text("/videomod set videos default").send();
        rig.awaitText(GROUP, "videos now follows the bot's configuration");
        rig.telegram.message(GROUP, ALICE).text("/video a cat").send();

        rig.awaitText(GROUP, "Video t");
        await().atMost(WAIT).until(() -> rig.seedance.createRequests().size() == 1);
    }

    @Test
    void settings_byAdmin_listsSetValuesChannelsAndModerators() {
        rig.telegram.message(FORUM, BOB).topic(TOPIC_A).text("/videomod set max-duration 8").send();
        rig.awaitText(FORUM, "Set max-duration to 8s");
        rig.telegram.message(FORUM, BOB).topic(TOPIC_A).text("/videomod channel allow").send();
        rig.awaitText(FORUM, "/video now works in topic " + TOPIC_A);
        rig.telegram.message(FORUM, BOB).text("/videomod channel allow here").send();
        rig.awaitText(FORUM, "/video now works in the General topic");
        rig.telegram.message(FORUM, BOB).text("/videomod moderator add " + CAROL.id()).send();
        rig.awaitText(FORUM, "can now use /videomod here");

        rig.telegram.message(FORUM, BOB).text("/videomod settings").send();

        BotMessage settings = rig.awaitText(FORUM, "Settings here");
        assertThat(settings.text()).contains("max-duration: 8s *", "duration: 5s", "videos: on",
                "the General topic", "topic " + TOPIC_A, "group admins, user " + CAROL.id());
    }

    // ---------------------------------------------------------------- channels (forum topics)

    @Test
    void video_inOtherTopicAfterChannelAllowInTopicA_isRefusedUnchargedWhileTopicAWorks() {
        rig.telegram.message(FORUM, BOB).topic(TOPIC_A).text("/videomod channel allow").send();
        rig.awaitText(FORUM, "/video now works in topic " + TOPIC_A);

        rig.telegram.message(FORUM, ALICE).topic(TOPIC_B).text("/video rain on a window").send();
        BotMessage refused = rig.awaitText(FORUM, "Videos are made in other topics of this group");
        rig.telegram.message(FORUM, ALICE).text("/video rain in General").send();
        rig.telegram.message(FORUM, ALICE).topic(TOPIC_B).text("/quota").send();

        assertThat(refused.threadId()).isEqualTo(TOPIC_B);
        assertThat(refused.text()).contains("Nothing was charged");
        awaitTexts(FORUM, "Videos are made in other topics", 2);
        assertThat(rig.awaitText(FORUM, "Left today").threadId()).isEqualTo(TOPIC_B);
        assertThat(rig.ledgerRows()).isZero();
        assertThat(rig.seedance.createRequests()).isEmpty();

        rig.telegram.message(FORUM, ALICE).topic(TOPIC_A).text("/video sun over hills").send();

        BotMessage ack = rig.awaitText(FORUM, "Video t");
        assertThat(ack.threadId()).isEqualTo(TOPIC_A);
        await().atMost(WAIT).until(() -> rig.seedance.createRequests().size() == 1);
    }

    @Test
    void rerollAndExtend_inTopicNoLongerAllowed_areRefusedAndCreateNothing() {
        rig.telegram.message(FORUM, ALICE).topic(TOPIC_B).text("/video a lighthouse").send();
        String taskId = TelegramRig.taskIdOf(rig.awaitText(FORUM, "Video t"));
        await().atMost(WAIT).until(() -> rig.core.engine().task(taskId).orElseThrow().state() == TaskState.DELIVERED);
        BotMessage video = rig.telegram.botMessages(FORUM.id()).stream().filter(m -> m.kind().equals("video"))
                .findFirst().orElseThrow();
        rig.telegram.message(FORUM, BOB).topic(TOPIC_A).text("/videomod channel allow").send();
        rig.awaitText(FORUM, "/video now works in topic " + TOPIC_A);
        long ledgerBefore = rig.ledgerRows();

        rig.telegram.pressButton(FORUM, ALICE, video.messageId(), "r:" + taskId);
        await().atMost(WAIT).until(() -> rig.telegram.calls("answerCallbackQuery").size() == 1);
        rig.telegram.message(FORUM, ALICE).topic(TOPIC_B).text("/extend " + taskId + " the light turns on").send();
        rig.awaitText(FORUM, "Videos are made in other topics");

        TelegramCall answer = rig.telegram.calls("answerCallbackQuery").get(0);
        assertThat(answer.param("text").orElse("")).contains("Videos are made in other topics");
        assertThat(answer.param("show_alert").orElse("")).isEqualTo("true");
        assertThat(rig.seedance.createRequests()).hasSize(1);
        assertThat(rig.ledgerRows()).isEqualTo(ledgerBefore);
        assertThat(rig.tasksOf(ALICE)).hasSize(1);
    }

    // ---------------------------------------------------------------- moderators

    @Test
    void videomodModeratorAdd_byAdmin_userMayUseUsageButNotAppointModerators() {
        rig.telegram.message(GROUP, ALICE).text("hello").send();
        rig.telegram.message(GROUP, ALICE).text("/videomod usage").send();
        rig.awaitText(GROUP, "Only this community's moderators");

        rig.telegram.message(GROUP, BOB).text("/videomod moderator add @alice").send();
        rig.awaitText(GROUP, "user " + ALICE.id() + " can now use /videomod here");
        rig.telegram.message(GROUP, ALICE).text("/videomod usage @bob").send();
        BotMessage usage = rig.awaitText(GROUP, "telegram:" + BOB.id());
        rig.telegram.message(GROUP, ALICE).text("/videomod moderator add " + CAROL.id()).send();
        BotMessage appoint = rig.awaitText(GROUP, "can change who moderates");

        assertThat(usage.text()).doesNotContain("Only this community's");
        assertThat(appoint.text()).startsWith("Only this community's admins and the bot's operators");
        rig.telegram.message(GROUP, CAROL).text("/videomod usage").send();
        awaitTexts(GROUP, "Only this community's", 3);
        assertThat(rig.core.moderation().communities().get(String.valueOf(GROUP.id())).moderatorRoles())
                .containsExactly(String.valueOf(ALICE.id()));
    }

    @Test
    void videomodModeratorRemove_asReplyByAdmin_takesTheRightAway() {
        int aliceSaid = rig.telegram.message(GROUP, ALICE).text("I can help").send();
        rig.telegram.message(GROUP, BOB).replyTo(aliceSaid).text("/videomod moderator add").send();
        rig.awaitText(GROUP, "can now use /videomod here");
        rig.telegram.message(GROUP, ALICE).text("/videomod top").send();
        await().atMost(WAIT).until(() -> rig.telegram.botMessages(GROUP.id()).size() == 2);
        assertThat(rig.telegram.botMessages(GROUP.id()).get(1).text()).doesNotContain("Only this community's");

        rig.telegram.message(GROUP, BOB).replyTo(aliceSaid).text("/videomod moderator remove").send();
        rig.awaitText(GROUP, "can no longer use /videomod here");
        rig.telegram.message(GROUP, ALICE).text("/videomod top").send();

        rig.awaitText(GROUP, "Only this community's moderators");
    }
}
