package dev.seedancebot.testkit.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway side of {@link FakeDiscord}: HELLO on connect, READY plus one GUILD_CREATE per guild of the session's
 * shard after IDENTIFY, RESUMED after RESUME, an ACK for every heartbeat, and dispatches on demand to the sessions
 * whose shard serves the event's guild. Plain JSON text frames only (the client must use {@code Compression.NONE}).
 */
final class FakeGateway extends WebSocketServer {
    private static final Logger log = LoggerFactory.getLogger(FakeGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BiFunction<String, ShardInfo, ObjectNode> ready;
    private final Function<ShardInfo, List<ObjectNode>> guildCreates;
    private final CountDownLatch started = new CountDownLatch(1);
    private final Map<WebSocket, Session> sessions = new ConcurrentHashMap<>();
    /** Session id to shard, so that a RESUME gets the shard back. */
    private final Map<String, ShardInfo> sessionShards = new ConcurrentHashMap<>();
    private final List<ShardInfo> identified = new CopyOnWriteArrayList<>();
    private volatile Exception startFailure;

    private record Session(ShardInfo shard, AtomicInteger seq) {}

    /**
     * @param ready the READY payload for a session id and shard
     * @param guildCreates the GUILD_CREATE payloads of the guilds a shard serves
     */
    FakeGateway(BiFunction<String, ShardInfo, ObjectNode> ready, Function<ShardInfo, List<ObjectNode>> guildCreates) {
        super(new InetSocketAddress("127.0.0.1", 0));
        this.ready = ready;
        this.guildCreates = guildCreates;
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
        return identified.size();
    }

    /** The shards of every IDENTIFY so far, in arrival order. */
    List<ShardInfo> identifiedShards() {
        return List.copyOf(identified);
    }

    /**
     * Sends {@code {"op":0,"t":type,"s":n,"d":data}} to every identified session whose shard serves {@code guildId};
     * with {@code guildId} null (a DM) to shard 0, as Discord does.
     *
     * @throws IllegalStateException if no session serves that guild
     */
    void dispatch(String type, JsonNode data, String guildId) {
        int[] sent = {0};
        sessions.forEach((socket, session) -> {
            if (guildId == null ? session.shard.id() == 0 : session.shard.serves(guildId)) {
                send(socket, dispatchFrame(type, session.seq.incrementAndGet(), data));
                sent[0]++;
            }
        });
        if (sent[0] == 0) {
            throw new IllegalStateException("no identified gateway session serves guild " + guildId + " to dispatch "
                    + type + " to");
        }
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
                JsonNode shard = frame.path("d").path("shard");
                ShardInfo info = shard.isArray() ? new ShardInfo(shard.get(0).asInt(), shard.get(1).asInt())
                        : ShardInfo.UNSHARDED;
                identified.add(info);
                String sessionId = "fake-session-" + identified.size();
                sessionShards.put(sessionId, info);
                AtomicInteger seq = new AtomicInteger();
                send(conn, dispatchFrame("READY", seq.incrementAndGet(), ready.apply(sessionId, shard.isArray() ? info
                        : null)));
                for (ObjectNode guild : guildCreates.apply(info)) {
                    send(conn, dispatchFrame("GUILD_CREATE", seq.incrementAndGet(), guild));
                }
                sessions.put(conn, new Session(info, seq));
            }
            case 6 -> {
                ShardInfo info = sessionShards.getOrDefault(frame.path("d").path("session_id").asText(),
                        ShardInfo.UNSHARDED);
                AtomicInteger seq = new AtomicInteger(frame.path("d").path("seq").asInt());
                send(conn, dispatchFrame("RESUMED", seq.incrementAndGet(), JSON.createObjectNode()));
                sessions.put(conn, new Session(info, seq));
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
