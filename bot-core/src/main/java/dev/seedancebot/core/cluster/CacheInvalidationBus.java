package dev.seedancebot.core.cluster;

import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Tells the other bot instances on the same database that cached data changed, so that they drop their Caffeine
 * entries. Messages name what changed, never the new data, and announce committed changes only.
 *
 * <p>Delivery is at most once: a message can be lost while an instance is disconnected. Every (re)connection
 * therefore tells each subscriber {@link #ALL}, and caches keep a short expiry as a last safety net. Thread-safe.
 */
public interface CacheInvalidationBus extends AutoCloseable {

    /** The key meaning "anything on this topic may have changed". */
    String ALL = "*";

    /**
     * Announces to the other instances that {@code key} changed on {@code topic}. Call it after the change is
     * committed. A delivery problem is logged, not thrown: the caller's write has already succeeded.
     */
    void publish(String topic, String key);

    /**
     * Calls {@code onChange} with the key of each change another instance announces on {@code topic}, or with
     * {@link #ALL}. It runs on the bus's own thread, so it must be quick and must not block.
     */
    void subscribe(String topic, Consumer<String> onChange);

    @Override
    void close();

    /** The bus of a single instance (H2): there is nobody to tell, and nobody tells us anything. */
    static CacheInvalidationBus local() {
        return LocalInvalidationBus.INSTANCE;
    }

    /**
     * A bus over PostgreSQL {@code LISTEN/NOTIFY}: publishes with {@code pg_notify} on a pooled connection and listens
     * on one dedicated session connection. It is listening when this method returns.
     */
    static CacheInvalidationBus postgresNotify(DataSource pool, SessionConnections sessions) {
        return new PgNotifyInvalidationBus(pool, sessions);
    }
}
