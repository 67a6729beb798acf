package dev.seedancebot.core.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.seedancebot.core.cluster.CacheInvalidationBus;
import dev.seedancebot.core.cluster.LeaderLock;
import dev.seedancebot.core.cluster.SessionConnections;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's database: a HikariCP pool over any JDBC URL, migrated by Flyway from {@code classpath:db/migration} when
 * opened. The default is an embedded H2 file ({@link #h2FileUrl(Path)}) in PostgreSQL mode; the same migrations run
 * on PostgreSQL.
 *
 * <p>PostgreSQL ({@code jdbc:postgresql:} URLs) is the store that several bot instances can share ({@link #isShared()}):
 * the database then also carries the instances' {@link #invalidations() cache invalidations} ({@code LISTEN/NOTIFY})
 * and {@link #leaderLock leader locks} (session advisory locks). An H2 file is locked to one process, so on H2 both
 * are the trivial single-instance versions. Flyway takes a database lock while it migrates, so instances may start
 * together on a fresh database. Close it once, at shutdown.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final Jdbc jdbc;
    private final SessionConnections sessions;
    private final boolean shared;
    private final CacheInvalidationBus invalidations;
    private final Optional<H2UncleanStop> h2File;

    private Database(HikariDataSource dataSource, SessionConnections sessions, boolean shared,
            Optional<H2UncleanStop> h2File) {
        this.dataSource = dataSource;
        this.h2File = h2File;
        this.jdbc = new Jdbc(dataSource);
        this.sessions = sessions;
        this.shared = shared;
        this.invalidations = shared
                ? CacheInvalidationBus.postgresNotify(dataSource, sessions)
                : CacheInvalidationBus.local();
    }

    /**
     * Opens the pool and applies pending migrations; fails fast if the database cannot be reached or migrated. An H2
     * file that the previous process did not close (it was killed) is first rebuilt, see {@link H2UncleanStop}.
     */
    public static Database open(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Optional<H2UncleanStop> h2File = H2UncleanStop.of(jdbcUrl);
        h2File.ifPresent(f -> f.beforeOpen(user, password));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("seedance-bot-db");
        HikariDataSource dataSource = null;
        try {
            dataSource = new HikariDataSource(config);
            var result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            log.info("database ready at schema version {} ({} migrations applied)",
                    result.targetSchemaVersion, result.migrationsExecuted);
            return new Database(dataSource, () -> DriverManager.getConnection(jdbcUrl, user, password),
                    jdbcUrl.startsWith("jdbc:postgresql:"), h2File);
        } catch (RuntimeException e) {
            if (dataSource != null) {
                dataSource.close();
            }
            h2File.ifPresent(H2UncleanStop::closedCleanly);
            throw e;
        }
    }

    /**
     * The URL of the embedded H2 database {@code <dir>/seedance-bot.mv.db}. PostgreSQL mode with lower-case names keeps
     * the SQL portable; the lock timeout lets a burst of reservations for one user queue instead of failing.
     */
    public static String h2FileUrl(Path dir) {
        String file = dir.toAbsolutePath().resolve("seedance-bot").toString().replace('\\', '/');
        return "jdbc:h2:file:" + file
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000"
                // H2's own JVM shutdown hook would close the database in the middle of our graceful stop
                + ";DB_CLOSE_ON_EXIT=FALSE"
                // write each commit through at once: with H2's default delay a SIGKILL lost committed tasks and
                // charges (50 committed inserts, then a kill: none left)
                + ";WRITE_DELAY=0";
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The transaction and statement helper over {@link #dataSource()}. */
    public Jdbc jdbc() {
        return jdbc;
    }

    /**
     * Whether this is an H2 file whose previous process was killed: its transactions may then have come back half
     * done (see {@link H2UncleanStop}), so invariants that span tables are worth checking once. False for PostgreSQL,
     * whose transactions survive a kill whole.
     */
    public boolean afterUncleanStop() {
        return h2File.map(H2UncleanStop::afterUncleanStop).orElse(false);
    }

    /** Whether other bot instances may use this database at the same time: true for PostgreSQL. */
    public boolean isShared() {
        return shared;
    }

    /** How this instance's cache changes reach the other instances; closed with the database. */
    public CacheInvalidationBus invalidations() {
        return invalidations;
    }

    /**
     * A new, not yet acquired lock on the leader role {@code name} among the instances on this database; the caller
     * closes it. On H2 it is always granted.
     */
    public LeaderLock leaderLock(String name) {
        return shared ? LeaderLock.postgresAdvisory(sessions, name) : LeaderLock.alwaysGranted();
    }

    @Override
    public void close() {
        invalidations.close();
        dataSource.close(); // the last connection closed, H2 closes its file
        h2File.ifPresent(H2UncleanStop::closedCleanly);
    }
}
