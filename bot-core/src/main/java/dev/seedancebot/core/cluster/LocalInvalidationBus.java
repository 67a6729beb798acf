package dev.seedancebot.core.cluster;

import java.util.function.Consumer;

/** {@link CacheInvalidationBus#local()}: one instance invalidates its own caches and has nobody else to tell. */
enum LocalInvalidationBus implements CacheInvalidationBus {
    INSTANCE;

    @Override
    public void publish(String topic, String key) {}

    @Override
    public void subscribe(String topic, Consumer<String> onChange) {}

    @Override
    public void close() {}
}
