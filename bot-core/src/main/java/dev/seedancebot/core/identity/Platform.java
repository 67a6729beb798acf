package dev.seedancebot.core.identity;

/** Where a request came from and where its answers go. */
public enum Platform {
    DISCORD,
    TELEGRAM,
    /** The terminal: the {@code generate} command and the {@code demo} chat. */
    CONSOLE
}
