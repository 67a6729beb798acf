package dev.seedancebot.core.quota;

/**
 * The limits that apply to one user in one place, after layering: settings defaults, then the community's defaults,
 * then the most generous of the user's roles, then the user's own override. 0 means unlimited.
 *
 * @param communityDailyPool the shared daily credits of the community; 0 when unlimited or outside a community
 */
public record EffectivePolicy(
        long dailyLimit, long monthlyLimit, int maxConcurrent, long communityDailyPool, boolean blocked) {

    /** A limit where 0 (unlimited) becomes {@link Long#MAX_VALUE}, for comparisons. */
    static long capOf(long limit) {
        return limit == 0 ? Long.MAX_VALUE : limit;
    }

    /** The more generous of two limits (0, unlimited, beats everything). */
    static long moreGenerous(long a, long b) {
        return capOf(a) >= capOf(b) ? a : b;
    }
}
