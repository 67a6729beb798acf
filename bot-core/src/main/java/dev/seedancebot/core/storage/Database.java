package dev.seedancebot.core.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's database: a HikariCP pool over any JDBC URL, migrated by Flyway from {@code classpath:db/migration} when
 * opened. The default is an embedded H2 file ({@link #h2FileUrl(Path)}) in PostgreSQL mode; the same migrations run
 * on PostgreSQL (which also needs the {@code flyway-database-postgresql} module and the driver at runtime).
 * Close it once, at shutdown.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final Jdbc jdbc;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
    }

    /** Opens the pool and applies pending migrations; fails fast if the database cannot be reached or migrated. */
    public static Database open(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("seedance-bot-db");
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            var result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            log.info("database ready at schema version {} ({} migrations applied)",
                    result.targetSchemaVersion, result.migrationsExecuted);
            return new Database(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
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
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000";
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The transaction and statement helper over {@link #dataSource()}. */
    public Jdbc jdbc() {
        return jdbc;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
