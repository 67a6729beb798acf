package dev.seedancebot.discord;

import static dev.seedancebot.testkit.discord.FakeDiscord.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedancebot.core.media.ffmpeg.FfmpegTools;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.LargeVideo;
import dev.seedancebot.testkit.discord.RecordedCall;
import dev.seedancebot.testkit.discord.SlashCommand;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results larger than the channel accepts, through real JDA against the fake Discord (which answers 413 {@code 40005}
 * above its limit) and a fake Seedance serving a 12.8 MB 720p clip made with the bundled ffmpeg.
 */
class DiscordResultFitE2ETest {
    private static final long TEN_MIB = 10L * 1024 * 1024;
    private static final long FIFTY_MIB = 50L * 1024 * 1024;
    /** Re-encoding a 5 s 720p clip takes 5 to 15 s on two busy cores. */
    private static final Duration FIT_WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path shared;
    private static Path large;
    private static long largeBytes;

    @TempDir
    Path dir;
    private DiscordRig rig;

    @BeforeAll
    static void makeLargeResult() throws Exception {
        large = shared.resolve("large.mp4");
        largeBytes = LargeVideo.make(FfmpegTools.bundled().ffmpeg(), large, 5, 20_000_000);
    }

    @BeforeEach
    void start() {
        FakeSeedanceServer seedance = FakeSeedanceServer.start();
        seedance.setResultFile(large);
        rig = DiscordRig.start(dir, "fake-token", seedance);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void largeResult_serverWithTenMibLimit_postedAsMp4AttachmentUnderTheLimit() {
        assertThat(largeBytes).isGreaterThan(TEN_MIB);
        rig.discord.dispatch(SlashCommand.of("video", "text").option("prompt", "Neon koi swimming through fog")
                .by(ALICE).attachmentSizeLimit(TEN_MIB));

        TaskView task = awaitDelivered();

        RecordedCall post = videoUpload();
        assertThat(post.files()).singleElement().satisfies(file -> {
            assertThat(file.contentType()).isEqualTo("video/mp4");
            assertThat(file.filename()).isEqualTo("neon-koi-swimming-through-fog-" + task.id() + ".mp4");
            assertThat((long) file.bytes().length).isLessThanOrEqualTo(TEN_MIB).isGreaterThan(TEN_MIB / 2);
        });
        assertThat(rig.videoPosts(task.id())).singleElement().satisfies(m -> {
            assertThat(m.path("attachments")).hasSize(1);
            assertThat(m.path("attachments").get(0).path("content_type").asText()).isEqualTo("video/mp4");
        });
        assertThat(rig.discord.requests().stream().filter(c -> c.status() == 413)).isEmpty();
    }

    @Test
    void largeResult_boostedServerLimitAndARestartBeforeTheResult_postedUnchanged() {
        rig.discord.uploadLimitBytes(FIFTY_MIB);
        rig.seedance.scriptNextTask(TaskScript.of(Step.stuck()));
        rig.discord.dispatch(SlashCommand.of("video", "text").option("prompt", "boosted").by(ALICE)
                .attachmentSizeLimit(FIFTY_MIB));
        await().atMost(DiscordRig.WAIT).until(() -> rig.tasksOf(ALICE).size() == 1
                && rig.latestTask(ALICE).providerTaskId() != null);

        // the new process has no interaction in memory: only the stored limit says 50 MiB
        rig = rig.restart();
        rig.seedance.completeTask(rig.latestTask(ALICE).providerTaskId());

        TaskView task = awaitDelivered();
        assertThat(videoUpload().files()).singleElement().satisfies(file -> {
            assertThat((long) file.bytes().length).isEqualTo(largeBytes);
            assertThat(file.contentType()).isEqualTo("video/mp4");
        });
        assertThat(rig.videoPosts(task.id())).hasSize(1);
    }

    @Test
    void largeResult_limitNoReencodeReaches_postedAsLinkSayingWhenItExpires() {
        rig.discord.uploadLimitBytes(60_000);
        rig.discord.dispatch(SlashCommand.of("video", "text").option("prompt", "too big").by(ALICE)
                .attachmentSizeLimit(60_000));

        TaskView task = awaitDelivered();

        List<JsonNode> posts = rig.videoPosts(task.id());
        assertThat(posts).singleElement().satisfies(p -> {
            assertThat(p.path("attachments")).isEmpty();
            assertThat(p.path("content").asText()).contains("expires <t:", task.resultUrl().toString());
        });
        assertThat(rig.discord.requests().stream().filter(c -> !c.files().isEmpty() && c.path()
                .endsWith("/messages"))).isEmpty();
    }

    private TaskView awaitDelivered() {
        await().atMost(FIT_WAIT).until(() -> rig.tasksOf(ALICE).size() == 1
                && rig.latestTask(ALICE).state().isTerminal());
        TaskView task = rig.latestTask(ALICE);
        assertThat(task.state()).isEqualTo(TaskState.DELIVERED);
        return task;
    }

    /** The one successful channel post that carried a file. */
    private RecordedCall videoUpload() {
        return rig.discord.requests("POST", ".*/channels/\\d+/messages").stream()
                .filter(c -> c.status() == 200 && !c.files().isEmpty())
                .reduce((a, b) -> {
                    throw new AssertionError("more than one video post: " + a + ", " + b);
                })
                .orElseThrow(() -> new AssertionError("no video post"));
    }
}
