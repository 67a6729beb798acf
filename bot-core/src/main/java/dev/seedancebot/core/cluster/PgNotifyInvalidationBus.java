package dev.seedancebot.core.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CacheInvalidationBus#postgresNotify}. A message is {@code sender \n topic \n key} on one channel; a
 * listener ignores its own messages, since the publishing instance has already dropped its entries.
 *
 * <p>One daemon thread waits for notifications in short slices, so that {@link #close()} never waits long; when the
 * listening connection breaks it reconnects every second and, once back, tells every subscriber {@link #ALL}.
 */
final class PgNotifyInvalidationBus implements CacheInvalidationBus {
    static final String CHANNEL = "seedance_cache_invalidation";
    private static final Logger log = LoggerFactory.getLogger(PgNotifyInvalidationBus.class);
    private static final int WAIT_SLICE_MILLIS = 250;
    private static final long RECONNECT_DELAY_MILLIS = 1000;

    private final DataSource pool;
    private final SessionConnections sessions;
    private final String sender = UUID.randomUUID().toString();
    private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService listener;
    private Connection listening; // only touched on the listener thread, and by close() once that thread has ended

    PgNotifyInvalidationBus(DataSource pool, SessionConnections sessions) {
        this.pool = pool;
        this.sessions = sessions;
        try {
            this.listening = listen();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot LISTEN for cache invalidations: " + e.getMessage(), e);
        }
        this.listener = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "seedance-cache-bus");
            t.setDaemon(true);
            return t;
        });
        listener.execute(this::receive);
    }

    @Override
    public void publish(String topic, String key) {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, CHANNEL);
            ps.setString(2, sender + '\n' + topic + '\n' + key);
            ps.execute();
        } catch (SQLException e) {
            log.warn("cache invalidation {} {} not announced (others see it within the cache expiry): {}", topic, key,
                    e.getMessage());
        }
    }

    @Override
    public void subscribe(String topic, Consumer<String> onChange) {
        subscribers.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(onChange);
    }

    @Override
    public void close() {
        listener.shutdownNow();
        try {
            listener.awaitTermination(2 * WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(listening);
    }

    private Connection listen() throws SQLException {
        Connection c = sessions.open();
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + CHANNEL);
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private void receive() {
        try {
            if (listening == null) {
                listening = listen();
                log.info("cache invalidation listener reconnected; dropping all cached entries");
                subscribers.values().forEach(list -> list.forEach(s -> dispatch(s, ALL)));
            }
            PGNotification[] notes = listening.unwrap(PGConnection.class).getNotifications(WAIT_SLICE_MILLIS);
            if (notes != null) {
                for (PGNotification note : notes) {
                    deliver(note.getParameter());
                }
            }
            again(0);
        } catch (SQLException e) {
            if (listening != null) {
                log.warn("cache invalidation listener lost its connection, reconnecting: {}", e.getMessage());
            }
            closeQuietly(listening);
            listening = null;
            again(RECONNECT_DELAY_MILLIS);
        }
    }

    private void deliver(String payload) {
        String[] parts = payload.split("\n", 3);
        if (parts.length != 3 || parts[0].equals(sender)) {
            return;
        }
        for (Consumer<String> s : subscribers.getOrDefault(parts[1], List.of())) {
            dispatch(s, parts[2]);
        }
    }

    private static void dispatch(Consumer<String> subscriber, String key) {
        try {
            subscriber.accept(key);
        } catch (RuntimeException e) {
            log.error("cache invalidation subscriber failed on {}", key, e);
        }
    }

    private void again(long delayMillis) {
        try {
            listener.schedule(this::receive, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("closing a session connection failed: {}", e.getMessage());
        }
    }
}
