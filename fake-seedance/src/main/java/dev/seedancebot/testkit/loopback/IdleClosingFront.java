package dev.seedancebot.testkit.loopback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback TCP front that closes keep-alive connections which stayed idle for a set time, as nginx, cloud load
 * balancers and anyfast's gateway do (after a few seconds to minutes). The JDK {@code HttpServer} behind it cannot do
 * this per server: its idle interval is a JVM-wide system property read once.
 *
 * <p>"Idle" is measured with the injected {@link Clock}, not wall time, so a test can make a connection 30 s idle by
 * moving a clock and calling {@link #closeIdle()}, without waiting. A connection with a request still unanswered is
 * never idle, nor is one whose answer is still being written ({@link HttpAnswerTracker}), like a real server. Closing
 * sends FIN to the client, which a client only notices when it next uses the connection: exactly the stale pooled
 * connection of issue 15. The fake Seedance server puts one in front of itself on request; tests put one in front of
 * the fake Discord CDN and the fake Telegram file host.
 */
public final class IdleClosingFront implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IdleClosingFront.class);
    private static final int BUFFER = 16 * 1024;

    private final ServerSocket listener;
    private final int backendPort;
    private final Duration idleTimeout;
    private final Clock clock;
    private final ExecutorService pumps;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closedIdle = new AtomicInteger();
    private volatile boolean closed;

    /** One client connection and its own connection to the server behind. */
    private final class Link {
        final Socket client;
        final Socket backend;
        volatile Instant lastActivity;
        final HttpAnswerTracker answers = new HttpAnswerTracker();

        Link(Socket client, Socket backend) {
            this.client = client;
            this.backend = backend;
            this.lastActivity = clock.instant();
        }

        boolean idleSince(Instant now) {
            return answers.betweenAnswers() && !lastActivity.plus(idleTimeout).isAfter(now);
        }

        void close() {
            links.remove(this);
            closeQuietly(client);
            closeQuietly(backend);
        }
    }

    /** Listens on a free loopback port at once; its pump threads are its own and end with {@link #close()}. */
    public IdleClosingFront(int backendPort, Duration idleTimeout, Clock clock) {
        this.backendPort = backendPort;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
        this.pumps = Executors.newCachedThreadPool(LoopbackServer.daemonThreads("idle-closing-front"));
        try {
            listener = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the idle-closing front", e);
        }
        pumps.execute(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** TCP connections clients have opened so far; a client reusing its connections opens few. */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** Connections this front has closed for being idle so far. */
    public int closedIdleConnections() {
        return closedIdle.get();
    }

    /** Closes every connection idle for at least the idle timeout by the clock; returns how many it closed. */
    public int closeIdle() {
        Instant now = clock.instant();
        int count = 0;
        for (Link link : links) {
            if (link.idleSince(now)) {
                link.close();
                count++;
            }
        }
        closedIdle.addAndGet(count);
        if (count > 0) {
            log.debug("closed {} connections idle for {} or more", count, idleTimeout);
        }
        return count;
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        links.forEach(Link::close);
        pumps.shutdownNow();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("idle-closing front stopped accepting: {}", e.toString());
                }
                return;
            }
            accepted.incrementAndGet();
            Socket backend = new Socket();
            try {
                client.setTcpNoDelay(true);
                backend.setTcpNoDelay(true);
                backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backendPort));
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(backend);
                continue;
            }
            Link link = new Link(client, backend);
            links.add(link);
            pumps.execute(() -> pump(link, client, backend, true));
            pumps.execute(() -> pump(link, backend, client, false));
        }
    }

    private void pump(Link link, Socket from, Socket to, boolean towardsServer) {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) != -1; ) {
                link.lastActivity = clock.instant();
                if (towardsServer) {
                    link.answers.requestSent();
                }
                out.write(buffer, 0, n);
                out.flush();
                if (!towardsServer) {
                    // counted once the client has the bytes, so the link is idle only after the whole answer arrived
                    link.lastActivity = clock.instant();
                    link.answers.answerForwarded(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the other side went away, or this front closed the link
        } finally {
            link.close();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is best effort
        }
    }
}
