package dev.seedancebot.discord;

import static dev.seedancebot.testkit.discord.FakeDiscord.ALICE;
import static dev.seedancebot.testkit.discord.FakeDiscord.CHANNEL_GENERAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.LogCapture;
import dev.seedancebot.testkit.discord.DiscordFault;
import dev.seedancebot.testkit.discord.FakeDiscord;
import dev.seedancebot.testkit.discord.Interaction;
import dev.seedancebot.testkit.discord.RecordedCall;
import dev.seedancebot.testkit.discord.SlashCommand;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress message always ends in the task's final state with no buttons left, and no provider or Discord answer
 * ever reaches a user: only the log keeps those. Assertions look at the fake's final message state, after the task
 * ended, never at how many edits led there.
 */
class DiscordFinalStateTest {
    /** Words only the provider's and Discord's answers contain; a user text with them leaked a raw answer. */
    private static final String PROVIDER_WORDS = "provider-trace-7f3a";
    private static final String DISCORD_WORDS = "discord-trace-9c1e";

    @TempDir
    Path dir;

    private DiscordRig rig;
    private FakeDiscord discord;

    @BeforeEach
    void start() {
        rig = DiscordRig.start(dir);
        discord = rig.discord;
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void cancelButton_whileGenerating_progressEndsCancelledWithoutButtons() {
        rig.seedance.scriptNextTask(TaskScript.of(Step.pending("running", 50), Step.stuck()));
        discord.dispatch(SlashCommand.of("video", "text").option("prompt", "slow clouds"));
        String taskId = awaitTask(TaskState.SUBMITTED).id();
        String messageId = progressMessageId(taskId);

        Interaction press = discord.clickButton(ALICE, messageId, "sd:cancel:" + taskId);

        assertThat(rig.awaitReply(press).content()).contains("Cancelled " + taskId);
        awaitEnding(messageId, "🚫 Cancelled");
        assertThat(discord.message(messageId).orElseThrow().path("components")).isEmpty();
    }

    @Test
    void cancel_afterInteractionTokenExpired_progressEditedWithBotTokenWithoutButtons() {
        rig.seedance.scriptNextTask(TaskScript.of(Step.stuck()));
        discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a very long video"));
        String taskId = awaitTask(TaskState.SUBMITTED).id();
        String messageId = progressMessageId(taskId);
        // past the 14 minutes the adapter uses an interaction token for
        rig.clock.advance(Duration.ofMinutes(15));

        assertThat(rig.core.engine().cancel(taskId, DiscordRig.key(ALICE), false).done()).isTrue();

        awaitEnding(messageId, "🚫 Cancelled");
        assertThat(discord.message(messageId).orElseThrow().path("components")).isEmpty();
        assertThat(discord.requests("PATCH", ".*/channels/" + CHANNEL_GENERAL + "/messages/" + messageId))
                .anyMatch(c -> c.status() == 200);
    }

    @Test
    void providerRefusesOutput_progressEndsFailedRefundedWithoutProviderText() {
        try (LogCapture log = LogCapture.start()) {
            rig.seedance.scriptNextTask(TaskScript.endingWith(Step.failure("OutputVideoSensitiveContentDetected",
                    "The output video may contain sensitive information " + PROVIDER_WORDS)));
            discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a storm"));
            String taskId = awaitTask(TaskState.SUBMITTED).id();
            String messageId = progressMessageId(taskId);

            awaitTerminal(taskId);

            String ending = awaitEnding(messageId, "❌ Failed");
            assertThat(ending).contains("safety check", "You were not charged");
            assertThat(discord.message(messageId).orElseThrow().path("components")).isEmpty();
            assertNoUserTextContains(PROVIDER_WORDS);
            assertThat(log.rendered()).anyMatch(line -> line.contains(PROVIDER_WORDS));
        }
    }

    @Test
    void deliveryAnsweredServerErrorWithJsonBody_userToldNeutrallyAndLogKeepsTheBody() {
        try (LogCapture log = LogCapture.start()) {
            DiscordFault fault = new DiscordFault(500, 0, "{\"detail\":\"" + DISCORD_WORDS + "\"}", Map.of());
            for (int i = 0; i < 3; i++) { // EngineSettings.fast: 3 delivery attempts, then the task fails
                discord.failNext("POST", ".*/channels/" + CHANNEL_GENERAL + "/messages", fault);
            }
            discord.dispatch(SlashCommand.of("video", "text").option("prompt", "never posted"));
            String taskId = awaitTask(TaskState.SUBMITTED).id();
            String messageId = progressMessageId(taskId);

            assertThat(awaitTerminal(taskId).state()).isEqualTo(TaskState.FAILED);

            assertThat(awaitEnding(messageId, "❌ Failed")).contains("could not be posted", "You were not charged");
            assertThat(discord.message(messageId).orElseThrow().path("components")).isEmpty();
            await().atMost(DiscordRig.WAIT).until(() -> rig.botWrote("Your video " + taskId + " could not be made"));
            assertNoUserTextContains(DISCORD_WORDS);
            assertNoUserTextContains("Discord answered");
            assertThat(log.rendered()).anyMatch(line -> line.contains(DISCORD_WORDS));
        }
    }

    // ---------------------------------------------------------------- helpers

    private TaskView awaitTask(TaskState state) {
        await().atMost(DiscordRig.WAIT).until(() -> !rig.tasksOf(ALICE).isEmpty()
                && rig.latestTask(ALICE).state().ordinal() >= state.ordinal());
        return rig.latestTask(ALICE);
    }

    private TaskView awaitTerminal(String taskId) {
        await().atMost(DiscordRig.WAIT).until(() -> rig.core.engine().task(taskId).orElseThrow().state().isTerminal());
        return rig.core.engine().task(taskId).orElseThrow();
    }

    /** The interaction response that shows the task's progress (the one message carrying its Cancel button). */
    private String progressMessageId(String taskId) {
        await().atMost(DiscordRig.WAIT).until(() -> progressMessage(taskId) != null);
        return progressMessage(taskId).get("id").asText();
    }

    private JsonNode progressMessage(String taskId) {
        return discord.messages(CHANNEL_GENERAL).stream()
                .filter(m -> m.path("content").asText().contains("video `" + taskId + "`"))
                .filter(m -> !m.path("webhook_id").isMissingNode())
                .findFirst().orElse(null);
    }

    /** Waits until the progress message, as it stands, shows {@code state}; returns its text. */
    private String awaitEnding(String messageId, String state) {
        await().atMost(DiscordRig.WAIT).until(() -> discord.message(messageId)
                .map(m -> m.path("content").asText().startsWith(state)).orElse(false));
        return discord.message(messageId).orElseThrow().path("content").asText();
    }

    /** Every text the bot sent Discord (posts, follow-ups, edits, interaction answers), whether or not it arrived. */
    private void assertNoUserTextContains(String words) {
        List<RecordedCall> sent = discord.requests().stream()
                .filter(c -> c.method().equals("POST") || c.method().equals("PATCH"))
                .toList();
        assertThat(sent).isNotEmpty().noneMatch(c -> c.json() != null && c.json().toString().contains(words));
    }
}
