package dev.seedancebot.core.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery of an embedded H2 file after the process using it was killed.
 *
 * <p>Why: H2 2.5.252 can leave, after a SIGKILL, a row whose newest version belongs to a transaction that no longer
 * exists. Reads see the committed version, but the first UPDATE or DELETE of that row spins forever in
 * {@code TransactionMap.set} at 100% CPU, without a lock timeout (found by the crash suite: a restart hung in the
 * start-up lease release, and a task that stayed SUBMITTED in another run fits the same cause; the file of the hung
 * start is kept as a test fixture).
 * Reopening does not help, and {@code SHUTDOWN COMPACT} makes the dead transaction's uncommitted values
 * committed. Rebuilding the file from the rows it reads back ({@code SCRIPT}, then {@code RUNSCRIPT} into a new file)
 * does: the same rows as every reader sees them, and nothing left over.
 *
 * <p>How an unclean stop is known: a marker file next to the database exists while a process uses it and is
 * deleted by a clean close. The rebuild never loses the original: it is built under another name, the original is
 * copied to {@code <name>.before-rebuild.mv.db}, and only then does the new file replace it (one atomic move); a
 * crash in between leaves the marker, so the next start rebuilds again.
 */
final class H2UncleanStop {
    private static final Logger log = LoggerFactory.getLogger(H2UncleanStop.class);
    private static final String PREFIX = "jdbc:h2:file:";
    private static final String DATA = ".mv.db";
    /**
     * Databases open in this JVM, with how many {@link Database}s use each: H2 lets one JVM open its file several
     * times, and a second open must not take the first one's marker for a killed process.
     */
    private static final Map<Path, Integer> OPEN_HERE = new HashMap<>();

    private final String jdbcUrl;
    /** The database's path without the {@code .mv.db} suffix, as H2 names it. */
    private final Path base;
    private final Path marker;
    /** Whether this open found the marker of a killed process and rebuilt the file. */
    private volatile boolean rebuilt;

    private H2UncleanStop(String jdbcUrl, Path base) {
        this.jdbcUrl = jdbcUrl;
        this.base = base;
        this.marker = sibling(".in-use");
    }

    /**
     * The recovery for an embedded H2 file URL ({@code jdbc:h2:file:<path>} or {@code jdbc:h2:<path>}); empty for
     * every other URL (PostgreSQL, in-memory H2, H2 over TCP) and for {@code AUTO_SERVER=TRUE}, where several
     * processes share the file and a marker cannot tell a killed one from a running one.
     */
    static Optional<H2UncleanStop> of(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:h2:") || jdbcUrl.toUpperCase(Locale.ROOT).contains(";AUTO_SERVER=TRUE")) {
            return Optional.empty();
        }
        String rest = jdbcUrl.startsWith(PREFIX) ? jdbcUrl.substring(PREFIX.length()) : jdbcUrl.substring(8);
        int options = rest.indexOf(';');
        String file = options < 0 ? rest : rest.substring(0, options);
        boolean path = jdbcUrl.startsWith(PREFIX) || file.startsWith("/") || file.startsWith("./")
                || file.startsWith("~/") || file.matches("[A-Za-z]:[/\\\\].*");
        if (!path) {
            return Optional.empty(); // mem:, tcp:, ssl:, zip: and the other H2 storage forms
        }
        Path base = file.startsWith("~/") ? Path.of(System.getProperty("user.home"), file.substring(2)) : Path.of(file);
        return Optional.of(new H2UncleanStop(jdbcUrl, base.toAbsolutePath().normalize()));
    }

    /**
     * Rebuilds the database if the previous process did not close it, then marks it in use. Call before the first
     * connection; {@link #closedCleanly()} after the last one is closed.
     */
    void beforeOpen(String user, String password) {
        // one lock for the whole check and rebuild: a second open of the same file waits until the file is in place
        synchronized (OPEN_HERE) {
            if (OPEN_HERE.merge(base, 1, Integer::sum) > 1) {
                return; // in use by this JVM: the marker is ours
            }
            checkMarker(user, password);
        }
    }

    private void checkMarker(String user, String password) {
        try {
            if (Files.exists(marker) && Files.exists(sibling(DATA))) {
                rebuild(user, password);
                rebuilt = true;
            }
            PrivateFiles.createDirectories(marker.getParent());
            PrivateFiles.writeString(marker, "in use by process " + ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            release();
            throw new UncheckedIOException("cannot write " + marker, e);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    /** Whether the previous process using the file was killed (and the file was rebuilt on this open). */
    boolean afterUncleanStop() {
        return rebuilt;
    }

    /** The database was closed: the next start needs no rebuild (once no one in this JVM uses it any more). */
    void closedCleanly() {
        if (!release()) {
            return;
        }
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            log.warn("could not delete {}: the next start rebuilds the database needlessly", marker, e);
        }
    }

    /** Counts one user of the database out; true if it was the last one in this JVM. */
    private boolean release() {
        synchronized (OPEN_HERE) {
            return OPEN_HERE.computeIfPresent(base, (path, users) -> users == 1 ? null : users - 1) == null;
        }
    }

    private void rebuild(String user, String password) {
        long started = System.nanoTime();
        Path script = sibling(".rebuild.sql");
        Path rebuiltBase = sibling(".rebuilt");
        Path rebuilt = Path.of(rebuiltBase + DATA);
        Connection original;
        try {
            original = DriverManager.getConnection(jdbcUrl, user, password);
        } catch (SQLException e) {
            // most likely the process that wrote the marker still runs: H2 locks its file to one process
            throw new IllegalStateException("cannot open " + sibling(DATA) + ": " + e.getMessage(), e);
        }
        log.warn("the last process using {} did not stop cleanly; rebuilding it from the rows it reads back", sibling(DATA));
        try {
            Files.deleteIfExists(rebuilt);
            try (Connection c = original; Statement s = c.createStatement()) {
                s.execute("SCRIPT TO " + literal(script));
                s.execute("SHUTDOWN");
            }
            try (Connection c = DriverManager.getConnection(urlFor(rebuiltBase), user, password);
                    Statement s = c.createStatement()) {
                s.execute("RUNSCRIPT FROM " + literal(script));
                s.execute("SHUTDOWN");
            }
            PrivateFiles.copy(sibling(DATA), sibling(".before-rebuild" + DATA));
            Files.move(rebuilt, sibling(DATA), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(script);
        } catch (SQLException e) {
            throw new IllegalStateException("the database " + sibling(DATA) + " could not be rebuilt after an unclean"
                    + " stop: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("the database " + sibling(DATA) + " could not be rebuilt", e);
        }
        log.warn("rebuilt {} in {} ms; the file as the stopped process left it is {}", sibling(DATA),
                (System.nanoTime() - started) / 1_000_000, sibling(".before-rebuild" + DATA));
    }

    /**
     * The URL of {@code otherBase} with this URL's options, less those that would stop a new file from being created
     * ({@code IFEXISTS}) or run the operator's init script on the empty file before the rows are restored.
     */
    private String urlFor(Path otherBase) {
        int options = jdbcUrl.indexOf(';');
        StringBuilder url = new StringBuilder(PREFIX).append(otherBase.toString().replace('\\', '/'));
        if (options >= 0) {
            for (String option : jdbcUrl.substring(options + 1).split(";")) {
                String name = option.split("=", 2)[0].strip().toUpperCase(Locale.ROOT);
                if (!option.isBlank() && !name.equals("IFEXISTS") && !name.equals("INIT")) {
                    url.append(';').append(option);
                }
            }
        }
        return url.toString();
    }

    private Path sibling(String suffix) {
        return Path.of(base + suffix);
    }

    private static String literal(Path path) {
        return "'" + path.toString().replace('\\', '/').replace("'", "''") + "'";
    }
}
