package dev.seedancebot.core.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LeaderLock#postgresAdvisory}. The lock belongs to the session of {@link #session}; a candidate that did not
 * get it keeps its connection for the next try.
 */
final class AdvisoryLeaderLock implements LeaderLock {
    private static final Logger log = LoggerFactory.getLogger(AdvisoryLeaderLock.class);
    private static final int VALIDITY_TIMEOUT_SECONDS = 2;

    private final SessionConnections sessions;
    private final String name;
    private final long key;
    private Connection session;
    private boolean held;

    AdvisoryLeaderLock(SessionConnections sessions, String name) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name may not be blank");
        }
        this.name = name;
        this.key = keyOf(name);
    }

    @Override
    public synchronized boolean tryAcquire() {
        if (held && alive()) {
            return true;
        }
        if (held) {
            log.warn("leader lock {} was lost with its database session", name);
            drop();
        }
        try {
            if (session == null) {
                session = sessions.open();
            }
            held = ask("SELECT pg_try_advisory_lock(?)");
            if (held) {
                log.info("leader lock {} acquired", name);
            }
            return held;
        } catch (SQLException e) {
            log.warn("leader lock {} could not be tried: {}", name, e.getMessage());
            drop();
            return false;
        }
    }

    @Override
    public synchronized boolean isHeld() {
        if (held && !alive()) {
            log.warn("leader lock {} was lost with its database session", name);
            drop();
        }
        return held;
    }

    @Override
    public synchronized void close() {
        if (held && alive()) {
            try {
                ask("SELECT pg_advisory_unlock(?)");
                log.info("leader lock {} released", name);
            } catch (SQLException e) {
                log.debug("leader lock {} unlock failed; closing the session releases it: {}", name, e.getMessage());
            }
        }
        drop();
    }

    private boolean ask(String sql) throws SQLException {
        try (PreparedStatement ps = session.prepareStatement(sql)) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private boolean alive() {
        try {
            return session != null && session.isValid(VALIDITY_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    private void drop() {
        held = false;
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                log.debug("closing leader lock session failed: {}", e.getMessage());
            }
            session = null;
        }
    }

    /** A stable 64-bit key per name, namespaced so that other software's advisory locks are unlikely to collide. */
    static long keyOf(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("seedance-bot/leader/" + name).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
