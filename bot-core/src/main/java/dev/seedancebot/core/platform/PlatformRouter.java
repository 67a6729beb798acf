package dev.seedancebot.core.platform;

import dev.seedancebot.core.identity.Platform;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends each task's events to the adapter of the platform it came from. Adapters register when they start; a task
 * whose platform has no adapter right now (its token was removed) waits until one registers.
 */
public final class PlatformRouter {
    private final Map<Platform, PlatformPort> ports = new ConcurrentHashMap<>();

    public void register(PlatformPort port) {
        ports.put(port.platform(), port);
    }

    public void unregister(Platform platform) {
        ports.remove(platform);
    }

    public Optional<PlatformPort> port(Platform platform) {
        return Optional.ofNullable(ports.get(platform));
    }
}
