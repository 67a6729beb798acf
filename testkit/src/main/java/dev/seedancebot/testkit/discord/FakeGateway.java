package dev.seedancebot.testkit.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway side of {@link FakeDiscord}: HELLO on connect, READY plus one GUILD_CREATE after IDENTIFY, RESUMED
 * after RESUME, an ACK for every heartbeat, and dispatches on demand to every identified session. Plain JSON text
 * frames only (the client must use {@code Compression.NONE}).
 */
final class FakeGateway extends WebSocketServer {
    private static final Logger log = LoggerFactory.getLogger(FakeGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<ObjectNode> ready;
    private final Supplier<ObjectNode> guildCreate;
    private final CountDownLatch started = new CountDownLatch(1);
    private final Map<WebSocket, AtomicInteger> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger identifies = new AtomicInteger();
    private volatile Exception startFailure;

    FakeGateway(Supplier<ObjectNode> ready, Supplier<ObjectNode> guildCreate) {
        super(new InetSocketAddress("127.0.0.1", 0));
        this.ready = ready;
        this.guildCreate = guildCreate;
        setReuseAddr(true);
        setDaemon(true);
    }

    void startAndWait() {
        start();
        try {
            if (!started.await(10, TimeUnit.SECONDS) || startFailure != null) {
                throw new IllegalStateException("fake gateway did not start", startFailure);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int identifyCount() {
        return identifies.get();
    }

    boolean hasSession() {
        return !sessions.isEmpty();
    }

    /** Sends {@code {"op":0,"t":type,"s":n,"d":data}} to every identified session. */
    void dispatch(String type, JsonNode data) {
        if (sessions.isEmpty()) {
            throw new IllegalStateException("no identified gateway session to dispatch " + type + " to");
        }
        sessions.forEach((socket, seq) -> send(socket, dispatchFrame(type, seq.incrementAndGet(), data)));
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        send(conn, JSON.createObjectNode().put("op", 10).set("d",
                JSON.createObjectNode().put("heartbeat_interval", 41250)));
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        JsonNode frame;
        try {
            frame = JSON.readTree(message);
        } catch (IOException e) {
            log.warn("fake gateway: unparsable frame {}", message);
            return;
        }
        switch (frame.path("op").asInt(-1)) {
            case 1 -> send(conn, JSON.createObjectNode().put("op", 11));
            case 2 -> {
                identifies.incrementAndGet();
                AtomicInteger seq = new AtomicInteger();
                send(conn, dispatchFrame("READY", seq.incrementAndGet(), ready.get()));
                send(conn, dispatchFrame("GUILD_CREATE", seq.incrementAndGet(), guildCreate.get()));
                sessions.put(conn, seq);
            }
            case 6 -> {
                AtomicInteger seq = new AtomicInteger(frame.path("d").path("seq").asInt());
                send(conn, dispatchFrame("RESUMED", seq.incrementAndGet(), JSON.createObjectNode()));
                sessions.put(conn, seq);
            }
            default -> log.debug("fake gateway: ignoring op {}", frame.path("op"));
        }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        sessions.remove(conn);
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            startFailure = ex;
            started.countDown();
        } else {
            log.debug("fake gateway connection error: {}", ex.toString());
        }
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    void stopQuietly() {
        try {
            stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ObjectNode dispatchFrame(String type, int seq, JsonNode data) {
        ObjectNode frame = JSON.createObjectNode().put("op", 0).put("t", type).put("s", seq);
        frame.set("d", data);
        return frame;
    }

    private static void send(WebSocket conn, JsonNode frame) {
        try {
            conn.send(JSON.writeValueAsString(frame));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (org.java_websocket.exceptions.WebsocketNotConnectedException e) {
            log.debug("fake gateway: session closed before {}", frame.path("t"));
        }
    }
}
