package dev.seedancebot.core.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Caches of database rows that other instances may change: a Caffeine cache whose entries the {@link
 * CacheInvalidationBus} drops when another instance announces a change on {@code topic}. The writer invalidates its
 * own entry and publishes after it commits; {@code ttl} is the safety net for a lost message.
 */
public final class SharedCaches {
    private SharedCaches() {}

    public static <V> Cache<String, V> subscribed(CacheInvalidationBus bus, String topic, Duration ttl, int size,
            Ticker ticker, Executor executor) {
        Cache<String, V> cache = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(size)
                .ticker(Objects.requireNonNull(ticker, "ticker"))
                .executor(Objects.requireNonNull(executor, "executor"))
                .build();
        bus.subscribe(topic, key -> {
            if (key.equals(CacheInvalidationBus.ALL)) {
                cache.invalidateAll();
            } else {
                cache.invalidate(key);
            }
        });
        return cache;
    }
}
