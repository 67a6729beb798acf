package dev.seedancebot.core.platform;

/**
 * A chat platform call failed. {@code permanent} failures (missing permission, chat gone, bot blocked) are not
 * retried; others are.
 */
public final class PlatformException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    public PlatformException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public PlatformException(String message, boolean permanent) {
        this(message, permanent, null);
    }

    public boolean permanent() {
        return permanent;
    }
}
