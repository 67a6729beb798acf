package dev.seedancebot.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.cluster.LeaderLock;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import dev.seedancebot.testkit.telegram.TelegramCall;
import dev.seedancebot.testkit.telegram.TgChat;
import dev.seedancebot.testkit.telegram.TgUser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver modes of several instances on one {@link FakeTelegramBotApi}, which, like Telegram, ends a held
 * getUpdates with 409 when another arrives. Each instance has its own core and its own OkHttp client, whose
 * interceptor records which Bot API methods that instance called.
 */
class TelegramReceiverModesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration ELECTION = Duration.ofMillis(200);
    private static final TgUser ALICE = new TgUser(1001, "alice", "Alice");
    private static final TgChat GROUP = TgChat.group(-100500, "Friends");
    private static final String SECRET = "s3cret-Token_1";

    @TempDir
    Path dir;

    private FakeTelegramBotApi telegram;
    private FakeSeedanceServer seedance;
    private final List<Instance> instances = new ArrayList<>();

    @BeforeEach
    void setUp() {
        telegram = FakeTelegramBotApi.start();
        seedance = FakeSeedanceServer.start();
    }

    @AfterEach
    void tearDown() {
        try {
            instances.forEach(Instance::close);
        } finally {
            seedance.close();
            telegram.close();
        }
    }

    @Test
    void electedPolling_twoInstances_onlyHolderPollsAndOtherTakesOverWhenItCloses() {
        SharedLeaderLock lock = new SharedLeaderLock();
        Instance a = instance("a", TelegramSettings.Receiver.electedPolling(ELECTION), lock.candidate());
        Instance b = instance("b", TelegramSettings.Receiver.electedPolling(ELECTION), lock.candidate());
        await().atMost(WAIT).until(() -> a.adapter.isPolling() || b.adapter.isPolling());
        Instance holder = a.adapter.isPolling() ? a : b;
        Instance other = holder == a ? b : a;

        // several election rounds pass without the other instance polling
        await().during(ELECTION.multipliedBy(4)).atMost(WAIT).until(() -> other.polls() == 0);
        assertThat(holder.polls()).isPositive();
        assertThat(telegram.calls("getUpdates")).allMatch(c -> c.status() == 200);
        holder.close();

        await().atMost(WAIT).until(() -> other.adapter.isPolling());
        telegram.message(GROUP, ALICE).text("/help").send();

        await().atMost(WAIT).until(() -> other.called("sendmessage"));
        assertThat(telegram.botMessages(GROUP.id())).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("Commands:"));
    }

    @Test
    void electedPolling_holderLosesLock_stopsPollingAndOtherAnswers() {
        SharedLeaderLock lock = new SharedLeaderLock();
        SharedLeaderLock.Handle first = lock.candidate();
        Instance holder = instance("a", TelegramSettings.Receiver.electedPolling(ELECTION), first);
        await().atMost(WAIT).until(holder.adapter::isPolling);
        Instance other = instance("b", TelegramSettings.Receiver.electedPolling(ELECTION), lock.candidate());

        first.loseSession();

        await().atMost(WAIT).until(() -> !holder.adapter.isPolling() && other.adapter.isPolling());
        // the holder's last getUpdates, still in flight when it stopped, ends (or is superseded) and none follows
        int holderPolls = holder.polls();
        await().during(ELECTION.multipliedBy(4)).atMost(WAIT).until(() -> holder.polls() == holderPolls);
        telegram.message(GROUP, ALICE).text("/help").send();
        await().atMost(WAIT).until(() -> other.called("sendmessage"));
        assertThat(holder.called("sendmessage")).isFalse();
    }

    @Test
    void webhook_updateWithSecret_isAnsweredWithoutPolling() throws IOException {
        int port = freePort();
        URI url = URI.create("http://127.0.0.1:" + port + "/telegram/hook");
        Instance a = instance("a", TelegramSettings.Receiver.webhook(url, SECRET,
                new InetSocketAddress("127.0.0.1", port)), LeaderLock.alwaysGranted());

        TelegramCall setWebhook = telegram.calls("setWebhook").get(0);
        assertThat(setWebhook.param("url")).contains(url.toString());
        assertThat(setWebhook.param("secret_token")).contains(SECRET);
        telegram.message(GROUP, ALICE).text("/help").send();

        await().atMost(WAIT).until(() -> a.called("sendmessage"));
        // the bot may answer before its HTTP reply to the push reaches the fake, which records the push only then
        await().atMost(WAIT).until(() -> !telegram.webhookPushes().isEmpty());
        assertThat(telegram.webhookPushes()).containsExactly(200);
        assertThat(telegram.calls("getUpdates")).isEmpty();
    }

    @Test
    void webhook_requestWithoutOrWithWrongSecret_isRefused() throws Exception {
        int port = freePort();
        URI url = URI.create("http://127.0.0.1:" + port + "/telegram/hook");
        instance("a", TelegramSettings.Receiver.webhook(url, SECRET, new InetSocketAddress("127.0.0.1", port)),
                LeaderLock.alwaysGranted());
        String update = "{\"update_id\":1,\"message\":{\"message_id\":1,\"date\":1700000000,"
                + "\"chat\":{\"id\":-100500,\"type\":\"group\",\"title\":\"Friends\"},"
                + "\"from\":{\"id\":1001,\"is_bot\":false,\"first_name\":\"Alice\"},\"text\":\"/help\"}}";
        HttpClient http = HttpClient.newHttpClient();

        int withoutSecret = http.send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(update))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        int wrongSecret = http.send(HttpRequest.newBuilder(url).header(WebhookServer.SECRET_HEADER, "guess")
                .POST(HttpRequest.BodyPublishers.ofString(update)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
        int rightSecret = http.send(HttpRequest.newBuilder(url).header(WebhookServer.SECRET_HEADER, SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(update)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();

        assertThat(withoutSecret).isEqualTo(401);
        assertThat(wrongSecret).isEqualTo(401);
        assertThat(rightSecret).isEqualTo(200);
        // only the request with the secret was handled
        await().atMost(WAIT).until(() -> !telegram.botMessages(GROUP.id()).isEmpty());
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> telegram.botMessages(GROUP.id()).size() == 1);
    }

    // ---------------------------------------------------------------- helpers

    /** One bot instance: its own core, OkHttp client and adapter. */
    private final class Instance {
        final CoreAssembly core;
        final OkHttpClient http;
        final TelegramAdapter adapter;
        /** The Bot API methods this instance called, lower case, in order. */
        final List<String> calls = new CopyOnWriteArrayList<>();
        private boolean closed;

        Instance(String name, TelegramSettings.Receiver receiver, LeaderLock lock) {
            core = CoreAssembly.builder()
                    .workDir(dir.resolve(name))
                    .seedance(SeedanceSettings.defaults(seedance.apiKey()).withBaseUrl(seedance.baseUrl()))
                    .engineSettings(EngineSettings.fast(dir.resolve(name)))
                    .build();
            http = new OkHttpClient.Builder().addInterceptor(chain -> {
                List<String> segments = chain.request().url().pathSegments();
                calls.add(segments.get(segments.size() - 1).toLowerCase(Locale.ROOT));
                return chain.proceed(chain.request());
            }).build();
            TelegramSettings settings = TelegramSettings.defaults(telegram.token())
                    .withServer("http", telegram.host(), telegram.port(), false)
                    .withReceiver(receiver);
            adapter = new TelegramAdapter(settings, core.ports(), http, Ticker.systemTicker(),
                    dir.resolve(name).resolve("telegram"), lock);
            core.router().register(adapter);
        }

        int polls() {
            return (int) calls.stream().filter("getupdates"::equals).count();
        }

        boolean called(String method) {
            return calls.contains(method);
        }

        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                adapter.close();
                core.close();
            } finally {
                http.dispatcher().executorService().shutdown();
                http.connectionPool().evictAll();
            }
        }
    }

    private Instance instance(String name, TelegramSettings.Receiver receiver, LeaderLock lock) {
        Instance instance = new Instance(name, receiver, lock);
        instances.add(instance);
        instance.adapter.start();
        instance.core.start();
        return instance;
    }

    /** A loopback port free right now, for a webhook URL that must name the port before the server binds it. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
