package dev.seedancebot.core.cluster;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens database connections outside the pool, for session state that must live and die with exactly one connection:
 * a {@code LISTEN} registration or a session advisory lock. The caller owns and closes each connection.
 */
@FunctionalInterface
public interface SessionConnections {
    Connection open() throws SQLException;
}
