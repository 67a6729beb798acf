package dev.seedancebot.telegram;

import dev.seedancebot.core.cluster.LeaderLock;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An in-memory stand-in for one PostgreSQL advisory lock shared by several instances: {@link #candidate()} gives each
 * instance its handle. {@link Handle#loseSession()} plays the holder's database session ending (the lock is free and
 * that handle can never take it again), which PostgreSQL's own tests of {@code LeaderLock} cover for real.
 */
final class SharedLeaderLock {
    private final AtomicReference<Handle> owner = new AtomicReference<>();

    Handle candidate() {
        return new Handle();
    }

    final class Handle implements LeaderLock {
        private volatile boolean sessionLost;

        @Override
        public boolean tryAcquire() {
            return !sessionLost && (owner.compareAndSet(null, this) || owner.get() == this);
        }

        @Override
        public boolean isHeld() {
            return !sessionLost && owner.get() == this;
        }

        @Override
        public void close() {
            owner.compareAndSet(this, null);
        }

        void loseSession() {
            sessionLost = true;
            owner.compareAndSet(this, null);
        }
    }
}
