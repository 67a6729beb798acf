package dev.seedancebot.core.engine;

import dev.seedancebot.core.i18n.Texts;
import java.time.Duration;
import java.util.Objects;

/**
 * What the bot keeps, and for how long (see {@link RetentionSweeper}), and the free disk it leaves.
 *
 * @param keepTaskFiles how long a finished task's folder (its inputs and result) is kept after it finished; Re-roll
 *     and Extend need them, so they work for this long
 * @param keepTaskRows how long a finished task's row is kept after it finished (at least {@code keepTaskFiles}, so a
 *     folder never outlives its row); the quota ledger and charges are never removed
 * @param sweepEvery how often the sweep runs
 * @param minFreeDiskBytes below this much free disk new requests are refused; 0 = no floor
 */
public record RetentionSettings(
        Duration keepTaskFiles, Duration keepTaskRows, Duration sweepEvery, long minFreeDiskBytes) {

    /** A week for files (results reach 500 MB each), a quarter for rows, an hourly sweep, a 1 GB floor. */
    public static final RetentionSettings DEFAULTS = new RetentionSettings(
            Duration.ofDays(7), Duration.ofDays(90), Duration.ofHours(1), 1024L * 1024 * 1024);

    public RetentionSettings {
        Objects.requireNonNull(keepTaskFiles, "keepTaskFiles");
        Objects.requireNonNull(keepTaskRows, "keepTaskRows");
        Objects.requireNonNull(sweepEvery, "sweepEvery");
        if (keepTaskFiles.isNegative() || keepTaskFiles.isZero() || sweepEvery.isNegative() || sweepEvery.isZero()) {
            throw new IllegalArgumentException("keepTaskFiles and sweepEvery must be positive");
        }
        if (keepTaskRows.compareTo(keepTaskFiles) < 0) {
            throw new IllegalArgumentException("keepTaskRows must be at least keepTaskFiles");
        }
        if (minFreeDiskBytes < 0) {
            throw new IllegalArgumentException("minFreeDiskBytes must not be negative");
        }
    }

    public RetentionSettings withMinFreeDiskBytes(long value) {
        return new RetentionSettings(keepTaskFiles, keepTaskRows, sweepEvery, value);
    }

    /** The answer to a Re-roll or Extend of a task whose files the sweep removed. */
    String noLongerKept(String taskId) {
        return Texts.t("task.noLongerKept", "taskId", taskId, "kept", days(keepTaskFiles));
    }

    private static String days(Duration d) {
        long days = d.toDays();
        if (days >= 1 && d.equals(Duration.ofDays(days))) {
            return Texts.tn("unit.days", days);
        }
        return Texts.tn("unit.hours", Math.max(1, d.toHours()));
    }
}
