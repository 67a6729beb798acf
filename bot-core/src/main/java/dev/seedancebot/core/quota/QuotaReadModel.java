package dev.seedancebot.core.quota;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.core.cluster.CacheInvalidationBus;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.storage.Jdbc;
import dev.seedancebot.core.storage.UserKeyColumn;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Quota as people see it, served from Caffeine caches of effective policies and usage. Every write in this package
 * invalidates what it affects after it commits, here and, through the {@link CacheInvalidationBus}, on the other
 * instances; reservations never read these caches. Thread-safe.
 */
final class QuotaReadModel {
    /** A safety net only: every write invalidates what it affects. */
    private static final Duration CACHE_TTL = Duration.ofMinutes(1);
    private static final int CACHE_SIZE = 10_000;
    private static final String USER_USAGE = "quota.usage.user";
    private static final String COMMUNITY_USAGE = "quota.usage.community";
    private static final String USER_POLICY = "quota.policy.user";
    private static final String ALL_POLICIES = "quota.policy.all";

    private final Jdbc jdbc;
    private final QuotaStore store;
    private final PolicyResolver resolver;
    private final Cache<PolicyKey, EffectivePolicy> policies;
    private final Cache<UsageKey, QuotaStore.Usage> userUsage;
    private final Cache<CommunityDay, Long> communityUsage;
    private final CacheInvalidationBus bus;

    QuotaReadModel(Jdbc jdbc, QuotaStore store, PolicyResolver resolver, CacheInvalidationBus bus, Ticker ticker,
            Executor cacheExecutor) {
        this.jdbc = jdbc;
        this.store = store;
        this.resolver = resolver;
        this.policies = newCache(ticker, cacheExecutor);
        this.userUsage = newCache(ticker, cacheExecutor);
        this.communityUsage = newCache(ticker, cacheExecutor);
        this.bus = bus;
        bus.subscribe(USER_USAGE, key -> userUsage.asMap().keySet().removeIf(k -> matches(key, k.user())));
        bus.subscribe(COMMUNITY_USAGE, key -> communityUsage.asMap().keySet()
                .removeIf(k -> key.equals(CacheInvalidationBus.ALL) || key.equals(k.communityId())));
        bus.subscribe(USER_POLICY, key -> policies.asMap().keySet().removeIf(k -> matches(key, k.user())));
        bus.subscribe(ALL_POLICIES, key -> policies.invalidateAll());
    }

    private static boolean matches(String key, UserKey user) {
        return key.equals(CacheInvalidationBus.ALL) || key.equals(UserKeyColumn.format(user));
    }

    private static <K, V> Cache<K, V> newCache(Ticker ticker, Executor executor) {
        return Caffeine.newBuilder().expireAfterWrite(CACHE_TTL).maximumSize(CACHE_SIZE).ticker(ticker)
                .executor(executor).build();
    }

    EffectivePolicy policy(UserKey user, String communityId, Set<String> roleIds) {
        String scope = QuotaScope.of(communityId);
        return policies.get(new PolicyKey(user, communityId, Set.copyOf(roleIds)), key -> jdbc.inTransaction(c ->
                resolver.resolve(store.blockedEverywhere(c, user), store.findMember(c, scope, user).orElse(null),
                        communityId == null ? null : store.findCommunity(c, communityId).orElse(null),
                        store.roleOverrides(c, communityId, key.roleIds()))));
    }

    QuotaStore.Usage usage(UserKey user, String communityId, Windows windows) {
        String scope = QuotaScope.of(communityId);
        return userUsage.get(new UsageKey(user, scope, windows.today()),
                key -> jdbc.inTransaction(c -> store.loadUsage(c, scope, user, windows)));
    }

    long communityUsed(String communityId, LocalDate day) {
        return communityId == null ? 0 : communityUsage.get(new CommunityDay(communityId, day),
                key -> jdbc.inTransaction(c -> QuotaStore.communityUsed(c, communityId, day)));
    }

    void invalidateUsage(UserKey user, String communityId) {
        userUsage.asMap().keySet().removeIf(k -> k.user().equals(user));
        bus.publish(USER_USAGE, UserKeyColumn.format(user));
        if (communityId != null) {
            communityUsage.asMap().keySet().removeIf(k -> k.communityId().equals(communityId));
            bus.publish(COMMUNITY_USAGE, communityId);
        }
    }

    void invalidateAllUsage() {
        userUsage.invalidateAll();
        communityUsage.invalidateAll();
        bus.publish(USER_USAGE, CacheInvalidationBus.ALL);
        bus.publish(COMMUNITY_USAGE, CacheInvalidationBus.ALL);
    }

    void invalidatePolicies(UserKey user) {
        policies.asMap().keySet().removeIf(k -> k.user().equals(user));
        bus.publish(USER_POLICY, UserKeyColumn.format(user));
    }

    void invalidateAllPolicies() {
        policies.invalidateAll();
        bus.publish(ALL_POLICIES, CacheInvalidationBus.ALL);
    }

    private record PolicyKey(UserKey user, String communityId, Set<String> roleIds) {}

    private record UsageKey(UserKey user, String scope, LocalDate day) {}

    private record CommunityDay(String communityId, LocalDate day) {}
}
