package dev.seedancebot.discord;

import static dev.seedancebot.testkit.discord.FakeDiscord.ALICE;
import static dev.seedancebot.testkit.discord.FakeDiscord.BOB;
import static dev.seedancebot.testkit.discord.FakeDiscord.CHANNEL_VIDEOS;
import static dev.seedancebot.testkit.discord.FakeDiscord.MONA_MODERATOR;
import static dev.seedancebot.testkit.discord.FakeDiscord.OWNER_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.content.ContentTexts;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.discord.Interaction;
import dev.seedancebot.testkit.discord.RecordedCall;
import dev.seedancebot.testkit.discord.SlashCommand;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server's content controls end to end: real JDA against the fake Discord, the real core against the fake Seedance.
 */
class DiscordContentE2ETest {
    @TempDir
    Path dir;
    private DiscordRig rig;

    @BeforeEach
    void start() {
        rig = DiscordRig.start(dir);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void video_withAWordTheModeratorsBlocked_refusedPrivatelyWithoutNamingItAndNotCharged() {
        Interaction add = rig.discord.dispatch(SlashCommand.of("videomod", "words").option("action", "add")
                .option("value", "Gore").by(MONA_MODERATOR));
        rig.awaitReplyContaining(add, "are now refused here");

        Interaction video = rig.discord.dispatch(SlashCommand.of("video", "text")
                .option("prompt", "a knight, lots of GORE, at dawn"));

        RecordedCall reply = rig.awaitReplyContaining(video, "do not allow");
        assertThat(reply.content()).isEqualTo(ContentTexts.blocked()).doesNotContainIgnoringCase("gore");
        assertThat(rig.tasksOf(ALICE)).isEmpty();
        assertThat(rig.ledgerRows()).isZero();
        assertThat(rig.seedance.createRequests()).isEmpty();
    }

    @Test
    void words_listedByAModerator_showsTheEntries() {
        rig.awaitReplyContaining(rig.discord.dispatch(SlashCommand.of("videomod", "words").option("action", "add")
                .option("value", "blood bath").by(MONA_MODERATOR)), "now refused");

        Interaction list = rig.discord.dispatch(SlashCommand.of("videomod", "words").option("action", "list")
                .by(MONA_MODERATOR));

        assertThat(rig.awaitReplyContaining(list, "Blocked here (1)").content()).contains("blood bath");
    }

    private TaskView delivered(String prompt) {
        rig.discord.dispatch(SlashCommand.of("video", "text").option("prompt", prompt));
        await().atMost(DiscordRig.WAIT).until(() -> !rig.tasksOf(ALICE).isEmpty()
                && rig.latestTask(ALICE).state() == TaskState.DELIVERED);
        return rig.latestTask(ALICE);
    }

    @Test
    void delete_byTheRequester_removesTheVideoAndKeepsNoFile() {
        TaskView video = delivered("a lighthouse");

        Interaction press = rig.discord.clickButton(ALICE, video.deliveredMessageId(), "sd:delete:" + video.id());

        rig.awaitReplyContaining(press, "was deleted");
        assertThat(rig.discord.message(video.deliveredMessageId())).isEmpty();
        assertThat(rig.discord.message(video.progressMessageId())).isEmpty();
        assertThat(Files.exists(rig.core.engine().resultFile(video.id()))).isFalse();
    }

    @Test
    void delete_byAStranger_refusedPrivatelyAndTheVideoStays() {
        TaskView video = delivered("a lighthouse");

        Interaction press = rig.discord.clickButton(BOB, video.deliveredMessageId(), "sd:delete:" + video.id());

        rig.awaitReplyContaining(press, "Only the person who asked for " + video.id());
        assertThat(rig.discord.message(video.deliveredMessageId())).isPresent();
        assertThat(rig.discord.requests("POST", press.callbackPath()))
                .singleElement().satisfies(c -> assertThat(c.json().path("data").path("flags").asInt() & 64)
                        .as("ephemeral").isEqualTo(64));
    }

    @Test
    void report_withAChannelChosenByAModerator_reachesItOncePerPerson() {
        rig.awaitReplyContaining(rig.discord.dispatch(SlashCommand.of("videomod", "reports")
                .channelOption("channel", CHANNEL_VIDEOS).by(MONA_MODERATOR)), "Reports of videos now go to");
        TaskView video = delivered("a lighthouse");

        Interaction first = rig.discord.clickButton(BOB, video.deliveredMessageId(), "sd:report:" + video.id());
        rig.awaitReplyContaining(first, "moderators were told");
        Interaction second = rig.discord.clickButton(BOB, video.deliveredMessageId(), "sd:report:" + video.id());
        rig.awaitReplyContaining(second, "already reported");

        assertThat(rig.discord.messages(CHANNEL_VIDEOS))
                .filteredOn(m -> m.path("content").asText().contains("reported video " + video.id()))
                .singleElement()
                .satisfies(m -> assertThat(m.path("content").asText()).contains("<@" + BOB.id() + ">",
                        "a lighthouse"));
    }

    @Test
    void report_withoutAChosenChannel_goesToTheOwnerByDirectMessage() {
        TaskView video = delivered("a lighthouse");

        Interaction press = rig.discord.clickButton(BOB, video.deliveredMessageId(), "sd:report:" + video.id());

        rig.awaitReplyContaining(press, "moderators were told");
        String dm = rig.discord.dmChannelOf(OWNER_ID).orElseThrow();
        assertThat(rig.discord.messages(dm)).anyMatch(m -> m.path("content").asText()
                .contains("reported video " + video.id()));
    }

    @Test
    void video_withSpoilerOption_postsTheAttachmentAsASpoiler() {
        rig.discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a plot twist")
                .option("spoiler", true));
        await().atMost(DiscordRig.WAIT).until(() -> !rig.tasksOf(ALICE).isEmpty()
                && rig.latestTask(ALICE).state() == TaskState.DELIVERED);
        TaskView video = rig.latestTask(ALICE);

        assertThat(video.options().spoiler()).isTrue();
        assertThat(rig.discord.requests("POST", ".*/channels/\\d+/messages")).flatMap(RecordedCall::files)
                .singleElement().satisfies(f -> assertThat(f.filename())
                        .isEqualTo("SPOILER_a-plot-twist-" + video.id() + ".mp4"));
    }

    @Test
    void video_withoutSpoilerOption_postsThePlainFileName() {
        TaskView video = delivered("a plot twist");

        assertThat(rig.discord.requests("POST", ".*/channels/\\d+/messages")).flatMap(RecordedCall::files)
                .singleElement().satisfies(f -> assertThat(f.filename()).doesNotStartWith("SPOILER_"));
        assertThat(video.options().spoiler()).isFalse();
    }

    @Test
    void video_whoseSoundtrackSeedanceRefuses_madeOnceMoreSilentChargedOnceAndTheUserTold() {
        rig.seedance.scriptNextTask(TaskScript.of(Step.outputAudioRefused()));

        TaskView video = delivered("a street band playing");

        assertThat(rig.allMessages()).anyMatch(m -> m.path("content").asText()
                .contains("refused the soundtrack of your video " + video.id()));
        assertThat(rig.seedance.createRequests()).hasSize(2);
        assertThat(rig.seedance.createRequests().get(1).bodyText()).contains("\"generate_audio\":false");
        assertThat(video.options().generateAudio()).isFalse();
        assertThat(rig.ledgerSum(java.util.List.of(video.id()))).isEqualTo(video.cost()).isPositive();
    }
}
