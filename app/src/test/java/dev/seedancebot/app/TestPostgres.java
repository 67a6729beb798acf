package dev.seedancebot.app;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real PostgreSQL server for the app's tests in a JVM (zonky's embedded server, binaries from Maven Central; as
 * root it runs initdb in a user namespace), started on first use and stopped by zonky at JVM exit, so the test
 * classes share one start; each test takes a fresh database, named uniquely across classes. Where initdb cannot run
 * the tests are skipped, not failed: the machine cannot run PostgreSQL at all.
 */
public final class TestPostgres {
    public static final String USER = "postgres";
    private static TestPostgres shared;

    private final EmbeddedPostgres server;

    private TestPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /** The server, started on the first call; skips the calling tests where initdb cannot run. */
    public static synchronized TestPostgres shared() throws IOException {
        assumeThat(!"root".equals(System.getProperty("user.name")) || LinuxUtils.isUnshareAvailable())
                .as("initdb refuses root, and `unshare -U` is not available to run it in a user namespace")
                .isTrue();
        if (shared == null) {
            shared = new TestPostgres(EmbeddedPostgres.builder().start());
        }
        return shared;
    }

    /** Creates the empty database {@code name} and returns its JDBC URL (user {@link #USER}, no password). */
    public String freshDatabase(String name) throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return server.getJdbcUrl(USER, name);
    }

    /** A connection to database {@code name} as {@link #USER}. */
    public Connection connect(String name) throws SQLException {
        return server.getDatabase(USER, name).getConnection();
    }
}
