package dev.seedancebot.telegram;

import static dev.seedancebot.telegram.TelegramRig.ALICE;
import static dev.seedancebot.telegram.TelegramRig.GROUP;
import static dev.seedancebot.telegram.TelegramRig.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.testkit.LogCapture;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import dev.seedancebot.testkit.telegram.BotMessage;
import dev.seedancebot.testkit.telegram.TelegramCall;
import dev.seedancebot.testkit.telegram.TelegramFault;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress message always ends in the task's final state with its keyboard removed, and no provider or Telegram
 * answer ever reaches a user: only the log keeps those. Assertions look at the fake's final message state, after
 * the task ended, never at how many edits led there.
 */
class TelegramFinalStateTest {
    /** Words only the provider's and Telegram's answers contain; a user text with them leaked a raw answer. */
    private static final String PROVIDER_WORDS = "provider-trace-7f3a";
    private static final String TELEGRAM_WORDS = "telegram-trace-9c1e";

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
    void cancelButton_whileGenerating_progressEndsCancelledWithoutKeyboard() {
        rig = TelegramRig.start(dir);
        rig.seedance.scriptNextTask(TaskScript.of(Step.pending("running", 50), Step.stuck()));
        rig.telegram.message(GROUP, ALICE).text("/video slow clouds").send();
        BotMessage ack = rig.awaitText(GROUP, "Video t");
        String taskId = TelegramRig.taskIdOf(ack);
        await().atMost(WAIT).until(() -> currentText(ack).contains("Generating"));

        rig.telegram.pressButton(GROUP, ALICE, ack.messageId(), "c:" + taskId);

        BotMessage ended = awaitEnding(ack, "🚫 Cancelled");
        assertThat(ended.replyMarkup()).isNull();
        assertThat(rig.core.engine().task(taskId).orElseThrow().state()).isEqualTo(TaskState.CANCELLED);
        // the press is answered after the engine has ended the progress message
        await().atMost(WAIT).untilAsserted(() -> assertThat(rig.telegram.calls("answerCallbackQuery"))
                .singleElement()
                .satisfies(c -> assertThat(c.param("text").orElse("")).contains("Cancelled " + taskId)));
    }

    @Test
    void providerRefusesOutput_progressEndsFailedRefundedWithoutProviderText() {
        try (LogCapture log = LogCapture.start()) {
            rig = TelegramRig.start(dir);
            rig.seedance.scriptNextTask(TaskScript.endingWith(Step.failure("OutputVideoSensitiveContentDetected",
                    "The output video may contain sensitive information " + PROVIDER_WORDS)));
            rig.telegram.message(GROUP, ALICE).text("/video a storm").send();
            BotMessage ack = rig.awaitText(GROUP, "Video t");
            String taskId = TelegramRig.taskIdOf(ack);

            BotMessage ended = awaitEnding(ack, "❌ Failed");

            assertThat(ended.text()).contains("safety check", "You were not charged");
            assertThat(ended.replyMarkup()).isNull();
            assertThat(rig.core.engine().task(taskId).orElseThrow().state()).isEqualTo(TaskState.FAILED);
            assertNoUserTextContains(PROVIDER_WORDS);
            assertThat(log.rendered()).anyMatch(line -> line.contains(PROVIDER_WORDS));
        }
    }

    @Test
    void deliveryAnsweredServerErrorWithJsonBody_userToldNeutrallyAndLogKeepsTheBody() {
        try (LogCapture log = LogCapture.start()) {
            rig = TelegramRig.start(dir);
            TelegramFault fault = TelegramFault.of(500, "Internal Server Error: {\"detail\":\"" + TELEGRAM_WORDS
                    + "\"}");
            for (int i = 0; i < 3; i++) { // EngineSettings.fast: 3 delivery attempts, then the task fails
                rig.telegram.failNext("editMessageMedia", fault);
            }
            rig.telegram.message(GROUP, ALICE).text("/video never posted").send();
            BotMessage ack = rig.awaitText(GROUP, "Video t");
            String taskId = TelegramRig.taskIdOf(ack);

            BotMessage ended = awaitEnding(ack, "❌ Failed");

            assertThat(ended.text()).contains("could not be posted", "You were not charged");
            assertThat(ended.replyMarkup()).isNull();
            rig.awaitText(GROUP, "Your video " + taskId + " could not be made");
            assertNoUserTextContains(TELEGRAM_WORDS);
            assertThat(log.rendered()).anyMatch(line -> line.contains(TELEGRAM_WORDS));
        }
    }

    // ---------------------------------------------------------------- helpers

    private String currentText(BotMessage sent) {
        return rig.telegram.botMessage(GROUP.id(), sent.messageId()).map(BotMessage::text).orElse("");
    }

    /** Waits until the progress message, as it stands, ends with {@code state} on its last line. */
    private BotMessage awaitEnding(BotMessage sent, String state) {
        await().atMost(WAIT).until(() -> lastLine(currentText(sent)).startsWith(state));
        return rig.telegram.botMessage(GROUP.id(), sent.messageId()).orElseThrow();
    }

    private static String lastLine(String text) {
        return text.substring(text.lastIndexOf('\n') + 1);
    }

    /** Every text the bot sent or edited and every callback answer, whether or not Telegram accepted it. */
    private void assertNoUserTextContains(String words) {
        assertThat(rig.telegram.calls()).isNotEmpty().noneMatch(c -> mentions(c, words));
    }

    private static boolean mentions(TelegramCall call, String words) {
        return call.param("text").orElse("").contains(words) || call.param("caption").orElse("").contains(words);
    }
}
