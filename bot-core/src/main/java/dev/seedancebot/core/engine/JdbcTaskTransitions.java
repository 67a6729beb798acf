package dev.seedancebot.core.engine;

import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.task.TaskState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link TaskTransitions} on the {@code task} table: each step is one {@code UPDATE ... WHERE id = ? AND state = ?}
 * (and {@code AND lease_owner = ?} where the holder must act), which also renews or releases the lease.
 */
final class JdbcTaskTransitions implements TaskTransitions {
    private final TaskRows rows;
    private final String owner;
    private final long leaseMillis;

    JdbcTaskTransitions(TaskRows rows, String owner, Duration lease) {
        this.rows = rows;
        this.owner = owner;
        this.leaseMillis = lease.toMillis();
    }

    @Override
    public boolean markSubmitting(String id, Instant now) {
        return transition(id, TaskState.RECEIVED, TaskState.SUBMITTING, Changes.none(), now);
    }

    @Override
    public boolean markResubmitting(String id, VideoOptions options, Instant now) {
        return transition(id, TaskState.SUBMITTED, TaskState.SUBMITTING,
                Changes.of("options_json", rows.codec().options(options)), now);
    }

    @Override
    public boolean markSubmitted(String id, String providerId, Instant firstPollAt, Instant now) {
        return transition(id, TaskState.SUBMITTING, TaskState.SUBMITTED,
                Changes.of("provider_task_id", providerId)
                        .and("submitted_at", now)
                        .and("provider_state", "")
                        .and("progress", 0)
                        .and("next_poll_at", firstPollAt),
                now);
    }

    @Override
    public void recordProviderTaskOfCancelled(String id, String providerId, Instant now) {
        annotate(id, TaskState.CANCELLED, Changes.of("provider_task_id", providerId), now);
    }

    @Override
    public boolean recordPoll(String id, int progress, String providerState, int pollCount, boolean slowNoticeSent,
            Instant nextPollAt, Instant now) {
        return update(id, TaskState.SUBMITTED,
                Changes.of("progress", progress)
                        .and("provider_state", providerState)
                        .and("poll_count", pollCount)
                        .and("slow_notice_sent", slowNoticeSent)
                        .and("not_found_since", null)
                        .and("next_poll_at", nextPollAt),
                now);
    }

    @Override
    public boolean schedulePoll(String id, Instant nextPollAt, Instant now) {
        return update(id, TaskState.SUBMITTED, Changes.of("next_poll_at", nextPollAt), now);
    }

    @Override
    public boolean markSucceeded(String id, URI resultUrl, Long completionTokens, int pollCount, Instant now) {
        return transition(id, TaskState.SUBMITTED, TaskState.SUCCEEDED,
                Changes.of("result_url", resultUrl).and("progress", 100).and("finished_at", now)
                        .and("poll_count", pollCount)
                        .and("completion_tokens", completionTokens),
                now);
    }

    @Override
    public boolean recordDeliveryAttempts(String id, TaskState state, int attempts, Instant now) {
        return update(id, state, Changes.of("delivery_attempts", attempts), now);
    }

    @Override
    public boolean markDelivering(String id, long resultBytes, Instant now) {
        return transition(id, TaskState.SUCCEEDED, TaskState.DELIVERING, Changes.of("result_bytes", resultBytes), now);
    }

    @Override
    public boolean markDelivered(String id, String messageId, Instant now) {
        return transition(id, TaskState.DELIVERING, TaskState.DELIVERED,
                Changes.of("delivered_message_id", messageId), now);
    }

    @Override
    public boolean markFailed(String id, TaskState from, ErrorKind kind, String message, Instant now) {
        return fail(id, from, Changes.of("error_kind", kind).and("error_message", message).and("finished_at", now),
                now);
    }

    @Override
    public boolean markCancelled(String id, TaskState from, String ending, Instant now) {
        return cancel(id, from, Changes.of("finished_at", now).and("error_message", ending), now);
    }

    @Override
    public void recordProgressMessage(String id, TaskState state, String messageId, Instant now) {
        annotate(id, state, Changes.of("progress_message_id", messageId), now);
    }

    /**
     * Moves a task the owner holds from {@code from} to {@code to}, applying {@code changes}; false if it was not in
     * {@code from} or its lease is no longer the owner's. The lease is released when the task ends or waits for its
     * next poll ({@link TaskState#SUBMITTED}), and renewed otherwise.
     */
    private boolean transition(String id, TaskState from, TaskState to, Changes changes, Instant now) {
        boolean release = to.isTerminal() || to == TaskState.SUBMITTED;
        return write(id, from, to, changes, now,
                        release ? "lease_owner = NULL, lease_until = NULL" : "lease_until = " + TaskRows.LEASE_END,
                        !release, true)
                == 1;
    }

    /**
     * Moves a task the owner holds from {@code from} to {@code FAILED} with its failure notice pending: unlike
     * {@link #transition} it keeps the lease, so that no other claim posts the notice while the owner does; the
     * owner then calls {@link #failureNoticePosted}. If the owner dies first, {@link TaskStore#claimStranded} hands the
     * notice to whoever claims the task next.
     */
    private boolean fail(String id, TaskState from, Changes changes, Instant now) {
        return write(id, from, TaskState.FAILED, changes.and("failure_notice_pending", true), now,
                        "lease_until = " + TaskRows.LEASE_END, true, true)
                == 1;
    }

    @Override
    public void failureNoticePosted(String id) {
        rows.run("UPDATE task SET failure_notice_pending = FALSE, lease_owner = NULL, lease_until = NULL"
                + " WHERE id = ? AND lease_owner = ?", ps -> {
                    ps.setString(1, id);
                    ps.setString(2, owner);
                    return ps.executeUpdate();
                });
    }

    /** Applies {@code changes} to a task the owner holds, only while it is still in {@code state}; see transition. */
    private boolean update(String id, TaskState state, Changes changes, Instant now) {
        return transition(id, state, state, changes, now);
    }

    /**
     * Applies {@code changes} while the task is in {@code state}, whoever holds it and leaving its lease alone: for
     * cosmetic columns (the progress message) and for facts about a task that has already ended.
     */
    private boolean annotate(String id, TaskState state, Changes changes, Instant now) {
        return write(id, state, state, changes, now, null, false, false) == 1;
    }

    /**
     * Cancels a task in {@code from}, whoever holds it (a cancel can arrive on any instance), and releases its lease;
     * the holder's own next compare-and-set then fails and it stops.
     */
    private boolean cancel(String id, TaskState from, Changes changes, Instant now) {
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
        return rows.run(sql.toString(), ps -> {
            int i = 1;
            ps.setString(i++, to.name());
            TaskRows.setInstant(ps, i++, now);
            for (Object value : changes.values) {
                TaskRows.setValue(ps, i++, value);
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

    @Override
    public Instant recordNotFound(String id, Instant now) {
        rows.run("UPDATE task SET not_found_since = ? WHERE id = ? AND not_found_since IS NULL", ps -> {
            TaskRows.setInstant(ps, 1, now);
            ps.setString(2, id);
            return ps.executeUpdate();
        });
        Instant since = rows.query1Instant("SELECT not_found_since FROM task WHERE id = ?", ps -> ps.setString(1, id));
        return since == null ? now : since;
    }

    /** Column updates for {@link #transition}; values are String, Number, Boolean, Instant, URI, enum or null. */
    private static final class Changes {
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
}
