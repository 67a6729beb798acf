package dev.seedancebot.core.seedance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.generation.GenerationStatus;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.testkit.MutableClock;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.TaskScript;
import dev.seedancebot.testkit.seedance.Step;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15: servers close idle keep-alive connections, and the client only notices when it next writes into one.
 * The fake closes connections idle for N seconds of its clock; the tests move that clock by the gaps seen in the field
 * (a /video 6–10 s after the last call, polls every 8 s, a download 15–30 s after the last poll) and check that a
 * dead connection never makes a create's outcome unknown, never fails a poll and never fails a download or upload.
 * OkHttp measures idleness with the real clock, which hardly moves here: so its own 10 s health check never fires,
 * which is exactly the case of a server closing before 10 s.
 */
class SeedanceIdleConnectionTest {
    /** Pauses between two calls, in seconds: around every idle limit tested, and the 8 s poll interval. */
    private static final List<Integer> GAPS = List.of(2, 6, 8, 8, 10, 12, 31);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(SeedanceTestSupport.START);
    private FakeSeedanceServer fake;
    private SeedanceClient client;

    private void start(int idleSeconds) {
        start(idleSeconds, 1);
    }

    private void start(int idleSeconds, int assetReadsUntilActive) {
        fake = FakeSeedanceServer.builder()
                .clock(clock)
                .closeIdleConnectionsAfter(Duration.ofSeconds(idleSeconds))
                .assetPollsUntilActive(assetReadsUntilActive)
                .start();
        client = SeedanceTestSupport.client(new OkHttpClient(), SeedanceTestSupport.settings(fake), clock,
                duration -> idle(duration.toSeconds()));
    }

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    /** Lets {@code seconds} pass on the fake's clock, and the fake close what has been idle too long by then. */
    private void idle(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
        fake.closeIdleConnections();
    }

    @ParameterizedTest(name = "server closes idle connections after {0} s")
    @ValueSource(ints = {1, 5, 8, 11, 30})
    void create_afterIdleGaps_isNeverUnknownAndSentOncePerCall(int idleSeconds) {
        start(idleSeconds);
        String first = client.create(SeedanceTestSupport.text("A kite"));
        client.poll(first);

        for (int gap : GAPS) {
            idle(gap);
            client.create(SeedanceTestSupport.text("A kite after " + gap + " s"));
        }

        assertThat(fake.createRequests()).hasSize(GAPS.size() + 1);
        assertThat(fake.createdTaskCount()).isEqualTo(GAPS.size() + 1);
    }

    @ParameterizedTest(name = "server closes idle connections after {0} s")
    @ValueSource(ints = {1, 5, 8, 11, 30})
    void poll_afterIdleGaps_neverFailsAndReachesTheServerOncePerPoll(int idleSeconds) {
        start(idleSeconds);
        fake.scriptNextTask(TaskScript.of(Step.pending("IN_PROGRESS")));
        String taskId = client.create(SeedanceTestSupport.text("A kite"));

        for (int gap : GAPS) {
            idle(gap);
            assertThat(client.poll(taskId)).isInstanceOf(GenerationStatus.Pending.class);
        }

        assertThat(fake.requests().stream().filter(r -> r.method().equals("GET"))).hasSize(GAPS.size());
    }

    @ParameterizedTest(name = "server closes idle connections after {0} s")
    @ValueSource(ints = {1, 5, 8, 11, 30})
    void download_afterIdleGaps_succeedsAtTheFirstCall(int idleSeconds) {
        start(idleSeconds);
        fake.scriptNextTask(TaskScript.of(Step.success()));
        String taskId = client.create(SeedanceTestSupport.text("A kite"));
        URI url = ((GenerationStatus.Succeeded) client.poll(taskId)).videoUrl();

        for (int gap : GAPS) {
            idle(gap);
            long written = client.download(url, dir.resolve("result-" + gap + ".mp4"), 100_000_000);
            assertThat(written).isEqualTo(fake.resultSizeBytes());
        }

        assertThat(fake.downloadRequests()).hasSize(GAPS.size());
    }

    @ParameterizedTest(name = "server closes idle connections after {0} s")
    @ValueSource(ints = {1, 5, 8, 11, 30})
    void uploadAsset_statusChecksAfterIdlePauses_succeed(int idleSeconds) {
        start(idleSeconds, 3);
        var request = SeedanceTestSupport.withMedia("@video1 in the rain", VideoOptions.DEFAULTS,
                SeedanceTestSupport.local(dir, TestMedia.VIDEO_3S, MediaRole.REFERENCE_VIDEO));

        client.create(request);

        assertThat(fake.createRequests()).hasSize(1);
        assertThat(fake.requests().stream().filter(r -> r.path().equals("/volc/asset/CreateAsset"))).hasSize(1);
    }

    @Test
    void create_whilePooledConnectionIsAlive_opensAConnectionOfItsOwn() {
        start(30);
        String taskId = client.create(SeedanceTestSupport.text("A kite"));
        client.poll(taskId);
        int before = fake.connectionsOpened();

        client.create(SeedanceTestSupport.text("Another kite"));
        client.poll(taskId);

        assertThat(fake.connectionsOpened()).isEqualTo(before + 1);
    }

    @Test
    void poll_afterServerClosedTheConnection_resendsOnceOnANewConnection() {
        start(5);
        String taskId = client.create(SeedanceTestSupport.text("A kite"));
        client.poll(taskId);
        int before = fake.connectionsOpened();

        idle(6);
        client.poll(taskId);

        assertThat(fake.idleConnectionsClosed()).isPositive();
        assertThat(fake.connectionsOpened()).isEqualTo(before + 1);
    }
}
