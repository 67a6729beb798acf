package dev.seedancebot.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import dev.seedancebot.testkit.telegram.TgChat;
import dev.seedancebot.testkit.telegram.TgUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of commands across a network round trip: each handler waits one round trip for its acknowledgement, so how
 * many acknowledgements are on the wire at once decides how many round trips a burst takes. The fake holds every
 * answer (an endless round trip) to count them without timing anything.
 */
class TelegramBurstLatencyTest {
    /** A full getUpdates batch: more than the 32 handlers and 64 calls per host the adapter had before. */
    private static final int BURST = 100;

    @TempDir
    Path dir;

    private TelegramRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void botApiClient_derived_allowsEveryHandlerAndThePollOnTheOneHost() {
        OkHttpClient shared = new OkHttpClient();
        OkHttpClient client = TelegramHttp.client(shared, Duration.ofSeconds(75));
        try {
            int needed = TelegramAdapter.HandlerLimits.DEFAULT.threads() + 1;
            assertThat(client.dispatcher().getMaxRequestsPerHost()).isGreaterThanOrEqualTo(needed);
            assertThat(client.dispatcher().getMaxRequests()).isGreaterThanOrEqualTo(needed);
            assertThat(client.dispatcher()).isNotSameAs(shared.dispatcher());
            assertThat(client.connectionPool()).isNotSameAs(shared.connectionPool());
            assertThat(client.readTimeoutMillis()).isEqualTo(75_000);
        } finally {
            TelegramHttp.release(client);
        }
    }

    @Test
    void burst_answersHeldOnTheWire_wholeBatchInFlightAtOnceThenAllAnswered() {
        rig = TelegramRig.start(dir, FakeTelegramBotApi.start(), FakeSeedanceServer.start(),
                TelegramRig.trust().withPrivateChats(TrustSettings.PrivateChats.EVERYONE)
                        .withRates(1_000, 1_000, Duration.ofMinutes(1)),
                TelegramAdapter.HandlerLimits.DEFAULT);
        rig.telegram.setRoundTrip(Duration.ofMillis(50));
        CountDownLatch release = new CountDownLatch(1);
        rig.telegram.holdCalls("sendMessage", release);
        List<TgUser> users = LongStream.range(0, BURST)
                .mapToObj(n -> new TgUser(7_000_000 + n, "burst" + n, "Burst " + n))
                .toList();
        List<TgChat> chats = users.stream().map(TgChat::privateWith).toList();

        users.forEach(user -> rig.telegram.message(TgChat.privateWith(user), user).text("/help").send());

        try {
            await().atMost(TelegramRig.WAIT).until(() -> rig.telegram.heldCalls() == BURST);
        } finally {
            release.countDown();
        }
        await().atMost(TelegramRig.WAIT).untilAsserted(() -> assertThat(chats)
                .allSatisfy(chat -> assertThat(rig.telegram.botMessages(chat.id())).isNotEmpty()));
    }
}
