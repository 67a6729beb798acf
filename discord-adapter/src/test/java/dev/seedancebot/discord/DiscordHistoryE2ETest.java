package dev.seedancebot.discord;

import static dev.seedancebot.testkit.discord.FakeDiscord.ALICE;
import static dev.seedancebot.testkit.discord.FakeDiscord.BOB;
import static dev.seedancebot.testkit.discord.FakeDiscord.CHANNEL_GENERAL;
import static dev.seedancebot.testkit.discord.FakeDiscord.MONA_MODERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedancebot.core.stats.UsageChart;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.discord.Interaction;
import dev.seedancebot.testkit.discord.RecordedCall;
import dev.seedancebot.testkit.discord.SlashCommand;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /history} and {@code /videomod stats} end to end: real JDA against the fake Discord, the real core against
 * the fake Seedance. The list is ephemeral; its buttons are the same checked, charged actions as under a video.
 */
class DiscordHistoryE2ETest {
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

    private List<TaskView> delivered(int count) {
        for (int i = 1; i <= count; i++) {
            rig.discord.dispatch(SlashCommand.of("video", "text").option("prompt", "scene " + i));
            int made = i;
            // one at a time, so "newest first" has one answer
            await().atMost(DiscordRig.WAIT).until(() -> rig.tasksOf(ALICE).size() == made
                    && rig.latestTask(ALICE).state() == TaskState.DELIVERED);
        }
        return rig.tasksOf(ALICE);
    }

    /** The interaction response the fake keeps for {@code reply}, to click its buttons. */
    private JsonNode responseContaining(String text) {
        return rig.discord.messages(CHANNEL_GENERAL).stream()
                .filter(m -> m.path("content").asText().contains(text)).reduce((a, b) -> b).orElseThrow();
    }

    private static List<String> customIds(JsonNode message) {
        List<String> ids = new ArrayList<>();
        message.path("components").forEach(row -> row.path("components").forEach(b -> ids.add(b.path("custom_id")
                .asText())));
        return ids;
    }

    @Test
    void history_fiveVideos_ephemeralNewestFirstAndOlderPageByItsButton() {
        List<TaskView> tasks = delivered(5);

        RecordedCall first = rig.awaitReplyContaining(rig.discord.dispatch(SlashCommand.of("history")), "scene 5");
        JsonNode list = responseContaining("Your videos here");
        Interaction older = rig.discord.clickButton(ALICE, list.get("id").asText(), "sd:history:1");
        RecordedCall second = rig.awaitReplyContaining(older, "scene 1");

        assertThat(first.content()).contains("scene 4", "scene 3", "scene 2").doesNotContain("scene 1");
        assertThat(list.path("flags").asInt() & 64).as("ephemeral").isEqualTo(64);
        assertThat(customIds(list)).contains("sd:reroll:" + tasks.get(0).id(), "sd:file:" + tasks.get(0).id(),
                "sd:history:1").allMatch(id -> id.length() <= 100);
        assertThat(second.content()).doesNotContain("scene 5");
        // the page replaced the list in place: the click's @original is the list itself
        assertThat(rig.discord.message(list.get("id").asText()).orElseThrow().path("content").asText())
                .contains("scene 1");
    }

    @Test
    void runAgainFromHistory_ownVideo_newRequestThroughIntakeChargedLikeAnother() {
        TaskView original = delivered(1).get(0);
        rig.awaitReplyContaining(rig.discord.dispatch(SlashCommand.of("history")), "scene 1");
        JsonNode list = responseContaining("Your videos here");

        rig.discord.clickButton(ALICE, list.get("id").asText(), "sd:reroll:" + original.id());

        await().atMost(DiscordRig.WAIT).until(() -> rig.tasksOf(ALICE).size() == 2
                && rig.latestTask(ALICE).state() == TaskState.DELIVERED);
        TaskView again = rig.latestTask(ALICE);
        assertThat(again.parentId()).isEqualTo(original.id());
        assertThat(again.prompt()).isEqualTo(original.prompt());
        assertThat(again.options()).isEqualTo(original.options());
        assertThat(rig.ledgerSum(List.of(again.id()))).isEqualTo(again.cost()).isPositive();
        assertThat(rig.seedance.createRequests()).hasSize(2);
    }

    @Test
    void fileFromHistory_keptVideo_sentAgainToThePresserAlone() throws Exception {
        TaskView video = delivered(1).get(0);
        rig.awaitReplyContaining(rig.discord.dispatch(SlashCommand.of("history")), "scene 1");
        JsonNode list = responseContaining("Your videos here");

        Interaction press = rig.discord.clickButton(ALICE, list.get("id").asText(), "sd:file:" + video.id());

        RecordedCall reply = rig.awaitReplyContaining(press, "your video again");
        byte[] kept = Files.readAllBytes(rig.core.engine().resultFile(video.id()));
        assertThat(reply.files()).singleElement().satisfies(f -> {
            assertThat(f.filename()).isEqualTo("scene-1-" + video.id() + ".mp4");
            assertThat(f.contentType()).isEqualTo("video/mp4");
            assertThat(f.bytes()).isEqualTo(kept);
        });
        assertThat(rig.seedance.createRequests()).hasSize(1);
    }

    @Test
    void craftedFileButtonAttack_anotherUsersTaskFromTheSameChannel_refusedAsIfItDidNotExist() {
        TaskView alices = delivered(1).get(0);
        String anyMessage = rig.discord.messages(CHANNEL_GENERAL).get(0).get("id").asText();

        Interaction bob = rig.discord.clickButton(BOB, anyMessage, "sd:file:" + alices.id());

        RecordedCall reply = rig.awaitReply(bob);
        assertThat(reply.content()).isEqualTo("There is no video " + alices.id() + " here.");
        assertThat(reply.files()).isEmpty();
        assertThat(rig.discord.requests().stream().filter(c -> c.path().contains(bob.token())))
                .allMatch(c -> c.files().isEmpty());
    }

    @Test
    void stats_moderatorInTheServer_getsAPhoneSizedChartOfItsUsage() throws Exception {
        TaskView video = delivered(1).get(0);

        Interaction i = rig.discord.dispatch(SlashCommand.of("videomod", "stats").by(MONA_MODERATOR));

        RecordedCall reply = rig.awaitReplyContaining(i, "1 video");
        // the member cache is off (no GUILD_MEMBERS intent), so the top user is named by id
        assertThat(reply.content()).contains(video.cost() + " credits", ALICE.id());
        RecordedCall.Part png = reply.files().get(0);
        assertThat(png.filename()).isEqualTo("usage.png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.bytes()));
        assertThat(image.getWidth()).isEqualTo(UsageChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(UsageChart.HEIGHT);
    }

    @Test
    void stats_memberWhoIsNoModerator_refusedWithoutAChart() {
        Interaction i = rig.discord.dispatch(SlashCommand.of("videomod", "stats").by(BOB));

        RecordedCall reply = rig.awaitReply(i);
        assertThat(reply.files()).isEmpty();
        assertThat(reply.content()).doesNotContain("credits per day");
    }
}
