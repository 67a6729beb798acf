package dev.seedancebot.core.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what finished tasks leave behind, so that disk and database do not grow forever: a task's folder (its
 * inputs and its result, up to 500 MB) once it finished {@link RetentionSettings#keepTaskFiles()} ago, and its row
 * once it finished {@link RetentionSettings#keepTaskRows()} ago. Unfinished tasks are never touched; nor is the
 * quota ledger, which is the money history.
 *
 * <p>Folders are found by listing {@code tasks/} rather than from the database: each instance keeps its own files,
 * and a folder whose row is gone (a crash between storing the inputs and the row, or a row already swept) is found
 * too; such a folder is removed once it is {@link #ORPHAN_GRACE} old, because a new task's folder exists a moment
 * before its row.
 *
 * <p>Safe to run on several instances at once: deleting a file or row that is already gone is not an error, and row
 * deletes skip rows another instance is deleting (see {@link JdbcTaskStore#deleteFinishedBefore}).
 */
public final class RetentionSweeper {
    static final Duration ORPHAN_GRACE = Duration.ofDays(1);
    private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);
    private static final int BATCH = 500;

    private final TaskStore store;
    private final Path tasksDir;
    private final RetentionSettings settings;
    private final Clock clock;

    RetentionSweeper(TaskStore store, Path workDir, RetentionSettings settings, Clock clock) {
        this.store = store;
        this.tasksDir = workDir.resolve("tasks");
        this.settings = settings;
        this.clock = clock;
    }

    /** What one sweep removed. */
    public record Result(int taskFolders, int taskRows) {}

    /** One sweep as of {@code now}: removes expired task folders, then expired task rows. */
    public Result sweep(Instant now) {
        int folders = sweepFolders(now.minus(settings.keepTaskFiles()), now.minus(ORPHAN_GRACE));
        Instant rowCutoff = now.minus(settings.keepTaskRows());
        int rows = 0;
        int batch;
        do {
            batch = store.deleteFinishedBefore(rowCutoff, BATCH);
            rows += batch;
        } while (batch == BATCH);
        if (folders > 0 || rows > 0) {
            log.info("retention: removed {} task folders (finished over {} ago) and {} task rows (over {} ago)",
                    folders, settings.keepTaskFiles(), rows, settings.keepTaskRows());
        }
        return new Result(folders, rows);
    }

    /** The periodic sweep on the engine's scheduler: a failure is logged and the next sweep tries again. */
    void sweepNow() {
        try {
            sweep(clock.instant());
        } catch (RuntimeException e) {
            log.error("retention sweep failed; retrying in {}", settings.sweepEvery(), e);
        }
    }

    private int sweepFolders(Instant filesCutoff, Instant orphanCutoff) {
        if (!Files.isDirectory(tasksDir)) {
            return 0;
        }
        int removed = 0;
        List<Path> batch = new ArrayList<>(BATCH);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasksDir, Files::isDirectory)) {
            for (Path dir : dirs) {
                batch.add(dir);
                if (batch.size() == BATCH) {
                    removed += sweepBatch(batch, filesCutoff, orphanCutoff);
                    batch.clear();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tasksDir, e);
        }
        return removed + sweepBatch(batch, filesCutoff, orphanCutoff);
    }

    private int sweepBatch(List<Path> dirs, Instant filesCutoff, Instant orphanCutoff) {
        Map<String, Optional<Instant>> finished =
                store.finishTimes(dirs.stream().map(d -> d.getFileName().toString()).toList());
        int removed = 0;
        for (Path dir : dirs) {
            Optional<Instant> finishedAt = finished.get(dir.getFileName().toString());
            boolean expired = finishedAt == null
                    ? modifiedBefore(dir, orphanCutoff)
                    : finishedAt.map(t -> t.isBefore(filesCutoff)).orElse(false);
            if (expired && delete(dir)) {
                removed++;
            }
        }
        return removed;
    }

    private static boolean modifiedBefore(Path dir, Instant cutoff) {
        try {
            return Files.getLastModifiedTime(dir).toInstant().isBefore(cutoff);
        } catch (IOException e) {
            return false; // gone meanwhile, or unreadable: nothing to do now
        }
    }

    /** Deletes a task folder and what is in it; false if it was already gone or could not be deleted. */
    private static boolean delete(Path dir) {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
            return true;
        } catch (NoSuchFileException e) {
            return false; // another instance sharing the folder removed it first
        } catch (IOException | UncheckedIOException e) {
            log.warn("retention: task folder {} not removed: {}", dir, e.getMessage());
            return false;
        }
    }
}
