package dev.seedancebot.core.engine;

import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.task.TaskState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The {@code task} table: storing, finding, counting and removing tasks, and their leases. The state changes are
 * {@link TaskTransitions}.
 *
 * <p>Leases (see {@code V3__task_leases.sql}): this store acts for one instance, {@code owner}. A task is worked on
 * only under that instance's lease: {@link #insert} leases the new task, {@link #claimDueForPoll} and
 * {@link #claimStranded} lease tasks in one short {@code FOR UPDATE SKIP LOCKED} transaction, so two instances never
 * claim the same task; its state changes ({@link TaskTransitions}) only succeed while the lease is still the
 * owner's, and release it when the task ends or goes back to waiting for its next poll. Lease times are database
 * time, so the instances' clocks need not agree.
 */
final class JdbcTaskStore implements TaskStore {
    private static final String COLUMNS = "id, parent_id, platform, user_id, community_id, chat_id, thread_id,"
            + " reply_to_message_id, role_ids, state, mode, intent, prompt, options_json, media_json, cost,"
            + " provider_task_id, provider_state, progress, poll_count, next_poll_at, slow_notice_sent, result_url,"
            + " result_bytes, delivery_attempts, progress_message_id, delivered_message_id, error_kind,"
            + " error_message, created_at, submitted_at, finished_at, updated_at";
    private static final String SELECTED = COLUMNS + ", queue_position, queue_wait_seconds";

    private static final String LEASE_FREE = "(lease_until IS NULL OR lease_until < CURRENT_TIMESTAMP)";

    private final DataSource dataSource;
    private final String lockClaimed;
    private final TaskRows rows;
    private final String owner;
    private final long leaseMillis;

    /**
     * @param shared whether other instances use the database too (PostgreSQL). Only then do claims lock rows: H2
     *     locks every row a {@code FOR UPDATE} query reads before its limit applies, which made each claim cost
     *     O(tasks in flight) writes (47 polls/s with 10,000 tasks), and one process has a single claiming thread.
     */
    JdbcTaskStore(DataSource dataSource, String owner, Duration lease, boolean shared) {
        this.lockClaimed = shared ? " FOR UPDATE SKIP LOCKED" : "";
        this.dataSource = dataSource;
        this.rows = new TaskRows(dataSource);
        this.owner = owner;
        this.leaseMillis = lease.toMillis();
    }

    @Override
    public void insert(TaskRecord t, String mode, Instant now, String sourceKey, String language) {
        String sql = "INSERT INTO task (" + COLUMNS + ", source_key, language, lease_owner, lease_until)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
                + TaskRows.LEASE_END + ")";
        rows.run(sql, ps -> {
            int i = 1;
            ps.setString(i++, t.id());
            ps.setString(i++, t.parentId());
            ps.setString(i++, t.requester().platform().name());
            ps.setString(i++, t.requester().userId());
            ps.setString(i++, t.chat().communityId());
            ps.setString(i++, t.chat().chatId());
            ps.setString(i++, t.chat().threadId());
            ps.setString(i++, t.chat().replyToMessageId());
            ps.setString(i++, String.join(",", t.roleIds()));
            ps.setString(i++, t.state().name());
            ps.setString(i++, mode);
            ps.setString(i++, t.intent().name());
            ps.setString(i++, t.prompt());
            ps.setString(i++, rows.codec().options(t.options()));
            ps.setString(i++, rows.codec().media(t.media()));
            ps.setLong(i++, t.cost());
            ps.setString(i++, t.providerTaskId());
            ps.setString(i++, t.providerState());
            ps.setInt(i++, t.progress());
            ps.setInt(i++, t.pollCount());
            TaskRows.setInstant(ps, i++, t.nextPollAt());
            ps.setBoolean(i++, t.slowNoticeSent());
            ps.setString(i++, t.resultUrl() == null ? null : t.resultUrl().toString());
            ps.setLong(i++, t.resultBytes());
            ps.setInt(i++, t.deliveryAttempts());
            ps.setString(i++, t.progressMessageId());
            ps.setString(i++, t.deliveredMessageId());
            ps.setString(i++, t.errorKind() == null ? null : t.errorKind().name());
            ps.setString(i++, t.errorMessage());
            TaskRows.setInstant(ps, i++, t.createdAt());
            TaskRows.setInstant(ps, i++, t.submittedAt());
            TaskRows.setInstant(ps, i++, t.finishedAt());
            TaskRows.setInstant(ps, i++, now);
            ps.setString(i++, sourceKey);
            ps.setString(i++, language);
            ps.setString(i++, owner);
            ps.setLong(i, leaseMillis);
            return ps.executeUpdate();
        });
    }

    @Override
    public Optional<TaskRecord> findBySourceKey(String sourceKey) {
        return rows.query("SELECT " + SELECTED + " FROM task WHERE source_key = ?", ps -> ps.setString(1, sourceKey))
                .stream()
                .findFirst();
    }

    @Override
    public Optional<TaskRecord> find(String id) {
        return rows.query("SELECT " + SELECTED + " FROM task WHERE id = ?", ps -> ps.setString(1, id)).stream()
                .findFirst();
    }

    @Override
    public void uploadLimit(String id, long bytes) {
        rows.run("UPDATE task SET upload_limit_bytes = ? WHERE id = ?", ps -> {
            ps.setLong(1, bytes);
            ps.setString(2, id);
            return ps.executeUpdate();
        });
    }

    @Override
    public Locale language(String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT language FROM task WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return (rs.next() ? Languages.match(rs.getString(1)) : Optional.<Locale>empty())
                        .orElse(Languages.ENGLISH);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("task store: " + e.getMessage(), e);
        }
    }

    @Override
    public long uploadLimit(String id) {
        return rows.query1Long("SELECT COALESCE(MAX(upload_limit_bytes), -1) FROM task WHERE id = ?",
                ps -> ps.setString(1, id));
    }

    @Override
    public void delete(String id) {
        rows.run("DELETE FROM task WHERE id = ?", ps -> {
            ps.setString(1, id);
            return ps.executeUpdate();
        });
    }

    @Override
    public List<TaskRecord> finishedWithReservedCharge() {
        return rows.query("SELECT " + SELECTED + " FROM task WHERE state IN ('DELIVERED','FAILED','CANCELLED')"
                        + " AND id IN (SELECT task_id FROM quota_charge WHERE state = 'RESERVED')",
                ps -> {});
    }

    @Override
    public Map<String, Optional<Instant>> finishTimes(List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
        Map<String, Optional<Instant>> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, state, finished_at FROM task WHERE id IN (" + marks + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setString(i + 1, ids.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean finished = TaskState.valueOf(rs.getString("state")).isTerminal();
                    out.put(rs.getString("id"), finished ? Optional.ofNullable(TaskRows.instant(rs, "finished_at"))
                            : Optional.empty());
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("task store: " + e.getMessage(), e);
        }
    }

    @Override
    public int deleteFinishedBefore(Instant cutoff, int limit) {
        String select = "SELECT id FROM task WHERE state IN ('DELIVERED','FAILED','CANCELLED') AND finished_at < ?"
                + " AND NOT failure_notice_pending"
                + " AND id NOT IN (SELECT task_id FROM quota_charge WHERE state = 'RESERVED')"
                + " ORDER BY finished_at FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY" + lockClaimed;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<String> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(select)) {
                    TaskRows.setInstant(ps, 1, cutoff);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getString(1));
                        }
                    }
                }
                int deleted = 0;
                if (!ids.isEmpty()) {
                    try (PreparedStatement delete = c.prepareStatement("DELETE FROM task WHERE id = ?"
                            + " AND state IN ('DELIVERED','FAILED','CANCELLED') AND NOT failure_notice_pending")) {
                        for (String id : ids) {
                            delete.setString(1, id);
                            delete.addBatch();
                        }
                        for (int n : delete.executeBatch()) {
                            deleted += Math.max(n, 0);
                        }
                    }
                }
                c.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("task store: " + e.getMessage(), e);
        }
    }

    @Override
    public List<TaskRecord> unfinished() {
        return rows.query(
                "SELECT " + SELECTED + " FROM task WHERE state NOT IN ('DELIVERED','FAILED','CANCELLED')"
                        + " ORDER BY created_at",
                ps -> {});
    }

    @Override
    public List<TaskRecord> claimDueForPoll(Instant now, int limit) {
        return claim("SELECT " + SELECTED + " FROM task WHERE state = 'SUBMITTED' AND next_poll_at <= ? AND "
                        + LEASE_FREE + " ORDER BY next_poll_at FETCH FIRST " + Math.max(1, limit)
                        + " ROWS ONLY" + lockClaimed,
                ps -> TaskRows.setInstant(ps, 1, now));
    }

    @Override
    public List<TaskRecord> claimStranded(int limit, Set<Platform> deliverable) {
        String platforms = deliverable.stream().map(p -> "'" + p.name() + "'").collect(Collectors.joining(","));
        String posting = deliverable.isEmpty()
                ? ""
                : " OR ((state IN ('SUCCEEDED','DELIVERING') OR (state = 'FAILED' AND failure_notice_pending))"
                        + " AND platform IN (" + platforms + "))";
        // a RECEIVED task with a queue order waits in the queue, which any instance dispatches; without one it was
        // stored but not charged when its instance stopped
        return claim("SELECT " + SELECTED + " FROM task WHERE (state = 'SUBMITTING'"
                        + " OR (state = 'RECEIVED' AND queue_order IS NULL)" + posting + ") AND "
                        + LEASE_FREE + " ORDER BY created_at FETCH FIRST " + Math.max(1, limit)
                        + " ROWS ONLY" + lockClaimed,
                ps -> {});
    }

    @Override
    public int renewLeases() {
        return rows.run("UPDATE task SET lease_until = " + TaskRows.LEASE_END + " WHERE lease_owner = ?", ps -> {
            ps.setLong(1, leaseMillis);
            ps.setString(2, owner);
            return ps.executeUpdate();
        });
    }

    @Override
    public boolean renew(String id, TaskState state) {
        return rows.run("UPDATE task SET lease_until = " + TaskRows.LEASE_END
                        + " WHERE id = ? AND state = ? AND lease_owner = ?",
                        ps -> {
                            ps.setLong(1, leaseMillis);
                            ps.setString(2, id);
                            ps.setString(3, state.name());
                            ps.setString(4, owner);
                            return ps.executeUpdate();
                        })
                == 1;
    }

    @Override
    public void release(String id) {
        rows.run("UPDATE task SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?", ps -> {
            ps.setString(1, id);
            ps.setString(2, owner);
            return ps.executeUpdate();
        });
    }

    @Override
    public int releaseLeftoverLeases(boolean everyone) {
        return rows.run("UPDATE task SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL"
                        + (everyone ? "" : " AND lease_owner = ?"),
                ps -> {
                    if (!everyone) {
                        ps.setString(1, owner);
                    }
                    return ps.executeUpdate();
                });
    }

    @Override
    public List<TaskRecord> recentByUser(UserKey user, int limit) {
        return rows.query(
                "SELECT " + SELECTED + " FROM task WHERE platform = ? AND user_id = ? ORDER BY created_at DESC"
                        + " FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
                ps -> {
                    ps.setString(1, user.platform().name());
                    ps.setString(2, user.userId());
                });
    }

    @Override
    public int countInState(TaskState state) {
        return rows.query1Int("SELECT COUNT(*) FROM task WHERE state = ?", ps -> ps.setString(1, state.name()));
    }

    /** Selects rows {@code FOR UPDATE SKIP LOCKED} and leases them to the owner, in one transaction. */
    private List<TaskRecord> claim(String selectForUpdate, TaskRows.Binder binder) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<TaskRecord> claimed = new ArrayList<>();
                try (PreparedStatement select = c.prepareStatement(selectForUpdate)) {
                    binder.bind(select);
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            claimed.add(rows.map(rs));
                        }
                    }
                }
                if (!claimed.isEmpty()) {
                    try (PreparedStatement lease = c.prepareStatement(
                            "UPDATE task SET lease_owner = ?, lease_until = " + TaskRows.LEASE_END + " WHERE id = ?")) {
                        for (TaskRecord task : claimed) {
                            lease.setString(1, owner);
                            lease.setLong(2, leaseMillis);
                            lease.setString(3, task.id());
                            lease.addBatch();
                        }
                        lease.executeBatch();
                    }
                }
                c.commit();
                return claimed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("task store: " + e.getMessage(), e);
        }
    }
}
