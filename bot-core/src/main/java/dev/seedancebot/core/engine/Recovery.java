package dev.seedancebot.core.engine;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.cluster.ClusterSettings;
import dev.seedancebot.core.engine.queue.Dispatcher;
import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.platform.PlatformRouter;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.task.TaskState;
import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up what a crash or a dead instance left: frees old leases at start, settles charges of tasks that ended just
 * before a stop, renews this instance's leases and takes over tasks whose leases lapsed, continuing each from the
 * state it was stored in. A task caught mid-create ({@link TaskState#SUBMITTING}) is failed and refunded, never sent
 * again: its create may have reached the provider.
 */
final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);
    private static final int STRANDED_BATCH = 100;

    private final TaskStore store;
    private final QuotaService quota;
    private final PlatformRouter router;
    private final Dispatcher queue;
    private final Settlement settlement;
    private final TaskDelivery delivery;
    private final TaskWork work;
    private final ClusterSettings cluster;

    Recovery(TaskStore store, QuotaService quota, PlatformRouter router, Dispatcher queue, Settlement settlement,
            TaskDelivery delivery, TaskWork work, ClusterSettings cluster) {
        this.store = store;
        this.quota = quota;
        this.router = router;
        this.queue = queue;
        this.settlement = settlement;
        this.delivery = delivery;
        this.work = work;
        this.cluster = cluster;
    }

    /**
     * Frees the leases nobody holds any more (on H2, where there is one instance: all of them), repairs the ledger
     * after an unclean stop, settles open charges and resumes the unfinished tasks.
     */
    void onStart(boolean sharedDatabase, boolean afterUncleanStop) {
        int freed = store.releaseLeftoverLeases(!sharedDatabase);
        log.info("engine instance {} starting (lease {}); {} leases left from an earlier run freed",
                cluster.instanceId(), cluster.leaseDuration(), freed);
        if (afterUncleanStop) {
            quota.repairTornCharges(); // scans every charge: only after a kill can one be torn
        }
        settleOpenCharges();
        takeOverStranded();
    }

    /** Renews this instance's leases, then takes over tasks whose instance died. Runs on the scheduler. */
    void keepLeases() {
        try {
            store.renewLeases();
            takeOverStranded();
        } catch (RuntimeException e) {
            log.error("lease upkeep failed; retrying in {}", cluster.renewInterval(), e);
        }
    }

    /** Hands this instance's leases back, so other instances take its unfinished tasks at once. */
    void releaseLeases() {
        int released = store.releaseLeftoverLeases(false);
        log.info("engine instance {} released {} leases", cluster.instanceId(), released);
    }

    /**
     * Finishes the ledger side of tasks that ended just before a crash: a delivered task is charged, a failed one
     * (or one cancelled before its create call) refunded. Commit and refund are idempotent, so an instance racing
     * this one does no harm.
     */
    private void settleOpenCharges() {
        for (TaskRecord task : store.finishedWithReservedCharge()) {
            boolean charge = task.state() == TaskState.DELIVERED
                    || (task.state() == TaskState.CANCELLED && task.providerTaskId() != null);
            if (charge) {
                quota.commit(task.id());
            } else {
                settlement.refund(task, task.errorKind(),
                        task.errorKind() == null ? "cancelled" : task.errorKind().name());
            }
            log.info("task {} was {} before a stop; its charge is now {}", task.id(), task.state(),
                    charge ? "committed" : "refunded");
        }
    }

    private void takeOverStranded() {
        EnumSet<Platform> deliverable = EnumSet.noneOf(Platform.class);
        for (Platform p : Platform.values()) {
            if (router.port(p).isPresent()) {
                deliverable.add(p);
            }
        }
        List<TaskRecord> claimed;
        do {
            claimed = store.claimStranded(STRANDED_BATCH, deliverable);
            for (TaskRecord task : claimed) {
                log.info("task {} taken over in state {}", task.id(), task.state());
                work.runAsync(task.id(), () -> resume(task));
            }
        } while (claimed.size() == STRANDED_BATCH);
    }

    /** Continues a task this instance has just leased from a crashed or previous run. */
    private void resume(TaskRecord task) {
        String id = task.id();
        switch (task.state()) {
            case RECEIVED -> {
                boolean reserved = quota.entry(id).map(e -> e.state() == ChargeState.RESERVED).orElse(false);
                if (reserved) {
                    queue.enqueue(id, task.createdAt());
                } else {
                    settlement.fail(task, TaskState.RECEIVED, ErrorKind.UNKNOWN, t("task.restartedBeforeCharge"),
                            false);
                }
            }
            case SUBMITTING -> settlement.fail(task, TaskState.SUBMITTING, ErrorKind.OUTCOME_UNKNOWN,
                    t("task.restartedWhileSending"), false);
            case SUCCEEDED, DELIVERING -> work.runAsync(id, () -> delivery.deliver(id));
            // failed, its notice not yet posted: its instance stopped (or its refund threw) in between; the refund
            // is idempotent, and the user must not hear "not charged" while the charge is still held
            case FAILED -> {
                settlement.refund(task, task.errorKind(),
                        task.errorKind() == null ? "failed" : task.errorKind().name());
                settlement.announceFailure(id, task.errorMessage(), quota.entry(id).isPresent());
            }
            default -> { } // SUBMITTED: the poll tick picks it up
        }
    }
}
