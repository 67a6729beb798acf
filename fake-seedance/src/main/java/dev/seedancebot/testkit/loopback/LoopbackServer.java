package dev.seedancebot.testkit.loopback;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server under every fake: bound to 127.0.0.1 only, answering on daemon threads, with an optional round
 * trip that delays each call as a real network would. The delay is scheduled, not slept, so a burst of calls costs no
 * threads while it waits and reaches the handler together, as a burst across a real network does.
 */
public final class LoopbackServer implements AutoCloseable {
    static {
        // The JDK server writes headers and body separately; with Nagle on, each small reply then waits ~40 ms for
        // the client's delayed ACK (45 ms vs 2 ms per poll, measured). The flag is read once per JVM, when the first
        // HttpServer starts, so it must be set before that and cannot be set per server.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private final String baseUrl;
    private volatile Duration roundTrip = Duration.ZERO;

    private LoopbackServer(String name, int port, int backlog, HttpHandler handler) {
        this.workers = Executors.newCachedThreadPool(daemonThreads(name));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads(name + "-timer"));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
        }
        server.setExecutor(workers);
        server.createContext("/", exchange -> handleAfterTheRoundTrip(exchange, handler));
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Binds {@code port} (0 for any free one) on 127.0.0.1 and serves every path with {@code handler}. */
    public static LoopbackServer start(String name, int port, int backlog, HttpHandler handler) {
        return new LoopbackServer(name, port, backlog, handler);
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Runs {@code task} on a worker {@code delay} from now, holding no thread meanwhile (a slow upstream). */
    public void runLater(Duration delay, Runnable task) {
        scheduler.schedule(() -> workers.execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** From now on each call reaches the handler {@code delay} after it arrived; {@link Duration#ZERO} for none. */
    public void setRoundTrip(Duration delay) {
        roundTrip = delay.isNegative() ? Duration.ZERO : delay;
    }

    private void handleAfterTheRoundTrip(HttpExchange exchange, HttpHandler handler) throws IOException {
        Duration delay = roundTrip;
        if (delay.isZero()) {
            handler.handle(exchange);
            return;
        }
        runLater(delay, () -> {
            try {
                handler.handle(exchange);
            } catch (IOException e) {
                exchange.close();
            }
        });
    }

    /** Stops listening at once; in-flight and delayed answers are abandoned. */
    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    /** Daemon threads named {@code name-1}, {@code name-2}…: a fake never keeps a test JVM alive. */
    public static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
