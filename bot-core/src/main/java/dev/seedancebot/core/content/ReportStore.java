package dev.seedancebot.core.content;

import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.storage.Jdbc;
import dev.seedancebot.core.storage.UserKeyColumn;
import java.time.Instant;
import java.util.Objects;

/** Who reported which video ({@code task_report}); the primary key keeps it to one report per person and video. */
public final class ReportStore {
    private final Jdbc jdbc;

    public ReportStore(Jdbc jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** Records a report; {@code false} when this person had already reported this video. */
    public boolean record(String taskId, UserKey reporter, Instant at) {
        return jdbc.update("INSERT INTO task_report (task_id, reporter, created_at) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING", taskId, UserKeyColumn.format(reporter), at) == 1;
    }

    /** How many people reported the video. */
    public long count(String taskId) {
        return jdbc.query("SELECT COUNT(*) FROM task_report WHERE task_id = ?", r -> r.getLong(1), taskId).get(0);
    }
}
