package dev.seedancebot.core.storage;

import java.sql.SQLException;

/** A database fault (connection lost, constraint broken, SQL error); never an expected outcome such as a denial. */
public final class DataAccessException extends RuntimeException {
    public DataAccessException(SQLException cause) {
        super(cause.getMessage() + " (SQLState " + cause.getSQLState() + ")", cause);
    }

    /** The SQLState of the underlying error, e.g. {@code 23505} for a unique violation on H2 and PostgreSQL. */
    public String sqlState() {
        return ((SQLException) getCause()).getSQLState();
    }
}
