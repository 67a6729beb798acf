package dev.seedancebot.core.media.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled ffmpeg, run for real on files in a temporary directory. */
class FfmpegRunnerTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static FfmpegTools tools;

    @TempDir
    Path dir;
    private FfmpegRunner runner;

    @BeforeAll
    static void extract() {
        tools = FfmpegTools.bundled();
    }

    @AfterEach
    void close() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void ffmpeg_generatedClip_encodesH264ThatFfprobeMeasures() throws Exception {
        runner = new FfmpegRunner(tools, 2, Duration.ofSeconds(30));
        Path clip = dir.resolve("clip.mp4");

        FfmpegRunner.Result made = runner.ffmpeg(List.of("-f", "lavfi", "-i", "testsrc=size=640x360:rate=30:d=2",
                "-c:v", "libopenh264", "-pix_fmt", "yuv420p", clip.toString()), LIMIT);
        FfmpegRunner.Result probed = runner.ffprobe(clip, List.of("-show_streams"), LIMIT);

        assertThat(made.ok()).as(made.stderr()).isTrue();
        assertThat(probed.stdout()).contains("\"codec_name\": \"h264\"", "\"width\": 640", "\"height\": 360");
    }

    @Test
    void ffmpeg_argumentWithAUrl_refusedBeforeAnyProcessStarts() {
        runner = new FfmpegRunner(tools, 1, Duration.ofSeconds(1));

        assertThatThrownBy(() -> runner.ffmpeg(List.of("-i", "https://api.telegram.org/file/bot123:secret/x.mp4",
                dir.resolve("out.mp4").toString()), LIMIT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("secret");
    }

    @Test
    void craftedPlaylistPointingAtAUrl_neverFetched() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            fetched.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            runner = new FfmpegRunner(tools, 1, Duration.ofSeconds(1));
            Path playlist = dir.resolve("looks-like-a-video.m3u8");
            Files.writeString(playlist, "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nhttp://127.0.0.1:"
                    + server.getAddress().getPort() + "/segment.ts\n#EXT-X-ENDLIST\n");

            FfmpegRunner.Result result = runner.ffmpeg(List.of("-i", playlist.toString(),
                    dir.resolve("out.mp4").toString()), LIMIT);

            assertThat(result.ok()).isFalse();
            assertThat(fetched).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void ffmpeg_pastItsTimeLimit_killedAndReported() {
        runner = new FfmpegRunner(tools, 1, Duration.ofSeconds(1));

        // -re reads the endless source in real time, so the job would run until killed
        assertThatThrownBy(() -> runner.ffmpeg(List.of("-re", "-f", "lavfi", "-i", "testsrc=rate=5", "-f", "null",
                "-"), Duration.ofMillis(500)))
                .isInstanceOf(FfmpegException.class).hasMessageContaining("took longer than");
    }

    @Test
    void close_whileAJobRuns_killsItAndRefusesNewOnes() throws Exception {
        runner = new FfmpegRunner(tools, 1, Duration.ofSeconds(1));
        CompletableFuture<Throwable> endless = CompletableFuture.supplyAsync(() -> {
            try {
                runner.ffmpeg(List.of("-re", "-f", "lavfi", "-i", "testsrc=rate=5", "-f", "null", "-"), LIMIT);
                return null;
            } catch (FfmpegException e) {
                return e;
            }
        });
        awaitOneProcess();

        runner.close();

        assertThat(endless.get(30, TimeUnit.SECONDS)).isInstanceOf(FfmpegException.class);
        assertThatThrownBy(() -> runner.ffprobe(dir.resolve("x.mp4"), List.of("-show_format"), LIMIT))
                .isInstanceOf(FfmpegException.class).hasMessageContaining("shutting down");
    }

    private void awaitOneProcess() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> ProcessHandle.current().children().anyMatch(p -> p.info().command()
                        .map(c -> c.endsWith("ffmpeg")).orElse(false)));
    }

    @Test
    void tools_directoryWithoutFfmpeg_refusedWithTheSetting() throws IOException {
        assertThatThrownBy(() -> FfmpegTools.of(dir.toString()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("media.ffmpeg");
    }
}
