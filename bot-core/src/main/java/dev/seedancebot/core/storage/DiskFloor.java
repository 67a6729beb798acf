package dev.seedancebot.core.storage;

import dev.seedancebot.core.i18n.Texts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The least free disk the bot leaves under its data folder. Below it, new requests are refused before anything is
 * charged, downloaded or stored, so that a burst of requests (up to 500 MB of result each) cannot fill the disk and
 * take the database down with it; tasks already accepted still finish. The operator learns of it from a WARN line
 * (at most one a minute, however many requests are refused) and from the metrics.
 *
 * <p>Free space is read at every check (one {@code statvfs}, microseconds), so the floor lifts as soon as the
 * operator frees space. A failure to read it counts as enough space: a broken probe must not stop the bot.
 */
public final class DiskFloor {
    /** The text users get while the disk is below the floor, in their language. */
    public static String refusalText() {
        return Texts.t("bot.diskFull");
    }

    private static final Logger log = LoggerFactory.getLogger(DiskFloor.class);
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);

    /** Bytes free for the bot's user on the disk of its data; throws if that cannot be read. */
    @FunctionalInterface
    public interface FreeSpace {
        long usableBytes() throws IOException;
    }

    private final FreeSpace space;
    private final long minFreeBytes;
    private final Clock clock;
    private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.MIN);

    /** @param minFreeBytes the floor; 0 turns the check off */
    public DiskFloor(FreeSpace space, long minFreeBytes, Clock clock) {
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("minFreeBytes must not be negative");
        }
        this.space = space;
        this.minFreeBytes = minFreeBytes;
        this.clock = clock;
    }

    /**
     * The free space of the file system holding {@code dir}; {@code dir} need not exist yet (its nearest existing
     * parent is asked).
     */
    public static FreeSpace of(Path dir) {
        Path absolute = dir.toAbsolutePath();
        return () -> {
            Path probe = absolute;
            while (probe != null && !Files.exists(probe)) {
                probe = probe.getParent();
            }
            if (probe == null) {
                throw new IOException("no existing folder above " + absolute);
            }
            return Files.getFileStore(probe).getUsableSpace();
        };
    }

    /** Free bytes now, or -1 if they cannot be read. */
    public long freeBytes() {
        try {
            return space.usableBytes();
        } catch (IOException | RuntimeException e) {
            log.debug("free disk space cannot be read: {}", e.getMessage());
            return -1;
        }
    }

    public long minFreeBytes() {
        return minFreeBytes;
    }

    /** Whether the free space is under the floor now. */
    public boolean below() {
        long free = freeBytes();
        return minFreeBytes > 0 && free >= 0 && free < minFreeBytes;
    }

    /**
     * The answer for a new request while the disk is below the floor, empty otherwise. Call it before charging or
     * downloading anything; it warns the operator (at most once a minute).
     */
    public Optional<String> refusal() {
        long free = freeBytes();
        if (minFreeBytes == 0 || free < 0 || free >= minFreeBytes) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant last = lastWarning.get();
        if (!now.isBefore(last.plus(WARN_EVERY)) && lastWarning.compareAndSet(last, now)) {
            log.warn("refusing new requests: {} MB free on the data disk, below the floor of {} MB"
                            + " (storage.min-free-disk); free some space or lower the floor",
                    free / (1024 * 1024), minFreeBytes / (1024 * 1024));
        }
        return Optional.of(refusalText());
    }
}
