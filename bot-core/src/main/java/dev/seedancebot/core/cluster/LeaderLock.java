package dev.seedancebot.core.cluster;

/**
 * Leadership of one named role among the bot instances on the same database, such as the single Telegram
 * long-polling receiver (Telegram serves {@code getUpdates} to one consumer per bot).
 *
 * <p>Non-blocking: a candidate calls {@link #tryAcquire()} every few seconds and acts as leader only while it holds
 * the lock, checking {@link #isHeld()} before each round of leader work; when the leader dies or loses its database
 * session, the next candidate to try gets the lock. Thread-safe.
 */
public interface LeaderLock extends AutoCloseable {

    /** Takes the lock if it is free; true if this holder has it now (including when it already had it). */
    boolean tryAcquire();

    /** Whether this holder still has the lock; false once its database session has ended. Makes a round trip. */
    boolean isHeld();

    /** Gives the lock up (if held) so that another instance can take it. */
    @Override
    void close();

    /** The lock of a single instance (H2): always granted, since there is nobody to share the role with. */
    static LeaderLock alwaysGranted() {
        return new AlwaysGrantedLeaderLock();
    }

    /**
     * A PostgreSQL session advisory lock ({@code pg_try_advisory_lock}) on its own connection, keyed by a hash of
     * {@code name}. PostgreSQL releases it when that connection ends, however the holder dies.
     */
    static LeaderLock postgresAdvisory(SessionConnections sessions, String name) {
        return new AdvisoryLeaderLock(sessions, name);
    }
}
