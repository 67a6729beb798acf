package dev.seedancebot.core.engine;

import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.task.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the engine keeps its tasks: storing, finding, counting and removing them, and the leases under which one
 * instance of several works on a task (claims are exclusive, so two instances never work on the same task at once).
 * The state changes are {@link TaskTransitions}. Implemented by {@link JdbcTaskStore} on H2 and PostgreSQL.
 */
interface TaskStore {
    /**
     * Stores a new task, leased to the owner (who sends its create call). {@code sourceKey} (nullable) is unique: a
     * second task from the same platform event fails with an {@link IllegalStateException}.
     */
    void insert(TaskRecord t, String mode, Instant now, String sourceKey, String language);

    Optional<TaskRecord> findBySourceKey(String sourceKey);

    Optional<TaskRecord> find(String id);

    /** Keeps the upload limit the platform gave for the task's chat (V10); a plain column, outside any lease. */
    void uploadLimit(String id, long bytes);

    /** The language of the task's requester (V14); English for a task from before, or one that is gone. */
    Locale language(String id);

    /** The stored upload limit of the task, or -1 when none was kept. */
    long uploadLimit(String id);

    void delete(String id);

    /**
     * Finished tasks whose charge is still reserved: the process stopped between the task's last state change and
     * the ledger's commit or refund, which are separate transactions.
     */
    List<TaskRecord> finishedWithReservedCharge();

    /**
     * For each of {@code ids} that has a row: when it finished, or empty while it is not finished. Ids without a row
     * are left out. For the retention sweep ({@link RetentionSweeper}).
     */
    Map<String, Optional<Instant>> finishTimes(List<String> ids);

    /**
     * Deletes up to {@code limit} finished tasks that finished before {@code cutoff}, except those whose failure
     * notice is still pending or whose charge is still reserved (a restart settles them from the row); returns how
     * many. Rows another instance is deleting at the same moment are skipped, and a row already gone is simply not
     * counted, so concurrent sweeps neither wait for nor repeat each other.
     */
    int deleteFinishedBefore(Instant cutoff, int limit);

    /** Every task that is not finished, oldest first: what a restart must resume. */
    List<TaskRecord> unfinished();

    /**
     * Leases up to {@code limit} submitted tasks whose next poll is due and that no live instance holds, soonest
     * first. Rows another instance is claiming at the same moment are skipped, not waited for.
     */
    List<TaskRecord> claimDueForPoll(Instant now, int limit);

    /**
     * Leases up to {@code limit} unfinished tasks that are not waiting for a poll and whose lease is free or lapsed:
     * the work of an instance that died (or of this one's previous run), including failed tasks whose notice was
     * not posted yet ({@link TaskTransitions#markFailed}). Tasks that wait to be posted are only taken for
     * {@code deliverable} platforms, the ones this instance has an adapter for.
     */
    List<TaskRecord> claimStranded(int limit, Set<Platform> deliverable);

    /** Extends every lease the owner holds; returns how many. */
    int renewLeases();

    /** Extends the owner's lease on one task while it is in {@code state}; false if the lease or state is gone. */
    boolean renew(String id, TaskState state);

    /** Gives up the owner's lease on one task, so that another instance (or a later claim) may take it. */
    void release(String id);

    /**
     * Frees leases left from an earlier run: those held under the owner's id, or with {@code everyone} all leases
     * (right when only one instance can use the database). Returns how many.
     */
    int releaseLeftoverLeases(boolean everyone);

    List<TaskRecord> recentByUser(UserKey user, int limit);

    int countInState(TaskState state);
}
