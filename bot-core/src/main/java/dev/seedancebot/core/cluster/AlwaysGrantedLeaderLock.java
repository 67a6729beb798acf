package dev.seedancebot.core.cluster;

/** {@link LeaderLock#alwaysGranted()}. */
final class AlwaysGrantedLeaderLock implements LeaderLock {
    private volatile boolean held;

    @Override
    public boolean tryAcquire() {
        held = true;
        return true;
    }

    @Override
    public boolean isHeld() {
        return held;
    }

    @Override
    public void close() {
        held = false;
    }
}
