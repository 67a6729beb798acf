package dev.seedancebot.app;

import dev.seedancebot.core.CoreAssembly;

/**
 * A chat platform as the launcher runs it: started once the core is built (it registers its
 * {@link dev.seedancebot.core.platform.PlatformPort} with the core's router and starts taking commands), asked for
 * health, and closed at shutdown before the core, so that no command arrives while the engine stops.
 */
public interface ChatAdapter extends AutoCloseable {

    /** "discord", "telegram", "console": the name in health output and logs. */
    String name();

    /** Connects, registers with {@code core.router()} and starts taking commands. */
    void start(CoreAssembly core);

    /** Connected and taking commands. */
    boolean isUp();

    /** Stops taking commands and disconnects; must not throw. */
    @Override
    void close();
}
