package dev.seedancebot.testkit.seedance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.testkit.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The idle-closing front: keep-alive connections idle for the limit by the server's clock are closed, others kept. */
class FakeSeedanceIdleCloseTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private FakeSeedanceServer fake;
    private Socket socket;

    @BeforeEach
    void start() throws IOException {
        fake = FakeSeedanceServer.builder().clock(clock).closeIdleConnectionsAfter(Duration.ofSeconds(5)).start();
        URI base = URI.create(fake.baseUrl());
        socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(5_000);
    }

    @AfterEach
    void stop() throws IOException {
        socket.close();
        fake.close();
    }

    @Test
    void closeIdleConnections_idleForTheLimit_closesTheConnection() throws IOException {
        String answer = poll();

        // The front counts an answer as done, and the connection's idle time as started, only after it has written
        // the last bytes, and the client can have read them a moment before; on busy cores that moment outlasted the
        // test, which then saw the connection (rightly) kept. So the limit passes again until the front has caught
        // up: the first round is exactly the limit, any later one only means the front was slow to count.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            clock.advance(Duration.ofSeconds(5));
            fake.closeIdleConnections();
            return fake.idleConnectionsClosed() >= 1;
        });

        assertThat(answer).startsWith("HTTP/1.1 404");
        assertThat(socket.getInputStream().read()).as("end of stream").isEqualTo(-1);
        assertThat(fake.idleConnectionsClosed()).as("by this call or the server's own sweep").isEqualTo(1);
    }

    @Test
    void closeIdleConnections_idleLessThanTheLimit_keepsTheConnectionForTheNextRequest() throws IOException {
        poll();
        clock.advance(Duration.ofSeconds(4));

        int closed = fake.closeIdleConnections();

        assertThat(closed).isZero();
        assertThat(poll()).startsWith("HTTP/1.1 404");
        assertThat(fake.connectionsOpened()).isEqualTo(1);
    }

    @Test
    void closeIdleConnections_requestStillUnanswered_keepsTheConnection() throws IOException {
        fake.failNextPoll(Fault.delay(Duration.ofMillis(300)));
        send();
        // the server has the request (a request still in the socket buffer is the same race for real servers)
        await().atMost(Duration.ofSeconds(5)).until(() -> fake.requests().size() == 1);
        clock.advance(Duration.ofMinutes(1));

        int closed = fake.closeIdleConnections();

        assertThat(closed).isZero();
        assertThat(readAnswer()).startsWith("HTTP/1.1 404");
    }

    /** A poll of an unknown task: a short 404 answer with a known length, so the connection stays open. */
    private String poll() throws IOException {
        send();
        return readAnswer();
    }

    private void send() throws IOException {
        String request = "GET /v1/video/generations/asyntask_unknown HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + fake.apiKey() + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Reads the head and the Content-Length body of one answer. */
    private String readAnswer() throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        String text = head.toString();
        int at = text.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
        int length = Integer.parseInt(text.substring(at + 15, text.indexOf("\r\n", at)).strip());
        in.readNBytes(length);
        return text;
    }
}
