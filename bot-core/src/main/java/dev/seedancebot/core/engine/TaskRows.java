package dev.seedancebot.core.engine;

import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.request.Intent;
import dev.seedancebot.core.task.QueueSpot;
import dev.seedancebot.core.task.TaskState;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The JDBC plumbing of the {@code task} table, shared by {@link JdbcTaskStore} and {@link JdbcTaskTransitions}:
 * running statements, binding values and reading rows into {@link TaskRecord}s. Every SQL fault becomes an
 * {@link IllegalStateException} naming the task store.
 */
final class TaskRows {
    /** Database time plus the lease (bound as milliseconds): portable between H2 and PostgreSQL. */
    static final String LEASE_END = "CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND";

    private final DataSource dataSource;
    private final TaskCodec codec = new TaskCodec();

    TaskRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    TaskCodec codec() {
        return codec;
    }

    TaskRecord map(ResultSet rs) throws SQLException {
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

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, value.atOffset(ZoneOffset.UTC));
        }
    }

    static void setValue(PreparedStatement ps, int index, Object value) throws SQLException {
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

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    interface Work {
        int run(PreparedStatement ps) throws SQLException;
    }

    int run(String sql, Work work) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            return work.run(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("task store: " + e.getMessage(), e);
        }
    }

    List<TaskRecord> query(String sql, Binder binder) {
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

    int query1Int(String sql, Binder binder) {
        return Math.toIntExact(query1Long(sql, binder));
    }

    long query1Long(String sql, Binder binder) {
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

    /** The first column of the first row as an instant; null when there is no row or the value is null. */
    Instant query1Instant(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                OffsetDateTime value = rs.next() ? rs.getObject(1, OffsetDateTime.class) : null;
                return value == null ? null : value.toInstant();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("task store: " + e.getMessage(), e);
        }
    }
}
