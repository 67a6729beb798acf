package dev.seedancebot.core.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.core.i18n.Texts;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Token buckets per person-in-a-community and per community, refilled continuously over the period. Every command
 * counts, valid or not: a flood of typos costs the bot as much as a flood of videos. The first command over the
 * limit is answered (so the person learns why); the rest of that burst are dropped silently, since answering them
 * would let the flood make the bot spam. Buckets live in a Caffeine cache that forgets idle ones; time comes from
 * the injected ticker. Thread-safe.
 */
final class RateLimiter {
    private static final int MAX_BUCKETS = 100_000;

    private final TrustSettings settings;
    private final Ticker ticker;
    private final Cache<String, Bucket> buckets;

    RateLimiter(TrustSettings settings, Ticker ticker, Executor cacheExecutor) {
        this.settings = settings;
        this.ticker = ticker;
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(settings.ratePeriod().multipliedBy(2))
                .maximumSize(MAX_BUCKETS)
                .ticker(ticker)
                .executor(cacheExecutor)
                .build();
    }

    /** Takes one token from both buckets of the actor, or says how long to wait. */
    Verdict acquire(Actor actor) {
        String scope = actor.communityId() == null ? "private:" + actor.platform() : actor.communityId();
        long created = ticker.read();
        Bucket user = buckets.get("u|" + scope + "|" + actor.user(), k -> new Bucket(settings.userRate(), created));
        Bucket community = buckets.get("c|" + scope, k -> new Bucket(settings.communityRate(), created));
        long periodNanos = settings.ratePeriod().toNanos();
        // both or neither: a person refused for the community's flood keeps their own tokens
        synchronized (community) {
            synchronized (user) {
                // read under the locks: a time read before another thread's refill would refill backwards and
                // take a fraction of a token, refusing a command that was within the rate
                long now = ticker.read();
                user.refill(now, periodNanos);
                community.refill(now, periodNanos);
                if (user.tokens >= 1 && community.tokens >= 1) {
                    user.tokens--;
                    community.tokens--;
                    user.warned = false;
                    return Verdict.ALLOWED;
                }
                Bucket empty = user.tokens < 1 ? user : community;
                long waitSeconds = Math.max(1, Duration.ofNanos(empty.nanosToOne(periodNanos)).toSeconds() + 1);
                String message = Texts.t(empty == user ? "policy.tooFast.user" : "policy.tooFast.community",
                        "seconds", waitSeconds);
                if (user.warned) {
                    return Verdict.silent(message);
                }
                user.warned = true;
                return Verdict.refused(message);
            }
        }
    }

    /** Guarded by its own monitor. */
    private static final class Bucket {
        private final int capacity;
        private double tokens;
        private long refilledAt;
        private boolean warned;

        Bucket(int capacity, long now) {
            this.capacity = capacity;
            this.tokens = capacity;
            this.refilledAt = now;
        }

        void refill(long now, long periodNanos) {
            if (now <= refilledAt) {
                return;
            }
            tokens = Math.min(capacity, tokens + (double) (now - refilledAt) * capacity / periodNanos);
            refilledAt = now;
        }

        long nanosToOne(long periodNanos) {
            return (long) ((1 - tokens) * periodNanos / capacity);
        }
    }
}
