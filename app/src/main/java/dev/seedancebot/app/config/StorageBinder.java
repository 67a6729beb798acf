package dev.seedancebot.app.config;

import dev.seedancebot.core.cluster.ClusterSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/** Builds the {@code storage:} section: the database, the data directory and this instance's place in a cluster. */
final class StorageBinder {
    /** Host names and the like: what an instance id may be made of. */
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private StorageBinder() {}

    static AppConfig.Storage bind(ValueReader r) {
        return new AppConfig.Storage(
                path(r, "storage.data-dir"),
                jdbcUrl(r, "storage.jdbc-url"),
                r.optionalText("storage.user"),
                r.secret("storage.password", "storage.password-file"),
                cluster(r));
    }

    private static Path path(ValueReader r, String key) {
        String value = r.text(key, "data");
        try {
            return Path.of(value);
        } catch (RuntimeException e) {
            r.bad(key, "use a directory path such as data or /var/lib/seedance-bot");
            return Path.of("data");
        }
    }

    private static String jdbcUrl(ValueReader r, String key) {
        String value = r.raw(key);
        if (value != null && !value.startsWith("jdbc:")) {
            r.bad(key, "use a JDBC URL such as jdbc:postgresql://localhost:5432/seedance, or remove the key to use"
                    + " the embedded H2 file under storage.data-dir");
        }
        return value;
    }

    /** {@code storage.instance-id} (random when unset) and {@code storage.lease}. */
    private static ClusterSettings cluster(ValueReader r) {
        Duration lease = r.duration("storage.lease", Duration.ofSeconds(2), Duration.ofMinutes(10));
        String id = r.raw("storage.instance-id");
        if (id == null) {
            return new ClusterSettings(ClusterSettings.defaults().instanceId(), lease);
        }
        id = id.strip();
        if (!INSTANCE_ID.matcher(id).matches()) {
            r.bad("storage.instance-id", "use 1-64 characters of A-Z a-z 0-9 . _ - that no other running instance"
                    + " uses, such as the host name (instance-id: ${HOSTNAME:-} falls back to a random id), or"
                    + " remove the key for a random id");
            return new ClusterSettings(ClusterSettings.defaults().instanceId(), lease);
        }
        return new ClusterSettings(id, lease);
    }
}
