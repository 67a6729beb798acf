package dev.seedancebot.core.seedance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationException;
import dev.seedancebot.core.generation.GenerationStatus;
import dev.seedancebot.testkit.MutableClock;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.seedance.Fault;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Result downloads: streamed to a temp file and moved into place, capped, without the API key. */
class SeedanceDownloadTest {
    private static final long RESULT_SIZE = TestMedia.bytes(TestMedia.RESULT_MP4).length;

    @TempDir
    Path dir;

    private FakeSeedanceServer fake;
    private SeedanceClient client;
    private final MutableClock clock = new MutableClock(SeedanceTestSupport.START);

    @BeforeEach
    void startFake() {
        fake = FakeSeedanceServer.start();
        client = SeedanceTestSupport.client(new OkHttpClient(), SeedanceTestSupport.settings(fake), clock,
                new SeedanceTestSupport.RecordingSleeper(clock));
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    @Test
    void download_finishedTask_writesTheVideoWithoutAuthorizationHeader() throws IOException {
        URI url = finishedResultUrl();
        Path target = dir.resolve("out").resolve("result.mp4");

        long written = client.download(url, target, 1_000_000);

        assertThat(written).isEqualTo(RESULT_SIZE);
        assertThat(target).hasBinaryContent(TestMedia.bytes(TestMedia.RESULT_MP4));
        assertThat(fake.downloadRequests()).singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).isEmpty());
        assertThat(filesIn(target.getParent())).containsExactly(target);
    }

    @Test
    void download_existingTarget_isReplaced() throws IOException {
        URI url = finishedResultUrl();
        Path target = dir.resolve("result.mp4");
        Files.writeString(target, "old");

        client.download(url, target, 1_000_000);

        assertThat(Files.size(target)).isEqualTo(RESULT_SIZE);
    }

    @Test
    void download_announcedLengthOverLimit_throwsTooLargeAndWritesNothing() throws IOException {
        URI url = finishedResultUrl();
        fake.setResultPaddingBytes(1_000_000);
        Path target = dir.resolve("result.mp4");

        GenerationException e = downloadFails(url, target, 500_000);

        assertThat(e.kind()).isEqualTo(ErrorKind.RESULT_TOO_LARGE);
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void download_settingsCapBelowCallersLimit_capWins() throws IOException {
        URI url = finishedResultUrl();
        var base = SeedanceTestSupport.settings(fake);
        var tight = new SeedanceSettings(base.baseUrl(), base.apiKey(), base.model(), base.connectTimeout(),
                base.readTimeout(), RESULT_SIZE - 1, null, base.assetPollInterval(), base.assetPollTimeout(),
                base.maxCreateAttempts(), base.assetNotReadyRetries(), base.assetRetryDelay());
        client = SeedanceTestSupport.client(new OkHttpClient(), tight, clock,
                new SeedanceTestSupport.RecordingSleeper(clock));

        GenerationException e = downloadFails(url, dir.resolve("result.mp4"), Long.MAX_VALUE);

        assertThat(e.kind()).isEqualTo(ErrorKind.RESULT_TOO_LARGE);
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void download_streamWithoutLengthPastLimit_abortsAndDeletesTheTempFile() throws IOException {
        // the fake always announces Content-Length; a chunked answer needs a server of its own
        HttpServer chunked = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        chunked.createContext("/big.mp4", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 64; i++) {
                    out.write(new byte[16 * 1024]);
                }
            } catch (IOException clientGaveUp) {
                // expected: the client stops reading at its limit
            }
        });
        chunked.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + chunked.getAddress().getPort() + "/big.mp4");

            GenerationException e = downloadFails(url, dir.resolve("result.mp4"), 100_000);

            assertThat(e.kind()).isEqualTo(ErrorKind.RESULT_TOO_LARGE);
            assertThat(filesIn(dir)).isEmpty();
        } finally {
            chunked.stop(0);
        }
    }

    @Test
    void download_expiredLink_throwsResultExpired() throws IOException {
        URI url = finishedResultUrl();
        fake.expireResults();

        GenerationException e = downloadFails(url, dir.resolve("result.mp4"), 1_000_000);

        assertThat(e.kind()).isEqualTo(ErrorKind.RESULT_EXPIRED);
        assertThat(e.httpStatus()).isEqualTo(403);
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void download_unknownObject_throwsResultExpired() {
        URI url = URI.create(fake.baseUrl() + "/media/cgt-unknown.mp4?sig=fake");

        GenerationException e = downloadFails(url, dir.resolve("result.mp4"), 1_000_000);

        assertThat(e.kind()).isEqualTo(ErrorKind.RESULT_EXPIRED);
        assertThat(e.httpStatus()).isEqualTo(404);
    }

    @Test
    void download_connectionDroppedOnce_isResentAtOnceAndWritesTheVideo() throws IOException {
        URI url = finishedResultUrl();
        fake.failNextDownload(Fault.dropConnection());

        long written = client.download(url, dir.resolve("result.mp4"), 1_000_000);

        assertThat(written).isEqualTo(RESULT_SIZE);
        assertThat(fake.downloadRequests()).hasSize(2);
    }

    @Test
    void download_connectionDroppedTwice_throwsNetworkAfterTwoRequestsAndWritesNothing() throws IOException {
        URI url = finishedResultUrl();
        fake.failNextDownload(Fault.dropConnection());
        fake.failNextDownload(Fault.dropConnection());

        GenerationException e = downloadFails(url, dir.resolve("result.mp4"), 1_000_000);

        assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
        assertThat(fake.downloadRequests()).hasSize(2);
        assertThat(filesIn(dir)).isEmpty();
    }

    private URI finishedResultUrl() {
        fake.scriptNextTask(TaskScript.of(Step.success()));
        String taskId = client.create(SeedanceTestSupport.text("A kite"));
        return ((GenerationStatus.Succeeded) client.poll(taskId)).videoUrl();
    }

    private GenerationException downloadFails(URI url, Path target, long maxBytes) {
        return catchThrowableOfType(GenerationException.class, () -> client.download(url, target, maxBytes));
    }

    private static java.util.List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
