package dev.seedancebot.core.quota;

import dev.seedancebot.core.storage.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Makes every task's charge and its ledger rows agree again after the process was killed. Each of reserve, refund and
 * commit is one transaction, but H2 can bring one back half done after a SIGKILL during its commit (seen once in 20
 * crash runs: a charge REFUNDED without its REFUND row, so the user's usage still counted the failed task). The ledger
 * rows are what usage is summed from, so each repair books what the charge's state says happened, and the ledger's
 * unique (task, kind, bucket) key keeps it from booking twice. The budgets' counters of this day and month are then
 * recounted from the charges.
 */
final class LedgerRepair {
    private static final String RESERVE_ROW =
            "SELECT 1 FROM quota_ledger l WHERE l.task_id = c.task_id AND l.kind = 'RESERVE'";

    private LedgerRepair() {}

    /** Repairs inside the caller's transaction; returns how many charges needed it. */
    static int repair(Connection c, QuotaStore store, Budgets budgets, Clock clock, Windows windows)
            throws SQLException {
        int n = 0;
        String note = "repaired after an unclean stop";
        // a booked refund makes the charge refunded (and, unless it had been delivered, released)
        n += Jdbc.update(c, "UPDATE quota_charge SET state = 'REFUNDED', settled_at = ?, settle_reason = ?,"
                + " budget_released = (state = 'RESERVED') WHERE state <> 'REFUNDED' AND EXISTS (SELECT 1"
                + " FROM quota_ledger l WHERE l.task_id = quota_charge.task_id AND l.kind = 'REFUND')",
                clock.instant(), note);
        // a reservation row (per bucket) of a refunded charge, or of a charge that is missing (that task fails
        // uncharged), without its refund row: book the refund
        n += Jdbc.update(c, "INSERT INTO quota_ledger (user_key, scope_id, community_id, task_id, kind, bucket,"
                + " amount, window_day, window_month, actor, note, created_at) SELECT user_key, scope_id,"
                + " community_id, task_id, 'REFUND', bucket, -amount, window_day, window_month, NULL, ?, ?"
                + " FROM quota_ledger l WHERE kind = 'RESERVE'"
                + " AND NOT EXISTS (SELECT 1 FROM quota_charge c WHERE c.task_id = l.task_id"
                + " AND c.state <> 'REFUNDED')"
                + " AND NOT EXISTS (SELECT 1 FROM quota_ledger r WHERE r.task_id = l.task_id AND r.kind = 'REFUND'"
                + " AND r.bucket = l.bucket)", note, clock.instant());
        // a live charge without the reservation row of one of its parts: still reserved or used, so book it
        for (LedgerEntry charge : Jdbc.query(c, QuotaStore.CHARGE_COLUMNS + " FROM quota_charge c"
                + " WHERE state <> 'REFUNDED'"
                + " AND ((credits > bonus_credits AND NOT EXISTS (" + RESERVE_ROW + " AND l.bucket = 'WINDOW'))"
                + " OR (bonus_credits > 0 AND NOT EXISTS (" + RESERVE_ROW + " AND l.bucket = 'BONUS')))",
                QuotaStore::chargeRow)) {
            store.bookReserve(c, charge.user(), charge.communityId(), charge.taskId(),
                    QuotaStore.hasReserveRow(c, charge.taskId(), "WINDOW") ? 0
                            : charge.credits() - charge.bonusCredits(),
                    QuotaStore.hasReserveRow(c, charge.taskId(), "BONUS") ? 0 : charge.bonusCredits(),
                    charge.windowDay());
            n++;
        }
        budgets.recount(c, windows);
        return n;
    }
}
