package dev.seedancebot.testkit.loopback;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The base every fake stands on: the loopback server with its round trip, the call log and the fault queue. */
class LoopbackBaseTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void roundTrip_burstOfCalls_eachAnsweredNoSoonerThanTheDelayAndAllAnswered() throws Exception {
        CallLog<String> log = new CallLog<>();
        try (LoopbackServer server = LoopbackServer.start("test", 0, 64, exchange -> {
            log.add(exchange.getRequestURI().getPath());
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        })) {
            server.setRoundTrip(Duration.ofMillis(200));

            List<CompletableFuture<Long>> calls = IntStream.range(0, 40).mapToObj(i -> {
                long sent = System.nanoTime();
                return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/call/" + i)).build(),
                        HttpResponse.BodyHandlers.ofString()).thenApply(r -> System.nanoTime() - sent);
            }).toList();

            for (CompletableFuture<Long> call : calls) {
                assertThat(Duration.ofNanos(call.get())).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            }
            assertThat(log.all()).hasSize(40);
        }
    }

    @Test
    void callLog_awaitAtLeast_returnsOnceEnoughArrived_emptyOnTimeout() throws Exception {
        CallLog<String> log = new CallLog<>();
        CompletableFuture.runAsync(() -> List.of("a", "b", "a").forEach(log::add));

        assertThat(log.awaitAtLeast("a"::equals, 2, Duration.ofSeconds(10))).hasValue(List.of("a", "a"));
        assertThat(log.awaitAtLeast("c"::equals, 1, Duration.ofMillis(10))).isEmpty();
    }

    @Test
    void faultQueue_faultsTakenOncePerMatchingCall_inTheOrderQueued() {
        FaultQueue<String, Integer> faults = new FaultQueue<>();
        faults.add("create"::equals, 1);
        faults.add(call -> true, 2);
        faults.add("create"::equals, 3);

        assertThat(faults.take("poll")).hasValue(2);
        assertThat(faults.take("create")).hasValue(1);
        assertThat(faults.take("create")).hasValue(3);
        assertThat(faults.take("create")).isEmpty();
        assertThat(faults.isEmpty()).isTrue();
    }
}
