package dev.seedancebot.core.engine;

import dev.seedancebot.core.task.QueueSpot;
import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.request.Intent;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import dev.seedancebot.core.task.TaskState;

/**
 * The {@code task} table. State changes are compare-and-set ({@code WHERE state = expected}), so two threads, or a
 * restart racing a late callback, can never both move a task forward.
 *
 * <p>Leases (see {@code V3__task_leases.sql}): this store acts for one instance, {@code owner}. A task is worked on
 * only under that instance's lease: {@link #insert} leases the new task, {@link #claimDueForPoll} and
 * {@link #claimStranded} lease tasks in one short {@code FOR UPDATE SKIP LOCKED} transaction, so two instances never
 * claim the same task; {@link #transition} and {@link #update} only succeed while the lease is still the owner's,
 * and release it when the task ends or goes back to waiting for its next poll. Lease times are database time, so the
 * instances' clocks need not agree.
 */
final class JdbcTaskStore {
    private static final String COLUMNS = "id, parent_id, platform, user_id, community_id, chat_id, thread_id,"
            + " reply_to_message_id, role_ids, state, mode, intent, prompt, options_json, media_json, cost,"
            + " provider_task_id, provider_state, progress, poll_count, next_poll_at, slow_notice_sent, result_url,"
            + " result_bytes, delivery_attempts, progress_message_id, delivered_message_id, error_kind,"
            + " error_message, created_at, submitted_at, finished_at, updated_at";
    private static final String SELECTED = COLUMNS + ", queue_position, queue_wait_seconds";

    /** Database time plus the lease (bound as milliseconds): portable between H2 and PostgreSQL. */
    private static final String LEASE_END = "CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND";
    private static final String LEASE_FREE = "(lease_until IS NULL OR lease_until < CURRENT_TIMESTAMP)";

    private final DataSource dataSource;
    private final String lockClaimed;
    private final TaskCodec codec = new TaskCodec();
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
        this.owner = owner;
        this.leaseMillis = lease.toMillis();
    }

    /**
     * Stores a new task, leased to the owner (who sends its create call). {@code sourceKey} (nullable) is unique: a
     * second task from the same platform event fails with an {@link IllegalStateException}.
     */
    void insert(TaskRecord t, String mode, Instant now, String sourceKey, String language) {
        String sql = "INSERT INTO task (" + COLUMNS + ", source_key, language, lease_owner, lease_until)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?," + LEASE_END + ")";
        run(sql, ps -> {
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
            ps.setString(i++, codec.options(t.options()));
            ps.setString(i++, codec.media(t.media()));
            ps.setLong(i++, t.cost());
            ps.setString(i++, t.providerTaskId());
            ps.setString(i++, t.providerState());
            ps.setInt(i++, t.progress());
            ps.setInt(i++, t.pollCount());
            setInstant(ps, i++, t.nextPollAt());
            ps.setBoolean(i++, t.slowNoticeSent());
            ps.setString(i++, t.resultUrl() == null ? null : t.resultUrl().toString());
            ps.setLong(i++, t.resultBytes());
            ps.setInt(i++, t.deliveryAttempts());
            ps.setString(i++, t.progressMessageId());
            ps.setString(i++, t.deliveredMessageId());
            ps.setString(i++, t.errorKind() == null ? null : t.errorKind().name());
            ps.setString(i++, t.errorMessage());
            setInstant(ps, i++, t.createdAt());
            setInstant(ps, i++, t.submittedAt());
            setInstant(ps, i++, t.finishedAt());
            setInstant(ps, i++, now);
            ps.setString(i++, sourceKey);
            ps.setString(i++, language);
            ps.setString(i++, owner);
            ps.setLong(i, leaseMillis);
            return ps.executeUpdate();
        });
    }

    Optional<TaskRecord> findBySourceKey(String sourceKey) {
        return query("SELECT " + SELECTED + " FROM task WHERE source_key = ?", ps -> ps.setString(1, sourceKey))
                .stream()
                .findFirst();
    }

    Optional<TaskRecord> find(String id) {
        return query("SELECT " + SELECTED + " FROM task WHERE id = ?", ps -> ps.setString(1, id)).stream()
                .findFirst();
    }

    /** Keeps the upload limit the platform gave for the task's chat (V10); a plain column, outside any lease. */
    void uploadLimit(String id, long bytes) {
        run("UPDATE task SET upload_limit_bytes = ? WHERE id = ?", ps -> {
            ps.setLong(1, bytes);
            ps.setString(2, id);
            return ps.executeUpdate();
        });
    }

    /** The language of the task's requester (V14); English for a task from before, or one that is gone. */
    Locale language(String id) {
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

    /** The stored upload limit of the task, or -1 when none was kept. */
    long uploadLimit(String id) {
        return query1Long("SELECT COALESCE(MAX(upload_limit_bytes), -1) FROM task WHERE id = ?",
                ps -> ps.setString(1, id));
    }

    void delete(String id) {
        run("DELETE FROM task WHERE id = ?", ps -> {
            ps.setString(1, id);
            return ps.executeUpdate();
        });
    }

    /**
     * Finished tasks whose charge is still reserved: the process stopped between the task's last state change and
     * the ledger's commit or refund, which are separate transactions.
     */
    List<TaskRecord> finishedWithReservedCharge() {
        return query("SELECT " + SELECTED + " FROM task WHERE state IN ('DELIVERED','FAILED','CANCELLED')"
                        + " AND id IN (SELECT task_id FROM quota_charge WHERE state = 'RESERVED')",
                ps -> {});
    }

    /**
     * For each of {@code ids} that has a row: when it finished, or empty while it is not finished. Ids without a row
     * are left out. For the retention sweep ({@link RetentionSweeper}).
     */
    Map<String, Optional<Instant>> finishTimes(List<String> ids) {
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
                    out.put(rs.getString("id"), finished ? Optional.ofNullable(instant(rs, "finished_at"))
                            : Optional.empty());
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("task store: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes up to {@code limit} finished tasks that finished before {@code cutoff}, except those whose failure
     * notice is still pending or whose charge is still reserved (a restart settles them from the row); returns how
     * many. Rows another instance is deleting at the same moment are skipped, and a row already gone is simply not
     * counted, so concurrent sweeps neither wait for nor repeat each other.
     */
    int deleteFinishedBefore(Instant cutoff, int limit) {
        String select = "SELECT id FROM task WHERE state IN ('DELIVERED','FAILED','CANCELLED') AND finished_at < ?"
                + " AND NOT failure_notice_pending"
                + " AND id NOT IN (SELECT task_id FROM quota_charge WHERE state = 'RESERVED')"
                + " ORDER BY finished_at FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY" + lockClaimed;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<String> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(select)) {
                    setInstant(ps, 1, cutoff);
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

    /** Every task that is not finished, oldest first: what a restart must resume. */
    List<TaskRecord> unfinished() {
        return query(
                "SELECT " + SELECTED + " FROM task WHERE state NOT IN ('DELIVERED','FAILED','CANCELLED')"
                        + " ORDER BY created_at",
                ps -> {});
    }

    /**
     * Leases up to {@code limit} submitted tasks whose next poll is due and that no live instance holds, soonest
     * first. Rows another instance is claiming at the same moment are skipped, not waited for.
     */
    List<TaskRecord> claimDueForPoll(Instant now, int limit) {
        return claim("SELECT " + SELECTED + " FROM task WHERE state = 'SUBMITTED' AND next_poll_at <= ? AND "
                        + LEASE_FREE + " ORDER BY next_poll_at FETCH FIRST " + Math.max(1, limit)
                        + " ROWS ONLY" + lockClaimed,
                ps -> setInstant(ps, 1, now));
    }

    /**
     * Leases up to {@code limit} unfinished tasks that are not waiting for a poll and whose lease is free or lapsed:
     * the work of an instance that died (or of this one's previous run), including failed tasks whose notice was
     * not posted yet ({@link #fail}). Tasks that wait to be posted are only taken for {@code deliverable}
     * platforms, the ones this instance has an adapter for.
     */
    List<TaskRecord> claimStranded(int limit, Set<Platform> deliverable) {
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

    /** Extends every lease the owner holds; returns how many. */
    int renewLeases() {
        return run("UPDATE task SET lease_until = " + LEASE_END + " WHERE lease_owner = ?", ps -> {
            ps.setLong(1, leaseMillis);
            ps.setString(2, owner);
            return ps.executeUpdate();
        });
    }

    /** Extends the owner's lease on one task while it is in {@code state}; false if the lease or state is gone. */
    boolean renew(String id, TaskState state) {
        return run("UPDATE task SET lease_until = " + LEASE_END + " WHERE id = ? AND state = ? AND lease_owner = ?",
                        ps -> {
                            ps.setLong(1, leaseMillis);
                            ps.setString(2, id);
                            ps.setString(3, state.name());
                            ps.setString(4, owner);
                            return ps.executeUpdate();
                        })
                == 1;
    }

    /** Gives up the owner's lease on one task, so that another instance (or a later claim) may take it. */
    void release(String id) {
        run("UPDATE task SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?", ps -> {
            ps.setString(1, id);
            ps.setString(2, owner);
            return ps.executeUpdate();
        });
    }

    /**
     * Frees leases left from an earlier run: those held under the owner's id, or with {@code everyone} all leases
     * (right when only one instance can use the database). Returns how many.
     */
    int releaseLeftoverLeases(boolean everyone) {
        return run("UPDATE task SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL"
                        + (everyone ? "" : " AND lease_owner = ?"),
                ps -> {
                    if (!everyone) {
                        ps.setString(1, owner);
                    }
                    return ps.executeUpdate();
                });
    }

    List<TaskRecord> recentByUser(UserKey user, int limit) {
        return query(
                "SELECT " + SELECTED + " FROM task WHERE platform = ? AND user_id = ? ORDER BY created_at DESC"
                        + " FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
                ps -> {
                    ps.setString(1, user.platform().name());
                    ps.setString(2, user.userId());
                });
    }

    int countInState(TaskState state) {
        return query1Int("SELECT COUNT(*) FROM task WHERE state = ?", ps -> ps.setString(1, state.name()));
    }

    /**
     * Moves a task the owner holds from {@code from} to {@code to}, applying {@code changes}; false if it was not in
     * {@code from} or its lease is no longer the owner's. The lease is released when the task ends or waits for its
     * next poll ({@link TaskState#SUBMITTED}), and renewed otherwise.
     */
    boolean transition(String id, TaskState from, TaskState to, Changes changes, Instant now) {
        boolean release = to.isTerminal() || to == TaskState.SUBMITTED;
        return write(id, from, to, changes, now,
                        release ? "lease_owner = NULL, lease_until = NULL" : "lease_until = " + LEASE_END,
                        !release, true)
                == 1;
    }

    /**
     * Moves a task the owner holds from {@code from} to {@code FAILED} with its failure notice pending: unlike
     * {@link #transition} it keeps the lease, so that no other claim posts the notice while the owner does; the
     * owner then calls {@link #failureNoticePosted}. If the owner dies first, {@link #claimStranded} hands the
     * notice to whoever claims the task next.
     */
    boolean fail(String id, TaskState from, Changes changes, Instant now) {
        return write(id, from, TaskState.FAILED, changes.and("failure_notice_pending", true), now,
                        "lease_until = " + LEASE_END, true, true)
                == 1;
    }

    /** Clears a failed task's pending notice and releases the owner's lease on it. */
    void failureNoticePosted(String id) {
        run("UPDATE task SET failure_notice_pending = FALSE, lease_owner = NULL, lease_until = NULL"
                + " WHERE id = ? AND lease_owner = ?", ps -> {
                    ps.setString(1, id);
                    ps.setString(2, owner);
                    return ps.executeUpdate();
                });
    }

    /** Applies {@code changes} to a task the owner holds, only while it is still in {@code state}; see transition. */
    boolean update(String id, TaskState state, Changes changes, Instant now) {
        return transition(id, state, state, changes, now);
    }

    /**
     * Applies {@code changes} while the task is in {@code state}, whoever holds it and leaving its lease alone: for
     * cosmetic columns (the progress message) and for facts about a task that has already ended.
     */
    boolean annotate(String id, TaskState state, Changes changes, Instant now) {
        return write(id, state, state, changes, now, null, false, false) == 1;
    }

    /**
     * Cancels a task in {@code from}, whoever holds it (a cancel can arrive on any instance), and releases its lease;
     * the holder's own next compare-and-set then fails and it stops.
     */
    boolean cancel(String id, TaskState from, Changes changes, Instant now) {
        return write(id, from, TaskState.CANCELLED, changes, now, "lease_owner = NULL, lease_until = NULL", false,
                        false)
                == 1;
    }

    private int write(String id, TaskState from, TaskState to, Changes changes, Instant now, String leaseSet,
            boolean leaseParam, boolean ownerOnly) {
        StringBuilder sql = new StringBuilder("UPDATE task SET state = ?, updated_at = ?");
        for (String column : changes.columns) {
            sql.append(", ").append(column).append(" = ?");
        }
        if (leaseSet != null) {
            sql.append(", ").append(leaseSet);
        }
        sql.append(" WHERE id = ? AND state = ?");
        if (ownerOnly) {
            sql.append(" AND lease_owner = ?");
        }
        return run(sql.toString(), ps -> {
            int i = 1;
            ps.setString(i++, to.name());
            setInstant(ps, i++, now);
            for (Object value : changes.values) {
                setValue(ps, i++, value);
            }
            if (leaseParam) {
                ps.setLong(i++, leaseMillis);
            }
            ps.setString(i++, id);
            ps.setString(i++, from.name());
            if (ownerOnly) {
                ps.setString(i, owner);
            }
            return ps.executeUpdate();
        });
    }

    /** Column updates for {@link #transition}; values are String, Number, Boolean, Instant, URI, enum or null. */
    static final class Changes {
        private final List<String> columns = new ArrayList<>();
        private final List<Object> values = new ArrayList<>();

        static Changes none() {
            return new Changes();
        }

        static Changes of(String column, Object value) {
            return new Changes().and(column, value);
        }

        Changes and(String column, Object value) {
            columns.add(column);
            values.add(value);
            return this;
        }
    }

    private TaskRecord map(ResultSet rs) throws SQLException {
        Platform platform = Platform.valueOf(rs.getString("platform"));
        String roles = rs.getString("role_ids");
        Set<String> roleIds =
                roles.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(roles.split(",")));
        String resultUrl = rs.getString("result_url");
        String errorKind = rs.getString("error_kind");
        return new TaskRecord(
                rs.getString("id"),
                rs.getString("parent_id"),
                new UserKey(platform, rs.getString("user_id")),
                new ChatRef(
                        platform,
                        rs.getString("community_id"),
                        rs.getString("chat_id"),
                        rs.getString("thread_id"),
                        rs.getString("reply_to_message_id")),
                roleIds,
                TaskState.valueOf(rs.getString("state")),
                Intent.valueOf(rs.getString("intent")),
                rs.getString("prompt"),
                codec.options(rs.getString("options_json")),
                codec.media(rs.getString("media_json")),
                rs.getLong("cost"),
                rs.getString("provider_task_id"),
                rs.getString("provider_state"),
                rs.getInt("progress"),
                rs.getInt("poll_count"),
                instant(rs, "next_poll_at"),
                rs.getBoolean("slow_notice_sent"),
                resultUrl == null ? null : URI.create(resultUrl),
                rs.getLong("result_bytes"),
                rs.getInt("delivery_attempts"),
                rs.getString("progress_message_id"),
                rs.getString("delivered_message_id"),
                errorKind == null ? null : ErrorKind.valueOf(errorKind),
                rs.getString("error_message"),
                instant(rs, "created_at"),
                instant(rs, "submitted_at"),
                instant(rs, "finished_at"),
                queueSpot(rs));
    }

    private static QueueSpot queueSpot(ResultSet rs) throws SQLException {
        int position = rs.getInt("queue_position");
        if (rs.wasNull() || !"RECEIVED".equals(rs.getString("state"))) {
            return null;
        }
        return new QueueSpot(position, Duration.ofSeconds(rs.getLong("queue_wait_seconds")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, value.atOffset(ZoneOffset.UTC));
        }
    }

    private static void setValue(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setObject(index, null);
        } else if (value instanceof Instant instant) {
            setInstant(ps, index, instant);
        } else if (value instanceof Timestamp ts) {
            setInstant(ps, index, ts.toInstant());
        } else if (value instanceof Enum<?> e) {
            ps.setString(index, e.name());
        } else if (value instanceof URI uri) {
            ps.setString(index, uri.toString());
        } else {
            ps.setObject(index, value);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface Work {
        int run(PreparedStatement ps) throws SQLException;
    }

    private int run(String sql, Work work) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            return work.run(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("task store: " + e.getMessage(), e);
        }
    }

    /** Selects rows {@code FOR UPDATE SKIP LOCKED} and leases them to the owner, in one transaction. */
    private List<TaskRecord> claim(String selectForUpdate, Binder binder) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<TaskRecord> claimed = new ArrayList<>();
                try (PreparedStatement select = c.prepareStatement(selectForUpdate)) {
                    binder.bind(select);
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            claimed.add(map(rs));
                        }
                    }
                }
                if (!claimed.isEmpty()) {
                    try (PreparedStatement lease = c.prepareStatement(
                            "UPDATE task SET lease_owner = ?, lease_until = " + LEASE_END + " WHERE id = ?")) {
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

    private List<TaskRecord> query(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<TaskRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("task store: " + e.getMessage(), e);
        }
    }

    private int query1Int(String sql, Binder binder) {
        return Math.toIntExact(query1Long(sql, binder));
    }

    private long query1Long(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("task store: " + e.getMessage(), e);
        }
    }
}
