package dev.seedancebot.core.engine;

import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.MediaKind;
import dev.seedancebot.core.request.MediaSource;
import dev.seedancebot.core.storage.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A task's own folder under the work directory: the inputs it keeps and its result video. */
final class TaskFiles {
    private static final Logger log = LoggerFactory.getLogger(TaskFiles.class);

    private final Path workDir;

    TaskFiles(Path workDir) {
        this.workDir = workDir;
    }

    /** The file a delivered task's video is kept in, for follow-ups. */
    Path result(String id) {
        return dir(id).resolve("result.mp4");
    }

    /** Copies local inputs into the task's folder, so that the request survives a restart and adapters' temp files. */
    List<MediaInput> keepMedia(String id, List<MediaInput> media) {
        List<MediaInput> kept = new ArrayList<>();
        int n = 0;
        for (MediaInput m : media) {
            if (m.source() instanceof MediaSource.LocalFile f) {
                Path target = dir(id).resolve("input-" + (++n) + "-" + m.kind().name().toLowerCase(Locale.ROOT));
                try {
                    PrivateFiles.createDirectories(target.getParent());
                    if (m.kind() == MediaKind.VIDEO && f.path().startsWith(workDir)) {
                        Files.createLink(target, f.path());
                    } else {
                        PrivateFiles.copy(f.path(), target);
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    try {
                        PrivateFiles.copy(f.path(), target);
                    } catch (IOException again) {
                        throw new UncheckedIOException(again);
                    }
                }
                kept.add(new MediaInput(m.role(), new MediaSource.LocalFile(target), m.label()));
            } else {
                kept.add(m);
            }
        }
        return kept;
    }

    /** Removes the folder of a task that was never taken (its charge was refused). */
    void remove(String id) {
        Path dir = dir(id);
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            log.debug("task {} folder not removed: {}", id, e.getMessage());
        }
    }

    private Path dir(String id) {
        return workDir.resolve("tasks").resolve(id);
    }
}
