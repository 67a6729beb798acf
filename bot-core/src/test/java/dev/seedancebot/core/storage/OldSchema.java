package dev.seedancebot.core.storage;

import java.nio.file.Path;
import org.flywaydb.core.Flyway;

/** A database file in {@code dir} migrated only up to an older schema, for tests of what a later migration does. */
public final class OldSchema {
    private OldSchema() {}

    /** Migrates up to {@code version} and returns the JDBC URL; {@link Database#open} then migrates the rest. */
    public static String at(Path dir, String version) {
        String url = Database.h2FileUrl(dir);
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target(version).load()
                .migrate();
        return url;
    }
}
