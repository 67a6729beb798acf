package dev.seedancebot.telegram;

import static dev.seedancebot.telegram.TelegramRig.ALICE;
import static dev.seedancebot.telegram.TelegramRig.GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.media.ffmpeg.FfmpegTools;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.LargeVideo;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A result over Telegram's 50 MB upload limit (the fake Bot API answers 413 above it, as Telegram does), made at test
 * time with the bundled ffmpeg and deleted after: re-encoded under the limit and posted as a playable video, never as
 * a link and never refused by the fake.
 */
class TelegramLargeResultE2ETest {
    private static final long TELEGRAM_LIMIT = 50L * 1000 * 1000;
    private static final long FAKE_LIMIT = 50L * 1024 * 1024;
    /** Making and re-encoding a 6 s 720p clip at a high bitrate takes up to a minute or two on two busy cores. */
    private static final Duration FIT_WAIT = Duration.ofMinutes(4);

    @TempDir
    Path dir;

    private Path large;
    private long largeBytes;
    private TelegramRig rig;

    @BeforeEach
    void start() throws Exception {
        large = dir.resolve("large.mp4");
        // heavy grain makes every frame cost bits, so the encoder really spends the high bitrate
        largeBytes = LargeVideo.make(FfmpegTools.bundled().ffmpeg(), large, 6, 90_000_000, 40);
        FakeSeedanceServer seedance = FakeSeedanceServer.start();
        seedance.setResultFile(large);
        rig = TelegramRig.start(dir.resolve("rig"), FakeTelegramBotApi.start(), seedance);
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
        Files.deleteIfExists(large);
    }

    @Test
    void largeResult_over50Mb_reencodedAndPostedAsVideoUnderTheLimit() {
        assertThat(largeBytes).isGreaterThan(FAKE_LIMIT);
        rig.telegram.message(GROUP, ALICE).text("/video a storm of confetti").send();
        String taskId = TelegramRig.taskIdOf(rig.awaitText(GROUP, "Video t"));

        await().atMost(FIT_WAIT).until(() -> rig.core.engine().task(taskId).orElseThrow().state().isTerminal());
        TaskView task = rig.core.engine().task(taskId).orElseThrow();

        assertThat(task.state()).isEqualTo(TaskState.DELIVERED);
        assertThat(rig.telegram.postedVideos()).singleElement().satisfies(v -> {
            assertThat(v.video().contentType()).isEqualTo("video/mp4");
            assertThat((long) v.video().size()).isLessThanOrEqualTo(TELEGRAM_LIMIT).isGreaterThan(TELEGRAM_LIMIT / 4);
            assertThat(v.width()).isEqualTo(1280);
            assertThat(v.height()).isEqualTo(720);
            assertThat(v.duration()).isEqualTo(6);
            assertThat(v.supportsStreaming()).isTrue();
        });
        assertThat(rig.telegram.botMessages(GROUP.id())).noneMatch(m -> m.text() != null
                && m.text().contains(task.resultUrl().toString()));
    }
}
