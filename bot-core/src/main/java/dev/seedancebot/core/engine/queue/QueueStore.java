package dev.seedancebot.core.engine.queue;

import dev.seedancebot.core.storage.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;

/**
 * The queue's view of the {@code task} table and the {@code queue_gate} and {@code queue_lane} tables (V11).
 *
 * <p>Every instance dispatches; {@link #claim} serializes them on the one gate row ({@code SELECT ... FOR UPDATE}),
 * counts the tasks in flight and leases at most the free slots' worth of waiting tasks to this instance in the same
 * transaction, so the cap holds across instances. A claimed task stays {@code RECEIVED} until its create call starts
 * (so a cancel before then still refunds in full); if its instance dies first, the lease lapses and the task waits
 * again. Waiting rows are selected
 * {@code FOR UPDATE SKIP LOCKED} on PostgreSQL; on H2 (one instance) the gate alone suffices, and H2's
 * {@code FOR UPDATE} would lock every row it reads.
 */
final class QueueStore {
    /** Database time plus the lease, as {@code JdbcTaskStore} writes it. */
    private static final String LEASE_END = "CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND";
    private static final String LEASE_FREE = "(lease_until IS NULL OR lease_until < CURRENT_TIMESTAMP)";
    /** Queued and not claimed: a claimed task keeps its state until its create call starts, but holds a lease. */
    static final String WAITING = "state = 'RECEIVED' AND queue_order IS NOT NULL AND " + LEASE_FREE;
    /**
     * Claimed (its create is about to be sent), being sent, or accepted and not finished at the provider: two counts,
     * so that each is an index range ({@code task_due}, {@code task_state_lease}) and not a scan of every task.
     */
    private static final String IN_FLIGHT = "SELECT (SELECT COUNT(*) FROM task WHERE state IN ('SUBMITTING',"
            + "'SUBMITTED')) + (SELECT COUNT(*) FROM task WHERE state = 'RECEIVED' AND lease_until >= CURRENT_TIMESTAMP"
            + " AND queue_order IS NOT NULL)";
    private static final String LANE = "platform || ':' || COALESCE(community_id, '')";
    private static final int POSITION_BATCH = 100;

    /** A task leased to this instance to send, and when it was asked for. */
    record Claimed(String taskId, Instant createdAt) {}

    /**
     * What one {@link #claim} took; {@code slotsLeft}: a slot stayed free because nothing more was waiting, so a task
     * queued next can be sent at once. False when the cap was reached or dispatch is held.
     */
    record Claim(List<Claimed> tasks, boolean slotsLeft) {
        static final Claim NONE_FREE = new Claim(List.of(), false);
    }

    /** The gate row. {@code effectiveCap} below 0: never lowered. */
    record Gate(double effectiveCap, Instant holdUntil, boolean paused, int pushbacks, double virtualTime) {}

    /** A waiting task, for {@link QueuePositions}. */
    record Waiting(String taskId, String communityKey, String userKey, long order, Integer position, Long waitSeconds) {}

    private final Jdbc jdbc;
    private final String owner;
    private final long leaseMillis;
    private final String skipLocked;

    QueueStore(DataSource dataSource, String owner, Duration lease, boolean shared) {
        this.jdbc = new Jdbc(dataSource);
        this.owner = owner;
        this.leaseMillis = lease.toMillis();
        this.skipLocked = shared ? " FOR UPDATE SKIP LOCKED" : "";
    }

    /** Puts a stored, charged task into the queue and gives up its lease: any instance may now dispatch it. */
    boolean enqueue(String taskId, long order) {
        return jdbc.update("UPDATE task SET queue_order = COALESCE(queue_order, ?), lease_owner = NULL,"
                + " lease_until = NULL WHERE id = ? AND state = 'RECEIVED'", order, taskId) == 1;
    }

    /**
     * Puts a task the provider pushed back before accepting it at the head of its lane again: its order key is
     * kept, so it is older than everything else in the lane.
     */
    boolean requeue(String taskId, Instant now) {
        return jdbc.update("UPDATE task SET state = 'RECEIVED', updated_at = ?, lease_owner = NULL, lease_until = NULL"
                + " WHERE id = ? AND state = 'SUBMITTING' AND lease_owner = ?", now, taskId, owner) == 1;
    }

    /** Claims up to the free slots of waiting tasks in the fair order; see the class comment. */
    Claim claim(Instant now, int maxInFlight, ToDoubleFunction<String> weight) {
        return jdbc.inTransaction(c -> {
            Gate gate = lockGate(c);
            if (gate.holdUntil() != null && now.isBefore(gate.holdUntil())) {
                return Claim.NONE_FREE;
            }
            int free = (int) Math.floor(effective(gate, maxInFlight)) - inFlight(c);
            if (free <= 0) {
                return Claim.NONE_FREE;
            }
            List<FairOrder.Lane> lanes = Jdbc.query(c, "SELECT " + LANE + " AS lane, user_id, COUNT(*) AS n,"
                            + " MIN(queue_order) AS head FROM task WHERE " + WAITING
                            + " GROUP BY platform, community_id, user_id",
                    r -> new FairOrder.Lane(r.getString("lane"), r.getString("user_id"), r.getInt("n"),
                            r.getLong("head")));
            if (lanes.isEmpty()) {
                return new Claim(List.of(), true);
            }
            FairOrder order = new FairOrder(gate.virtualTime(), tags(c), lanes, weight);
            Map<String, Integer> waitingIn = new HashMap<>();
            lanes.forEach(l -> waitingIn.put(FairOrder.key(l.communityKey(), l.userKey()), l.waiting()));
            Map<String, ArrayDeque<Claimed>> rows = new HashMap<>();
            List<Claimed> claimed = new ArrayList<>();
            try (PreparedStatement move = c.prepareStatement("UPDATE task SET updated_at = ?,"
                    + " queue_position = NULL, queue_wait_seconds = NULL, lease_owner = ?, lease_until = " + LEASE_END
                    + " WHERE id = ? AND " + WAITING)) {
                while (claimed.size() < free) {
                    FairOrder.Lane lane = order.next();
                    if (lane == null) {
                        break;
                    }
                    String key = FairOrder.key(lane.communityKey(), lane.userKey());
                    ArrayDeque<Claimed> ready = rows.get(key);
                    if (ready == null) {
                        ready = new ArrayDeque<>(Jdbc.query(c, "SELECT id, created_at FROM task WHERE " + WAITING
                                        + " AND " + LANE + " = ? AND user_id = ? ORDER BY queue_order FETCH FIRST "
                                        + Math.min(free, waitingIn.get(key)) + " ROWS ONLY" + skipLocked,
                                r -> new Claimed(r.getString("id"), Jdbc.instant(r, "created_at")),
                                lane.communityKey(), lane.userKey()));
                        rows.put(key, ready);
                    }
                    Claimed task = ready.poll();
                    if (task == null) {
                        // its rows are locked by another transaction right now: not this lane's turn after all
                        order.skipLast();
                        continue;
                    }
                    move.setObject(1, now.atOffset(ZoneOffset.UTC));
                    move.setString(2, owner);
                    move.setLong(3, leaseMillis);
                    move.setString(4, task.taskId());
                    if (move.executeUpdate() == 1) {
                        claimed.add(task);
                    }
                }
            }
            saveTags(c, order);
            return new Claim(claimed, claimed.size() < free);
        });
    }

    private static double effective(Gate gate, int maxInFlight) {
        return gate.effectiveCap() < 0 ? maxInFlight : Math.max(1, Math.min(maxInFlight, gate.effectiveCap()));
    }

    private static Map<String, FairOrder.Tags> tags(Connection c) throws SQLException {
        Map<String, FairOrder.Tags> tags = new HashMap<>();
        Jdbc.query(c, "SELECT community_key, user_key, finish_time, inner_time FROM queue_lane", r -> {
            tags.put(FairOrder.key(r.getString(1), r.getString(2)), new FairOrder.Tags(r.getDouble(3), r.getDouble(4)));
            return null;
        });
        return tags;
    }

    private static void saveTags(Connection c, FairOrder order) throws SQLException {
        for (FairOrder.Update u : order.updates()) {
            if (u.tags() == null) {
                Jdbc.update(c, "DELETE FROM queue_lane WHERE community_key = ? AND user_key = ?", u.communityKey(),
                        u.userKey());
            } else if (Jdbc.update(c, "UPDATE queue_lane SET finish_time = ?, inner_time = ? WHERE community_key = ?"
                    + " AND user_key = ?", u.tags().finish(), u.tags().inner(), u.communityKey(), u.userKey()) == 0) {
                Jdbc.update(c, "INSERT INTO queue_lane (community_key, user_key, finish_time, inner_time)"
                        + " VALUES (?,?,?,?)", u.communityKey(), u.userKey(), u.tags().finish(), u.tags().inner());
            }
        }
        Jdbc.update(c, "UPDATE queue_gate SET virtual_time = ? WHERE id = 1", order.virtualTime());
    }

    /**
     * Multiplicative decrease after a push-back: the effective cap becomes {@code decrease} times what the provider
     * held (never below 1), and dispatch holds for {@code hold}. Refusals that arrive while an earlier one's hold
     * lasts only requeue their task: one overload is one decrease, not one per create that was in flight.
     */
    void pushedBack(Instant now, int maxInFlight, double decrease, java.util.function.IntFunction<Duration> backoff,
            Duration retryAfter) {
        jdbc.inTransaction(c -> {
            Gate gate = lockGate(c);
            if (gate.holdUntil() != null && now.isBefore(gate.holdUntil())) {
                return null;
            }
            int held = Jdbc.query(c, "SELECT COUNT(*) FROM task WHERE state = 'SUBMITTED'", r -> r.getInt(1)).get(0);
            double cap = Math.max(1, Math.min(effective(gate, maxInFlight), held) * decrease);
            Duration hold = backoff.apply(gate.pushbacks() + 1);
            if (retryAfter != null && retryAfter.compareTo(hold) > 0) {
                hold = retryAfter;
            }
            Jdbc.update(c, "UPDATE queue_gate SET effective_cap = ?, pushbacks = pushbacks + 1, hold_until = ?"
                    + " WHERE id = 1", cap, now.plus(hold));
            return null;
        });
    }

    /**
     * Additive increase after an accepted create: one more slot per effective-cap creates, up to the configured cap;
     * the push-back streak and any pause end. Writes only while there is something to undo.
     */
    void accepted(int maxInFlight) {
        jdbc.update("UPDATE queue_gate SET effective_cap = CASE WHEN effective_cap < 0 THEN effective_cap"
                        + " ELSE LEAST(?, effective_cap + 1.0 / GREATEST(effective_cap, 1.0)) END,"
                        + " pushbacks = 0, paused = FALSE WHERE id = 1"
                        + " AND ((effective_cap >= 0 AND effective_cap < ?) OR pushbacks > 0 OR paused)",
                (double) maxInFlight, (double) maxInFlight);
    }

    /** Pauses all dispatch until {@code until} (out of balance), or resumes it at once with {@code null}. */
    void pause(Instant until) {
        if (until == null) {
            jdbc.update("UPDATE queue_gate SET paused = FALSE, hold_until = NULL, pushbacks = 0 WHERE id = 1");
        } else {
            jdbc.update("UPDATE queue_gate SET paused = TRUE, hold_until = ? WHERE id = 1", until);
        }
    }

    Gate gate() {
        return jdbc.inTransaction(c -> Jdbc.query(c, "SELECT effective_cap, hold_until, paused, pushbacks,"
                + " virtual_time FROM queue_gate WHERE id = 1", QueueStore::gate).get(0));
    }

    int depth() {
        return jdbc.query("SELECT COUNT(*) FROM task WHERE " + WAITING, r -> r.getInt(1)).get(0);
    }

    int inFlight() {
        return jdbc.inTransaction(this::inFlight);
    }

    /** Every waiting task, in intake order. */
    List<Waiting> waiting() {
        return jdbc.query("SELECT id, " + LANE + " AS lane, user_id, queue_order, queue_position, queue_wait_seconds"
                        + " FROM task WHERE " + WAITING + " ORDER BY queue_order",
                r -> new Waiting(r.getString("id"), r.getString("lane"), r.getString("user_id"),
                        r.getLong("queue_order"), Jdbc.nullableInt(r, "queue_position"),
                        Jdbc.nullableLong(r, "queue_wait_seconds")));
    }

    /** The fair-queuing state, for numbering the backlog exactly as {@link #claim} would take it. */
    Map<String, FairOrder.Tags> laneTags() {
        return jdbc.inTransaction(QueueStore::tags);
    }

    /** A waiting task's spot as shown, for {@link #showPositions}. */
    record Shown(String taskId, int position, long waitSeconds) {}

    /**
     * Stores the tasks' shown positions and waits where they changed and the task still waits, in one batch; returns
     * the tasks this call changed, so that of several instances numbering the same backlog only one edits each
     * user's message.
     */
    List<String> showPositions(List<Shown> spots) {
        List<String> changed = new ArrayList<>();
        // small transactions: the rows stay locked only briefly, so claims (which skip locked rows) rarely miss one
        for (int from = 0; from < spots.size(); from += POSITION_BATCH) {
            changed.addAll(showBatch(spots.subList(from, Math.min(spots.size(), from + POSITION_BATCH))));
        }
        return changed;
    }

    private List<String> showBatch(List<Shown> spots) {
        return jdbc.inTransaction(c -> {
            List<String> changed = new ArrayList<>();
            try (PreparedStatement update = c.prepareStatement("UPDATE task SET queue_position = ?,"
                    + " queue_wait_seconds = ? WHERE id = ? AND " + WAITING
                    + " AND (queue_position IS NULL OR queue_position <> ? OR queue_wait_seconds <> ?)")) {
                for (Shown s : spots) {
                    update.setInt(1, s.position());
                    update.setLong(2, s.waitSeconds());
                    update.setString(3, s.taskId());
                    update.setInt(4, s.position());
                    update.setLong(5, s.waitSeconds());
                    update.addBatch();
                }
                int[] counts = update.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] > 0) {
                        changed.add(spots.get(i).taskId());
                    }
                }
            }
            return changed;
        });
    }

    /** How long recently finished tasks spent at the provider, newest first (at most {@code limit}). */
    List<Duration> recentRunTimes(Instant since, int limit) {
        return jdbc.query("SELECT submitted_at, finished_at FROM task WHERE state IN ('SUCCEEDED','DELIVERING',"
                        + "'DELIVERED') AND submitted_at IS NOT NULL AND finished_at > ? FETCH FIRST " + limit
                        + " ROWS ONLY",
                r -> Duration.between(Jdbc.instant(r, "submitted_at"), Jdbc.instant(r, "finished_at")), since);
    }

    private Gate lockGate(Connection c) throws SQLException {
        return Jdbc.query(c, "SELECT effective_cap, hold_until, paused, pushbacks, virtual_time FROM queue_gate"
                + " WHERE id = 1 FOR UPDATE", QueueStore::gate).get(0);
    }

    private static Gate gate(java.sql.ResultSet r) throws SQLException {
        return new Gate(r.getDouble("effective_cap"), Jdbc.instant(r, "hold_until"), r.getBoolean("paused"),
                r.getInt("pushbacks"), r.getDouble("virtual_time"));
    }

    private int inFlight(Connection c) throws SQLException {
        return Jdbc.query(c, IN_FLIGHT, r -> r.getInt(1)).get(0);
    }
}
