package dev.seedancebot.core.quota;

import dev.seedancebot.core.identity.UserKey;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One task's charge as the ledger records it.
 *
 * @param communityId where it was reserved; {@code null} outside a community
 * @param scope whose allowance and budget it was charged to ({@link QuotaScope})
 * @param bonusCredits the part of {@code credits} paid from bonus grants
 * @param windowDay the local day whose window the credits count against
 * @param settledAt when it was committed or refunded; {@code null} while reserved
 * @param settleReason the refund reason; {@code null} otherwise
 */
public record LedgerEntry(
        String taskId,
        UserKey user,
        String communityId,
        String scope,
        long credits,
        long bonusCredits,
        LocalDate windowDay,
        ChargeState state,
        Instant reservedAt,
        Instant settledAt,
        String settleReason) {}
