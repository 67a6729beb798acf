package dev.seedancebot.core.media.fit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.media.ffmpeg.FfmpegRunner;
import dev.seedancebot.core.media.ffmpeg.FfmpegTools;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.request.GenerationMode;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.LargeVideo;
import dev.seedancebot.testkit.TestMedia;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fitting policy with the bundled ffmpeg, on a real 12.8 MB 720p clip made once for the class. */
class ResultFitterTest {
    private static final long TEN_MIB = 10L * 1024 * 1024;
    private static final Instant EXPIRES = Instant.parse("2026-03-02T10:00:00Z");

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static Path large;
    private static FfmpegRunner runner;
    private static ResultFitter fitter;

    @BeforeAll
    static void makeLargeClip() throws Exception {
        FfmpegTools tools = FfmpegTools.bundled();
        large = shared.resolve("large.mp4");
        LargeVideo.make(tools.ffmpeg(), large, 5, 20_000_000);
        runner = new FfmpegRunner(tools, 1, Duration.ofMinutes(5));
        fitter = new ResultFitter(runner, Duration.ofMinutes(3));
    }

    @AfterAll
    static void close() {
        runner.close();
    }

    @Test
    void prepare_resultOverTheLimit_uploadsAReencodeUnderItWithFactsAndThumbnail() throws Exception {
        Path result = Files.copy(large, dir.resolve("result.mp4"));
        assertThat(Files.size(result)).isGreaterThan(TEN_MIB);

        Delivery d = fitter.prepare(task("A cat surfing a huge wave at dawn, cinematic!"), result, Files.size(result),
                TEN_MIB, EXPIRES, true);

        assertThat(d).isInstanceOf(Delivery.Upload.class);
        Delivery.Upload upload = (Delivery.Upload) d;
        assertThat(upload.file()).isNotEqualTo(result);
        assertThat(upload.sizeBytes()).isEqualTo(Files.size(upload.file())).isLessThanOrEqualTo(TEN_MIB)
                .isGreaterThan(TEN_MIB / 2);
        assertThat(upload.facts()).isEqualTo(new Delivery.VideoFacts(1280, 720, 5));
        assertThat(upload.fileName()).isEqualTo("a-cat-surfing-a-huge-wave-t7k2m9q.mp4");
        assertThat(Files.size(upload.thumbnail())).isLessThanOrEqualTo(200_000);
        BufferedImage thumb = ImageIO.read(upload.thumbnail().toFile());
        assertThat(Math.max(thumb.getWidth(), thumb.getHeight())).isEqualTo(320);
    }

    @Test
    void prepare_limitNoBitrateCanReach_linkWithItsExpiryAndNoEncode() throws Exception {
        Path result = Files.copy(large, dir.resolve("result.mp4"));

        Delivery d = fitter.prepare(task("tiny"), result, Files.size(result), 50_000, EXPIRES, true);

        assertThat(d).isEqualTo(new Delivery.Link(URI.create("https://results.example/t7k2m9q.mp4"), EXPIRES,
                Files.size(result), 50_000));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("result.mp4");
        }
    }

    @Test
    void prepare_resultUnderTheLimit_uploadsTheOriginalWithFacts() throws Exception {
        Path result = TestMedia.copyTo(dir, TestMedia.RESULT_MP4, "result.mp4");

        Delivery.Upload upload = (Delivery.Upload) fitter.prepare(task("東京の夜"), result, Files.size(result),
                TEN_MIB, EXPIRES, true);

        assertThat(upload.file()).isEqualTo(result);
        assertThat(upload.facts()).isEqualTo(new Delivery.VideoFacts(640, 640, 5));
        assertThat(upload.fileName()).isEqualTo("seedance-t7k2m9q.mp4");
        assertThat(upload.thumbnail()).isRegularFile();
    }

    @Test
    void prepare_platformWantsNoThumbnail_uploadWithoutOne() throws Exception {
        Path result = TestMedia.copyTo(dir, TestMedia.RESULT_MP4, "result.mp4");

        Delivery.Upload upload = (Delivery.Upload) fitter.prepare(task("plain"), result, Files.size(result),
                TEN_MIB, EXPIRES, false);

        assertThat(upload.thumbnail()).isNull();
        assertThat(upload.facts()).isEqualTo(new Delivery.VideoFacts(640, 640, 5));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("result.mp4");
        }
    }

    @Test
    void prepare_grainTheEncoderCannotShrinkAt720p_retriedAt480pUnderTheLimit() throws Exception {
        Path result = dir.resolve("result.mp4");
        LargeVideo.make(FfmpegTools.bundled().ffmpeg(), result, 3, 40_000_000, 60);
        long limit = 6L * 1024 * 1024;

        Delivery d = fitter.prepare(task("grain"), result, Files.size(result), limit, EXPIRES, false);

        assertThat(d).isInstanceOf(Delivery.Upload.class);
        Delivery.Upload upload = (Delivery.Upload) d;
        assertThat(upload.sizeBytes()).isLessThanOrEqualTo(limit);
        assertThat(upload.facts()).isEqualTo(new Delivery.VideoFacts(854, 480, 3));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("fitted-" + limit + ".part");
        }
    }

    @Test
    void prepare_fittedFileLeftByAnEarlierAttempt_reusedWithoutEncodingAgain() throws Exception {
        Path result = Files.copy(large, dir.resolve("result.mp4"));
        Path earlier = TestMedia.copyTo(dir, TestMedia.RESULT_MP4, "fitted-" + TEN_MIB + ".mp4");

        Delivery.Upload upload = (Delivery.Upload) fitter.prepare(task("again"), result, Files.size(result),
                TEN_MIB, EXPIRES, true);

        assertThat(upload.file()).isEqualTo(earlier);
    }

    @Test
    void measure_proberAndFfprobe_agreeOnTheLargeClip() {
        VideoProbe probe = new VideoProbe(runner);

        Optional<VideoProbe.Measured> prober = new VideoProbe(null).measure(large);
        Optional<VideoProbe.Measured> ffprobe = probe.ffprobe(large);

        assertThat(prober).isPresent();
        assertThat(ffprobe).isPresent();
        assertThat(prober.get().width()).isEqualTo(ffprobe.get().width());
        assertThat(prober.get().height()).isEqualTo(ffprobe.get().height());
        assertThat(prober.get().seconds()).isCloseTo(ffprobe.get().seconds(),
                org.assertj.core.data.Offset.offset(0.05));
    }

    private static TaskView task(String prompt) {
        return new TaskView("t7k2m9q", null, new UserKey(Platform.DISCORD, "42"),
                ChatRef.of(Platform.DISCORD, "g1", "c1"), TaskState.SUCCEEDED, GenerationMode.TEXT_TO_VIDEO, prompt,
                VideoOptions.DEFAULTS, 10, "cgt-1", 100, URI.create("https://results.example/t7k2m9q.mp4"), 0, null,
                null, null, null, Instant.EPOCH, Instant.EPOCH);
    }
}
