package dev.seedancebot.core.quota;

import java.time.Instant;
import java.util.List;

/**
 * What one community spent, summed from the ledger.
 *
 * @param dailyPool the effective shared daily pool; 0 = unlimited
 * @param poolRemaining credits left in today's pool; {@link Long#MAX_VALUE} when unlimited
 * @param topUsersThisMonth the biggest spenders in this community this month, largest first
 */
public record CommunityUsage(
        String communityId,
        long usedToday,
        long usedMonth,
        long dailyPool,
        long poolRemaining,
        Instant dailyResetsAt,
        List<UserTotal> topUsersThisMonth) {

    public CommunityUsage {
        topUsersThisMonth = List.copyOf(topUsersThisMonth);
    }
}
