package dev.seedancebot.core.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM, started on first use from the binaries zonky publishes on Maven Central
 * (a fresh machine needs nothing installed), and a fresh database on it for each test. zonky stops the server at JVM
 * exit.
 *
 * <p>PostgreSQL's {@code initdb} refuses to run as root, and CI runs as root. zonky handles that itself: as root it
 * runs {@code initdb} and {@code pg_ctl} under {@code unshare -U}, in a new user namespace where they are not root.
 * Only where user namespaces are disabled as well does this fail, with a message saying so.
 */
final class TestPostgres {
    static final String USER = "postgres";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {}

    /** The JDBC URL of a new, empty database (user {@link #USER}, no password). */
    static synchronized String freshDatabase() {
        String name = "seedance_" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return server.getJdbcUrl(USER, name);
    }

    private static EmbeddedPostgres server() {
        if (server != null) {
            return server;
        }
        if ("root".equals(System.getProperty("user.name")) && !LinuxUtils.isUnshareAvailable()) {
            throw new IllegalStateException("PostgreSQL's initdb refuses to run as root, and `unshare -U` (which lets"
                    + " zonky run it in a user namespace) is not available here; run the tests as a non-root user"
                    + " or enable user namespaces");
        }
        try {
            server = EmbeddedPostgres.builder()
                    // three engines of 10 pooled connections each, plus listeners and lock sessions, per test
                    .setServerConfig("max_connections", "300")
                    .start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }
}
