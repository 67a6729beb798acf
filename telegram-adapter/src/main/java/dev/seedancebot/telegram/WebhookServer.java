package dev.seedancebot.telegram;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Accepts Telegram's webhook calls: {@code POST <path>} with one Update as JSON and the secret given to setWebhook in
 * {@code X-Telegram-Bot-Api-Secret-Token}. Updates are parsed into TelegramBots' own {@link Update} (the types the
 * long-polling session produces) and handed to the same consumer, which only queues them, so Telegram gets its 200 at
 * once.
 *
 * <p>The JDK's HTTP server is used because TelegramBots' webhook module is not published for 10.x (the latest,
 * 9.5.0, is built against older meta classes and brings Javalin, Jetty 11 and the Kotlin runtime). TLS is left to the
 * load balancer or reverse proxy in front, which Telegram reaches over HTTPS.
 */
final class WebhookServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    /** Telegram's updates are a few KB; a bigger body is not from Telegram. */
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService threads;
    private final byte[] secret;
    private final Consumer<List<Update>> consumer;
    private final ObjectMapper json = new ObjectMapper()
            // Telegram adds fields over time; TelegramBots' types ignore them when long polling too
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private WebhookServer(HttpServer server, ExecutorService threads, String secret, Consumer<List<Update>> consumer) {
        this.server = server;
        this.threads = threads;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.consumer = consumer;
    }

    /** Binds {@code listen} and serves {@code path}; everything else answers 404. */
    static WebhookServer start(InetSocketAddress listen, String path, String secret,
            Consumer<List<Update>> consumer) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "telegram-webhook-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            HttpServer server = HttpServer.create(listen, 64);
            WebhookServer webhook = new WebhookServer(server, threads, secret, consumer);
            server.setExecutor(threads);
            server.createContext(path, webhook::handle);
            server.start();
            log.info("Telegram webhook listening on {}{}", server.getAddress(), path);
            return webhook;
        } catch (IOException e) {
            threads.shutdownNow();
            throw new UncheckedIOException("cannot listen for the Telegram webhook on " + listen, e);
        }
    }

    /** The bound address (the port is the chosen one when 0 was asked for). */
    InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String given = exchange.getRequestHeaders().getFirst(SECRET_HEADER);
            // constant-time comparison: the secret is the only thing that tells Telegram from anyone else
            if (given == null || !MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
                log.warn("Telegram webhook: refused a request from {} without the secret token",
                        exchange.getRemoteAddress());
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            Update update;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
                if (body.length > MAX_BODY_BYTES) {
                    exchange.sendResponseHeaders(413, -1);
                    return;
                }
                update = json.readValue(body, Update.class);
            } catch (IOException e) {
                log.warn("Telegram webhook: unreadable update: {}", e.getClass().getSimpleName());
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            consumer.accept(List.of(update));
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** Stops accepting; calls in progress get up to a second to finish. */
    @Override
    public void close() {
        server.stop(1);
        threads.shutdownNow();
    }
}
