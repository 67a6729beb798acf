package dev.seedancebot.telegram;

import static dev.seedancebot.telegram.TelegramRig.ALICE;
import static dev.seedancebot.telegram.TelegramRig.GROUP;
import static dev.seedancebot.telegram.TelegramRig.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.telegram.BotMessage;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import dev.seedancebot.testkit.telegram.TgChat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the real TelegramBots client: unknown options and values, wrong attachments, commands in the
 * wrong chat, huge and exotic prompts. Each gets one clear answer as a reply, nothing in the ledger and no Seedance
 * request.
 */
class TelegramBadInputTest {
    private static final TgChat ALICE_DM = TgChat.privateWith(ALICE);

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
    void unknownOption_durrationTypo_namedInTheAnswer_noCharge() {
        int asked = telegram.message(GROUP, ALICE).text("/video a cat --durration 5").send();

        BotMessage answer = rig.awaitOnlyAnswer(GROUP);
        assertThat(answer.replyToMessageId()).isEqualTo(asked);
        assertThat(answer.text()).contains("--durration");
        assertNothingCharged();
    }

    @Test
    void badOptionValues_eachNamedInTheAnswer_noCharge() {
        String[][] cases = {
                {"/video a cat --duration abc", "--duration"},
                {"/video a cat --ratio 5:4", "5:4"},
                {"/video a cat --res 1080p", "1080p"},
                {"/video a cat --duration", "--duration"},
        };
        for (int i = 0; i < cases.length; i++) {
            TgChat chat = TgChat.group(-300000 - i, "Bad " + i);
            telegram.message(chat, ALICE).text(cases[i][0]).send();
            assertThat(rig.awaitOnlyAnswer(chat).text()).as(cases[i][0]).contains(cases[i][1])
                    .doesNotContain("Video t");
        }
        assertNothingCharged();
    }

    @Test
    void wrongAttachmentTypes_textDocumentAndLoneAudio_clearAnswer_noCharge() {
        telegram.message(GROUP, ALICE).document("notes".getBytes(StandardCharsets.UTF_8), "notes.txt", "text/plain")
                .caption("/video --first-frame go").send();
        TgChat other = TgChat.group(-300100, "Audio");
        telegram.message(other, ALICE).audio(TestMedia.bytes(TestMedia.AUDIO_MP3_3S), "song.mp3", "audio/mpeg", 3)
                .caption("/video @audio1 sings").send();

        assertThat(rig.awaitOnlyAnswer(GROUP).text()).contains("notes.txt").doesNotContain("Video t");
        assertThat(rig.awaitOnlyAnswer(other).text()).containsIgnoringCase("audio").doesNotContain("Video t");
        assertNothingCharged();
    }

    @Test
    void prompt20000Chars_refusedAsTooLong_noCharge() {
        telegram.message(GROUP, ALICE).text("/video " + "a".repeat(20_000)).send();

        assertThat(rig.awaitOnlyAnswer(GROUP).text()).contains("20,000", "5,000", "Nothing was charged")
                .hasSizeLessThanOrEqualTo(4096);
        assertNothingCharged();
    }

    @Test
    void emojiAndRightToLeftPrompt_acceptedAndSentToSeedanceUnchanged() throws Exception {
        String prompt = "🦊‍🔥 שועל אדום רץ בשלג — ثعلب أحمر 🌨️ «test» \u202Eabc";

        telegram.message(GROUP, ALICE).text("/video " + prompt).send();

        String taskId = TelegramRig.taskIdOf(rig.awaitText(GROUP, "Video t"));
        await().atMost(TelegramRig.WAIT).until(() -> rig.core.engine().task(taskId).orElseThrow().state()
                == TaskState.DELIVERED);
        assertThat(rig.core.engine().task(taskId).orElseThrow().prompt()).isEqualTo(prompt);
        JsonNode body = new ObjectMapper().readTree(rig.seedance.createRequests().get(0).body());
        assertThat(body.path("content").get(0).path("text").asText()).contains(prompt);
        assertThat(rig.deliveries(GROUP, taskId)).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("שועל אדום"));
    }

    @Test
    void moderatorCommandInPrivateChat_byMember_refused() {
        telegram.message(ALICE_DM, ALICE).text("/videomod grant @alice 1000").send();

        assertThat(rig.awaitOnlyAnswer(ALICE_DM).text()).contains("Use /videomod in the group");
        assertThat(rig.moderationAuditRows()).isZero();
        assertThat(rig.core.quota().snapshot(TelegramRig.key(ALICE), null, java.util.Set.of()).bonusRemaining())
                .isZero();
    }

    @Test
    void communityModeratorCommandInPrivateChat_byOperator_clearAnswerNoChange() {
        TgChat dm = TgChat.privateWith(OPERATOR);

        telegram.message(dm, OPERATOR).text("/videomod limit daily 5").send();
        telegram.message(dm, OPERATOR).text("/videomod top").send();

        await().atMost(TelegramRig.WAIT).until(() -> telegram.botMessages(dm.id()).size() >= 2);
        assertThat(telegram.botMessages(dm.id())).extracting(BotMessage::text).allSatisfy(t -> assertThat(t)
                .isNotBlank());
    }

    @Test
    void extendUnknownVideoAndMalformedExtend_clearAnswer_noCharge() {
        telegram.message(GROUP, ALICE).text("/extend tzzzzzzz the camera rises").send();
        TgChat other = TgChat.group(-300200, "Extend");
        telegram.message(other, ALICE).text("/extend").send();

        assertThat(rig.awaitOnlyAnswer(GROUP).text()).contains("There is no video tzzzzzzz here");
        assertThat(rig.awaitOnlyAnswer(other).text()).contains("/extend <video id>");
        assertNothingCharged();
    }

    @Test
    void buttonsForUnknownTasksOrUnknownData_answeredWithoutCharge() {
        int ours = telegram.message(GROUP, ALICE).text("/help").send();
        BotMessage help = rig.awaitText(GROUP, "Commands:");

        telegram.pressButton(GROUP, ALICE, help.messageId(), "r:tzzzzzzz");
        telegram.pressButton(GROUP, ALICE, help.messageId(), "c:tzzzzzzz");
        telegram.pressButton(GROUP, ALICE, help.messageId(), "bogus-data");

        await().atMost(TelegramRig.WAIT).until(() -> telegram.calls("answerCallbackQuery").size() == 3);
        // refused presses are answered to the presser alone; the chat keeps only the help
        assertThat(telegram.calls("answerCallbackQuery")).filteredOn(c -> c.param("text").orElse("")
                .contains("There is no video tzzzzzzz")).hasSize(2);
        assertThat(telegram.botMessages(GROUP.id())).hasSize(1);
        assertThat(ours).isPositive();
        assertNothingCharged();
    }

    private void assertNothingCharged() {
        assertThat(rig.ledgerRows()).as("ledger and charge rows").isZero();
        assertThat(rig.seedance.createRequests()).isEmpty();
        assertThat(rig.tasksOf(ALICE)).isEmpty();
    }
}
