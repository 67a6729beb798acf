package dev.seedancebot.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.testkit.discord.Interaction;
import dev.seedancebot.testkit.discord.Member;
import dev.seedancebot.testkit.discord.RecordedCall;
import dev.seedancebot.testkit.discord.SlashCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import net.dv8tion.jda.api.JDA;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of interactions across a network round trip (FakeDiscord's delay per REST call): every one is acknowledged
 * and answered, and JDA runs on the client {@link DiscordHttp} builds. Timings are the benchmark's business
 * (IntakeBenchmark); this asserts what holds on any machine, however loaded.
 */
class DiscordBurstLatencyTest {
    /** Fits the adapter's handler queue (4 threads + 64), so every command gets its real answer, not "busy". */
    private static final int BURST = 60;
    /** Long enough that the burst's calls overlap even when the machine is busy, as across a real network. */
    private static final Duration ROUND_TRIP = Duration.ofMillis(150);
    /** What JDA's own client keeps idle (IOUtil.newHttpClientBuilder in JDA 6.5.0: ConnectionPool(5, 10 s)). */
    private static final int JDA_DEFAULT_IDLE_CONNECTIONS = 5;

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
    void restClient_adapterStarted_jdaUsesBurstSizedClientOnEveryShard() {
        List<JDA> shards = rig.adapter.shardManager().getShards();

        assertThat(shards).isNotEmpty().allSatisfy(jda -> {
            OkHttpClient http = jda.getHttpClient();
            assertThat(http.dispatcher().getMaxRequestsPerHost()).isEqualTo(DiscordHttp.MAX_ASYNC_CALLS);
            assertThat(http.dispatcher().getMaxRequests()).isEqualTo(DiscordHttp.MAX_ASYNC_CALLS);
        });
    }

    @Test
    void burst_roundTripOnEveryCall_everyInteractionAcknowledgedAndAnswered() {
        rig.discord.setRoundTrip(ROUND_TRIP);

        List<Interaction> burst = IntStream.range(0, BURST)
                .mapToObj(n -> rig.discord.dispatch(SlashCommand.of("quota")
                        .by(Member.of(Long.toString(1_500_000_000_000_000_000L + n), "burst" + n))))
                .toList();

        // no "The application did not respond": every callback arrived, as a deferral, and was accepted
        List<RecordedCall> acks = burst.stream()
                .map(i -> rig.discord.awaitRequest("POST", i.callbackPath(), DiscordRig.WAIT))
                .toList();
        assertThat(acks).allSatisfy(ack -> {
            assertThat(ack.status()).isEqualTo(204);
            assertThat(ack.json().get("type").asInt()).isEqualTo(5);
        });
        assertThat(burst).allSatisfy(i -> assertThat(rig.awaitReply(i).status()).isEqualTo(200));
        rig.logs.assertNoParseErrors();
    }

    @Test
    void burst_roundTripOnEveryCall_connectionsKeptForTheNextBurst() {
        rig.discord.setRoundTrip(ROUND_TRIP);
        OkHttpClient http = rig.adapter.shardManager().getShards().get(0).getHttpClient();

        List<Interaction> burst = IntStream.range(0, BURST)
                .mapToObj(n -> rig.discord.dispatch(SlashCommand.of("quota")
                        .by(Member.of(Long.toString(1_600_000_000_000_000_000L + n), "again" + n))))
                .toList();
        burst.forEach(rig::awaitReply);

        // over HTTP/1.1 the overlapping calls each had a connection; JDA's own pool would have closed all but 5
        await().atMost(DiscordRig.WAIT).untilAsserted(() ->
                assertThat(http.connectionPool().idleConnectionCount()).isGreaterThan(JDA_DEFAULT_IDLE_CONNECTIONS));
    }
}
