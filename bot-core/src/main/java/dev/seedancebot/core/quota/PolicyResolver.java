package dev.seedancebot.core.quota;

import java.util.List;

/**
 * Layers the limits of one person in one scope: the operator's defaults, then the community's defaults, then the most
 * generous of the person's roles there, then the person's own override there; each layer replaces a field only where
 * it sets one. A block in the scope or everywhere blocks.
 */
final class PolicyResolver {
    private final QuotaSettings settings;

    PolicyResolver(QuotaSettings settings) {
        this.settings = settings;
    }

    EffectivePolicy resolve(boolean blockedEverywhere, QuotaStore.MemberRow member, QuotaStore.CommunityRow community,
            List<LimitOverride> roles) {
        long daily = settings.defaultDailyLimit();
        long monthly = settings.defaultMonthlyLimit();
        long concurrent = settings.defaultMaxConcurrent();
        long pool = 0;
        if (community != null) {
            daily = orElse(community.limits().dailyLimit(), daily);
            monthly = orElse(community.limits().monthlyLimit(), monthly);
            concurrent = orElse(toLong(community.limits().maxConcurrent()), concurrent);
            pool = orElse(community.dailyPool(), settings.defaultCommunityDailyPool());
        }
        daily = orElse(mostGenerous(roles.stream().map(LimitOverride::dailyLimit).toList()), daily);
        monthly = orElse(mostGenerous(roles.stream().map(LimitOverride::monthlyLimit).toList()), monthly);
        concurrent = orElse(mostGenerous(roles.stream().map(r -> toLong(r.maxConcurrent())).toList()), concurrent);
        boolean blocked = blockedEverywhere;
        if (member != null) {
            daily = orElse(member.limits().dailyLimit(), daily);
            monthly = orElse(member.limits().monthlyLimit(), monthly);
            concurrent = orElse(toLong(member.limits().maxConcurrent()), concurrent);
            blocked |= member.blocked();
        }
        return new EffectivePolicy(daily, monthly, (int) concurrent, pool, blocked);
    }

    private static Long mostGenerous(List<Long> values) {
        Long best = null;
        for (Long value : values) {
            if (value != null) {
                best = best == null ? value : EffectivePolicy.moreGenerous(best, value);
            }
        }
        return best;
    }

    private static long orElse(Long value, long fallback) {
        return value == null ? fallback : value;
    }

    private static Long toLong(Integer value) {
        return value == null ? null : value.longValue();
    }
}
