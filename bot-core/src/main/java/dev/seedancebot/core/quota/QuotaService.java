package dev.seedancebot.core.quota;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.core.cluster.CacheInvalidationBus;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.storage.Database;
import dev.seedancebot.core.storage.Jdbc;
import dev.seedancebot.core.storage.UserKeyColumn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credits, limits and the ledger. The engine calls {@link #reserve} when a task is submitted, {@link #commit} when its
 * video is delivered and {@link #refund} on any failure, rejection or expiry; all three are idempotent per task id,
 * so a retry after a crash never charges or refunds twice.
 *
 * <p>All state is in the database. A reservation locks the user's account row and the community's row
 * ({@code SELECT ... FOR UPDATE}, created on demand) and then checks and writes in one transaction, so concurrent
 * requests can never overspend, on H2 or PostgreSQL. Usage is always a sum of ledger rows.
 *
 * <p>{@link #snapshot} is served from Caffeine caches of effective policies and usage; every ledger write and policy
 * change here invalidates them after it commits. Reservations never read the caches. Thread-safe.
 *
 * <p>With several instances on one database, each invalidation is also announced on the database's
 * {@link CacheInvalidationBus}, and the changes other instances announce invalidate the caches here.
 */
public final class QuotaService {

    /** The role id adapters pass for Telegram chat administrators, so role limits can target them. */
    public static final String TELEGRAM_ADMIN_ROLE = "telegram:admin";

    private static final Logger log = LoggerFactory.getLogger(QuotaService.class);
    /** A safety net only: every write invalidates what it affects. */
    private static final Duration CACHE_TTL = Duration.ofMinutes(1);
    private static final int CACHE_SIZE = 10_000;
    private static final String USER_USAGE = "quota.usage.user";
    private static final String COMMUNITY_USAGE = "quota.usage.community";
    private static final String USER_POLICY = "quota.policy.user";
    private static final String ALL_POLICIES = "quota.policy.all";

    private static final String RESERVE_ROW =
            "SELECT 1 FROM quota_ledger l WHERE l.task_id = c.task_id AND l.kind = 'RESERVE'";
    private static final String CHARGE_COLUMNS = "SELECT task_id, user_key, community_id, credits, bonus_credits,"
            + " window_day, state, reserved_at, settled_at, settle_reason";

    private final Jdbc jdbc;
    private final QuotaSettings settings;
    private final Clock clock;
    private final QuotaMessages messages;
    private final Cache<PolicyKey, EffectivePolicy> policies;
    private final Cache<UsageKey, UserUsage> userUsage;
    private final Cache<CommunityDay, Long> communityUsage;
    private final CacheInvalidationBus bus;

    /**
     * @param ticker Caffeine's time source for cache expiry ({@code Ticker.systemTicker()} in production)
     * @param cacheExecutor runs Caffeine's maintenance ({@code Runnable::run} in tests)
     */
    public QuotaService(Database db, QuotaSettings settings, Clock clock, Ticker ticker, Executor cacheExecutor) {
        this.jdbc = Objects.requireNonNull(db, "db").jdbc();
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.messages = new QuotaMessages(settings.zone(), clock);
        this.policies = newCache(ticker, cacheExecutor);
        this.userUsage = newCache(ticker, cacheExecutor);
        this.communityUsage = newCache(ticker, cacheExecutor);
        this.bus = db.invalidations();
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
        return Caffeine.newBuilder()
                .expireAfterWrite(CACHE_TTL)
                .maximumSize(CACHE_SIZE)
                .ticker(Objects.requireNonNull(ticker, "ticker"))
                .executor(Objects.requireNonNull(executor, "cacheExecutor"))
                .build();
    }

    /** The settings this service applies; adapters use the zone to show reset times. */
    public QuotaSettings settings() {
        return settings;
    }

    // ---- the engine's calls ----------------------------------------------------------------------------------------

    /**
     * Holds {@code credits} for {@code taskId} if the user's limits, bonus and the community pool allow it. Window
     * credits are spent first; bonus credits only cover what the windows cannot. Calling it again with the same task
     * id returns {@link ReserveDecision.Granted} for the existing reservation and writes nothing.
     *
     * @param communityId the guild or group the request came from; {@code null} in private chats and the terminal
     * @param roleIds the user's roles there (Discord role ids, {@link #TELEGRAM_ADMIN_ROLE}); may be empty
     * @throws IllegalStateException if the task id was already used by another user or its charge was refunded
     */
    public ReserveDecision reserve(
            String taskId, UserKey user, String communityId, Set<String> roleIds, long credits) {
        requireTaskId(taskId);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(roleIds, "roleIds");
        QuotaSettings.requireNotNegative(credits, "credits");
        Windows windows = Windows.at(clock.instant(), settings.zone());
        ReserveDecision decision = jdbc.inTransaction(c -> {
            AccountRow account = lockAccount(c, user);
            CommunityRow community = communityId == null ? null : lockCommunity(c, communityId);
            Optional<LedgerEntry> existing = findCharge(c, taskId);
            if (existing.isPresent()) {
                return repeatedReserve(c, existing.get(), user, communityId, roleIds, windows);
            }
            EffectivePolicy policy = resolve(account, community, roleOverrides(c, communityId, roleIds));
            UserUsage usage = loadUserUsage(c, user, windows);
            long communityUsed = communityId == null ? 0 : loadCommunityUsed(c, communityId, windows.today());
            Optional<ReserveDecision.Denied> denied = check(policy, usage, communityUsed, credits, windows);
            if (denied.isPresent()) {
                return denied.get();
            }
            long windowPart = Math.min(credits, windowRoom(policy, usage));
            insertCharge(c, taskId, user, communityId, credits, windowPart, windows);
            UserUsage after = usage.plusReservation(windowPart, credits - windowPart);
            return new ReserveDecision.Granted(
                    credits, remainingToday(policy, after, communityUsed + credits));
        });
        if (decision instanceof ReserveDecision.Granted) {
            invalidateUsage(user, communityId);
        } else {
            log.debug("reservation of {} credits for task {} by {} denied: {}", credits, taskId, user, decision);
        }
        return decision;
    }

    /** Marks a reserved charge as spent. Returns {@code false} (and changes nothing) unless it was RESERVED. */
    public boolean commit(String taskId) {
        return settle(taskId, Set.of(ChargeState.RESERVED), ChargeState.COMMITTED, null);
    }

    /**
     * Gives a reserved charge back (failure, rejection, expiry, cancellation). Returns {@code false} (and changes
     * nothing) unless it was RESERVED, so a second refund is a no-op.
     */
    public boolean refund(String taskId, String reason) {
        return refund(taskId, reason, false);
    }

    /**
     * Like {@link #refund(String, String)}; with {@code includeCommitted} a COMMITTED charge is refunded too (a
     * moderator refunding a delivered video). The reversal is booked into the windows of the original reservation.
     */
    public boolean refund(String taskId, String reason, boolean includeCommitted) {
        Set<ChargeState> from = includeCommitted
                ? Set.of(ChargeState.RESERVED, ChargeState.COMMITTED)
                : Set.of(ChargeState.RESERVED);
        return settle(taskId, from, ChargeState.REFUNDED, reason);
    }

    /** The user's quota now; cached, and equal to the ledger sums whenever no write is in progress. */
    public QuotaSnapshot snapshot(UserKey user, String communityId, Set<String> roleIds) {
        Objects.requireNonNull(user, "user");
        Windows windows = Windows.at(clock.instant(), settings.zone());
        EffectivePolicy policy = policies.get(
                new PolicyKey(user, communityId, Set.copyOf(roleIds)),
                key -> jdbc.inTransaction(c -> loadPolicy(c, user, communityId, key.roleIds())));
        UserUsage usage = userUsage.get(
                new UsageKey(user, windows.today()), key -> jdbc.inTransaction(c -> loadUserUsage(c, user, windows)));
        long communityUsed = communityId == null
                ? 0
                : communityUsage.get(
                        new CommunityDay(communityId, windows.today()),
                        key -> jdbc.inTransaction(c -> loadCommunityUsed(c, communityId, windows.today())));
        return new QuotaSnapshot(
                user,
                communityId,
                policy,
                usage.usedToday(),
                usage.usedMonth(),
                usage.reservedCredits(),
                usage.runningTasks(),
                usage.bonusRemaining(),
                remainingToday(policy, usage, communityUsed),
                saturatedAdd(room(policy.monthlyLimit(), usage.usedMonth()), usage.bonusRemaining()),
                communityUsed,
                windows.dayResetsAt(),
                windows.monthResetsAt());
    }

    /**
     * The refusal a request would get whatever it costs (blocked, nothing left today), from the cached snapshot, so
     * that intake can refuse before downloading anything. {@link #reserve} decides for real.
     */
    public Optional<String> precheck(UserKey user, String communityId, Set<String> roleIds) {
        QuotaSnapshot snapshot = snapshot(user, communityId, roleIds);
        if (snapshot.policy().blocked()) {
            return Optional.of(messages.blocked());
        }
        if (snapshot.policy().maxConcurrent() > 0 && snapshot.runningTasks() >= snapshot.policy().maxConcurrent()) {
            return Optional.of(messages.tooManyRunning(snapshot.runningTasks()));
        }
        if (snapshot.remainingToday() <= 0) {
            return Optional.of(messages.nothingLeft(snapshot.dailyResetsAt()));
        }
        return Optional.empty();
    }

    /** The charge of one task, if it was ever reserved. */
    public Optional<LedgerEntry> entry(String taskId) {
        requireTaskId(taskId);
        return jdbc.inTransaction(c -> findCharge(c, taskId));
    }

    // ---- moderator operations (audited by ModerationService) -------------------------------------------------------

    /**
     * Sets or clears ({@code value == null}) one of the user's own limits; returns the previous override.
     *
     * @throws IllegalArgumentException for {@link LimitKind#POOL}, which only communities have
     */
    public Long setUserLimit(UserKey user, LimitKind kind, Long value) {
        requireLimit(kind, value, false);
        String key = UserKeyColumn.format(user);
        Long previous = jdbc.inTransaction(c -> {
            lockAccount(c, user);
            return replaceLimit(c, "quota_account", kind, value, "user_key = ?", key);
        });
        invalidatePolicies(user);
        return previous;
    }

    /** Sets or clears a default for all members of a community, or its daily pool; returns the previous value. */
    public Long setCommunityLimit(String communityId, LimitKind kind, Long value) {
        requireCommunity(communityId);
        requireLimit(kind, value, true);
        Long previous = jdbc.inTransaction(c -> {
            lockCommunity(c, communityId);
            return replaceLimit(c, "quota_community", kind, value, "community_id = ?", communityId);
        });
        invalidateAllPolicies();
        return previous;
    }

    /** Sets or clears a limit for members holding {@code roleId} in a community; returns the previous value. */
    public Long setRoleLimit(String communityId, String roleId, LimitKind kind, Long value) {
        requireCommunity(communityId);
        if (roleId == null || roleId.isBlank()) {
            throw new IllegalArgumentException("roleId may not be blank");
        }
        requireLimit(kind, value, false);
        Long previous = jdbc.inTransaction(c -> {
            lockCommunity(c, communityId);
            Object[] where = {communityId, roleId};
            if (Jdbc.query(c, "SELECT 1 FROM quota_role_limit WHERE community_id = ? AND role_id = ?", r -> 1, where)
                    .isEmpty()) {
                Jdbc.update(c, "INSERT INTO quota_role_limit (community_id, role_id, updated_at) VALUES (?, ?, ?)",
                        communityId, roleId, clock.instant());
            }
            Jdbc.update(c, "UPDATE quota_role_limit SET updated_at = ? WHERE community_id = ? AND role_id = ?",
                    clock.instant(), communityId, roleId);
            return replaceLimit(c, "quota_role_limit", kind, value, "community_id = ? AND role_id = ?", where);
        });
        invalidateAllPolicies();
        return previous;
    }

    /** Blocks or unblocks a user everywhere; returns whether anything changed. */
    public boolean setBlocked(UserKey user, boolean blocked, String reason) {
        boolean changed = jdbc.inTransaction(c -> {
            AccountRow account = lockAccount(c, user);
            if (account.blocked() == blocked) {
                return false;
            }
            Jdbc.update(c, "UPDATE quota_account SET blocked = ?, blocked_reason = ? WHERE user_key = ?",
                    blocked, blocked ? reason : null, UserKeyColumn.format(user));
            return true;
        });
        invalidatePolicies(user);
        return changed;
    }

    /** Adds bonus credits, which never expire and are spent when the user's windows run out. */
    public void grantBonus(UserKey user, long credits, UserKey actor, String note) {
        if (credits <= 0) {
            throw new IllegalArgumentException("credits must be positive, was " + credits);
        }
        jdbc.inTransaction(c -> {
            lockAccount(c, user);
            insertLedger(c, user, null, null, "GRANT", "BONUS", -credits, null, null, actor, note);
            return null;
        });
        invalidateUsage(user, null);
    }

    /**
     * Gives the user a fresh window by booking an adjustment that cancels the window's settled usage; history stays.
     * Credits of tasks still in flight stay counted, so their later refund or commit keeps the sums right.
     */
    public UsageReset resetUsage(UserKey user, UsageWindow window, UserKey actor, String note) {
        Objects.requireNonNull(window, "window");
        Windows windows = Windows.at(clock.instant(), settings.zone());
        UsageReset reset = jdbc.inTransaction(c -> {
            lockAccount(c, user);
            UserUsage usage = loadUserUsage(c, user, windows);
            long day = 0;
            long month = 0;
            if (window.includesDay()) {
                day = usage.usedToday() - inFlightWindowCredits(c, user, windows.today(), windows.today());
                if (day != 0) {
                    insertLedger(c, user, null, null, "RESET", "WINDOW", -day, windows.today(), null, actor, note);
                }
            }
            if (window.includesMonth()) {
                month = usage.usedMonth()
                        - inFlightWindowCredits(c, user, windows.month(), windows.month().plusMonths(1).minusDays(1));
                if (month != 0) {
                    insertLedger(c, user, null, null, "RESET", "WINDOW", -month, null, windows.month(), actor, note);
                }
            }
            return new UsageReset(day, month);
        });
        invalidateUsage(user, null);
        return reset;
    }

    /** Ledger totals of one community, with its top spenders this month. Not cached. */
    public CommunityUsage communityUsage(String communityId, int topUsers) {
        requireCommunity(communityId);
        Windows windows = Windows.at(clock.instant(), settings.zone());
        return jdbc.inTransaction(c -> {
            EffectivePolicy policy = resolve(null, findCommunity(c, communityId).orElse(null), List.of());
            long today = loadCommunityUsed(c, communityId, windows.today());
            long month = Jdbc.query(c,
                            "SELECT COALESCE(SUM(amount), 0) FROM quota_ledger WHERE community_id = ? AND window_month = ?",
                            r -> r.getLong(1), communityId, windows.month())
                    .get(0);
            List<UserTotal> top = Jdbc.query(c,
                    "SELECT user_key, SUM(amount) AS total FROM quota_ledger"
                            + " WHERE community_id = ? AND window_month = ?"
                            + " GROUP BY user_key HAVING SUM(amount) > 0 ORDER BY total DESC, user_key LIMIT ?",
                    r -> new UserTotal(UserKeyColumn.parse(r.getString("user_key")), r.getLong("total")),
                    communityId, windows.month(), topUsers);
            return new CommunityUsage(communityId, today, month, policy.communityDailyPool(),
                    room(policy.communityDailyPool(), today), windows.dayResetsAt(), top);
        });
    }

    // ---- reservation internals -------------------------------------------------------------------------------------

    /** The first limit the reservation would break, in {@link DenialReason} order. */
    private Optional<ReserveDecision.Denied> check(
            EffectivePolicy policy, UserUsage usage, long communityUsed, long credits, Windows windows) {
        if (policy.blocked()) {
            return Optional.of(new ReserveDecision.Denied(DenialReason.BLOCKED, messages.blocked(), null));
        }
        if (policy.maxConcurrent() > 0 && usage.runningTasks() >= policy.maxConcurrent()) {
            return Optional.of(new ReserveDecision.Denied(
                    DenialReason.TOO_MANY_RUNNING, messages.tooManyRunning(usage.runningTasks()), null));
        }
        long dayRoom = room(policy.dailyLimit(), usage.usedToday());
        long monthRoom = room(policy.monthlyLimit(), usage.usedMonth());
        if (credits > saturatedAdd(Math.min(dayRoom, monthRoom), usage.bonusRemaining())) {
            boolean daily = dayRoom <= monthRoom;
            Instant resetsAt = daily ? windows.dayResetsAt() : windows.monthResetsAt();
            return Optional.of(new ReserveDecision.Denied(
                    daily ? DenialReason.DAILY_LIMIT : DenialReason.MONTHLY_LIMIT,
                    messages.limitReached(daily, daily ? policy.dailyLimit() : policy.monthlyLimit(),
                            daily ? dayRoom : monthRoom, usage.bonusRemaining(), credits, resetsAt),
                    resetsAt));
        }
        long poolRoom = room(policy.communityDailyPool(), communityUsed);
        if (credits > poolRoom) {
            return Optional.of(new ReserveDecision.Denied(
                    DenialReason.COMMUNITY_POOL,
                    messages.poolExhausted(policy.communityDailyPool(), poolRoom, credits, windows.dayResetsAt()),
                    windows.dayResetsAt()));
        }
        return Optional.empty();
    }

    private ReserveDecision repeatedReserve(
            Connection c, LedgerEntry existing, UserKey user, String communityId, Set<String> roleIds, Windows windows)
            throws SQLException {
        if (!existing.user().equals(user)) {
            throw new IllegalStateException("task id " + existing.taskId() + " belongs to " + existing.user());
        }
        if (existing.state() == ChargeState.REFUNDED) {
            throw new IllegalStateException("task " + existing.taskId() + " was refunded; use a new task id");
        }
        EffectivePolicy policy = loadPolicy(c, user, communityId, roleIds);
        long communityUsed = communityId == null ? 0 : loadCommunityUsed(c, communityId, windows.today());
        return new ReserveDecision.Granted(
                existing.credits(), remainingToday(policy, loadUserUsage(c, user, windows), communityUsed));
    }

    private void insertCharge(
            Connection c, String taskId, UserKey user, String communityId, long credits, long windowPart,
            Windows windows) throws SQLException {
        long bonusPart = credits - windowPart;
        Jdbc.update(c,
                "INSERT INTO quota_charge (task_id, user_key, community_id, credits, window_credits, bonus_credits,"
                        + " window_day, state, reserved_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'RESERVED', ?)",
                taskId, UserKeyColumn.format(user), communityId, credits, windowPart, bonusPart, windows.today(),
                clock.instant());
        bookReserve(c, user, communityId, taskId, windowPart, bonusPart, windows.today());
    }

    private static boolean hasReserveRow(Connection c, String taskId, String bucket) throws SQLException {
        return !Jdbc.query(c, "SELECT 1 FROM quota_ledger WHERE task_id = ? AND kind = 'RESERVE' AND bucket = ?",
                r -> 1, taskId, bucket).isEmpty();
    }

    private void bookReserve(Connection c, UserKey user, String communityId, String taskId, long windowPart,
            long bonusPart, LocalDate day) throws SQLException {
        LocalDate month = day.withDayOfMonth(1);
        if (windowPart > 0) {
            insertLedger(c, user, communityId, taskId, "RESERVE", "WINDOW", windowPart, day, month, null, null);
        }
        if (bonusPart > 0) {
            insertLedger(c, user, communityId, taskId, "RESERVE", "BONUS", bonusPart, day, month, null, null);
        }
    }

    private boolean settle(String taskId, Set<ChargeState> from, ChargeState to, String reason) {
        requireTaskId(taskId);
        Optional<LedgerEntry> charge = entry(taskId);
        if (charge.isEmpty() || !from.contains(charge.get().state())) {
            return false;
        }
        UserKey user = charge.get().user();
        boolean changed = jdbc.inTransaction(c -> {
            lockAccount(c, user);
            // re-read under the lock: a concurrent commit or refund of the same task may have won
            LedgerEntry current = findCharge(c, taskId).orElseThrow();
            if (!from.contains(current.state())) {
                return false;
            }
            Jdbc.update(c, "UPDATE quota_charge SET state = ?, settled_at = ?, settle_reason = ? WHERE task_id = ?",
                    to.name(), clock.instant(), reason, taskId);
            if (to == ChargeState.REFUNDED) {
                bookRefund(c, current, reason);
            }
            return true;
        });
        if (changed) {
            invalidateUsage(user, charge.get().communityId());
            log.debug("task {} charge {} -> {}", taskId, charge.get().state(), to);
        }
        return changed;
    }

    private void bookRefund(Connection c, LedgerEntry charge, String reason) throws SQLException {
        long windowPart = charge.credits() - charge.bonusCredits();
        LocalDate month = charge.windowDay().withDayOfMonth(1);
        if (windowPart > 0) {
            insertLedger(c, charge.user(), charge.communityId(), charge.taskId(), "REFUND", "WINDOW", -windowPart,
                    charge.windowDay(), month, null, reason);
        }
        if (charge.bonusCredits() > 0) {
            insertLedger(c, charge.user(), charge.communityId(), charge.taskId(), "REFUND", "BONUS",
                    -charge.bonusCredits(), charge.windowDay(), month, null, reason);
        }
    }

    /**
     * Makes every task's charge and its ledger rows agree again after the process was killed, and returns how many
     * tasks needed it. Each of reserve, refund and commit is one transaction, but H2 can bring one back half done
     * after a SIGKILL during its commit (seen once in 20 crash runs: a charge REFUNDED without its REFUND row, so the
     * user's usage still counted the failed task). The ledger rows are what usage is summed from, so each repair books
     * what the charge's state says happened, and the ledger's unique (task, kind, bucket) key keeps it from booking
     * twice. Run at start after an unclean stop ({@code Database#afterUncleanStop}), before any new reservation.
     */
    public int repairTornCharges() {
        int repaired = jdbc.inTransaction(c -> {
            int n = 0;
            String note = "repaired after an unclean stop";
            // a booked refund makes the charge refunded
            n += Jdbc.update(c, "UPDATE quota_charge SET state = 'REFUNDED', settled_at = ?, settle_reason = ?"
                    + " WHERE state <> 'REFUNDED' AND EXISTS (SELECT 1 FROM quota_ledger l"
                    + " WHERE l.task_id = quota_charge.task_id AND l.kind = 'REFUND')", clock.instant(), note);
            // a reservation row (per bucket) of a refunded charge, or of a charge that is missing (that task fails
            // uncharged), without its refund row: book the refund
            n += Jdbc.update(c, "INSERT INTO quota_ledger (user_key, community_id, task_id, kind, bucket, amount,"
                    + " window_day, window_month, actor, note, created_at) SELECT user_key, community_id, task_id,"
                    + " 'REFUND', bucket, -amount, window_day, window_month, NULL, ?, ? FROM quota_ledger l"
                    + " WHERE kind = 'RESERVE'"
                    + " AND NOT EXISTS (SELECT 1 FROM quota_charge c WHERE c.task_id = l.task_id"
                    + " AND c.state <> 'REFUNDED')"
                    + " AND NOT EXISTS (SELECT 1 FROM quota_ledger r WHERE r.task_id = l.task_id AND r.kind = 'REFUND'"
                    + " AND r.bucket = l.bucket)", note, clock.instant());
            // a live charge without the reservation row of one of its parts: still reserved or used, so book it
            for (LedgerEntry charge : Jdbc.query(c, CHARGE_COLUMNS + " FROM quota_charge c WHERE state <> 'REFUNDED'"
                    + " AND ((credits > bonus_credits AND NOT EXISTS (" + RESERVE_ROW + " AND l.bucket = 'WINDOW'))"
                    + " OR (bonus_credits > 0 AND NOT EXISTS (" + RESERVE_ROW + " AND l.bucket = 'BONUS')))",
                    QuotaService::chargeRow)) {
                bookReserve(c, charge.user(), charge.communityId(), charge.taskId(),
                        hasReserveRow(c, charge.taskId(), "WINDOW") ? 0 : charge.credits() - charge.bonusCredits(),
                        hasReserveRow(c, charge.taskId(), "BONUS") ? 0 : charge.bonusCredits(), charge.windowDay());
                n++;
            }
            return n;
        });
        if (repaired > 0) {
            userUsage.invalidateAll();
            communityUsage.invalidateAll();
            bus.publish(USER_USAGE, CacheInvalidationBus.ALL);
            bus.publish(COMMUNITY_USAGE, CacheInvalidationBus.ALL);
            log.warn("{} charges did not match their ledger rows after an unclean stop and were repaired", repaired);
        }
        return repaired;
    }

    // ---- SQL ---------------------------------------------------------------------------------------------------------

    /** Locks the user's account row, creating it first if this is the user's first request. */
    private AccountRow lockAccount(Connection c, UserKey user) throws SQLException {
        String key = UserKeyColumn.format(user);
        String select = "SELECT daily_limit, monthly_limit, max_concurrent, blocked FROM quota_account"
                + " WHERE user_key = ? FOR UPDATE";
        Optional<AccountRow> row = Jdbc.queryFirst(c, select, QuotaService::accountRow, key);
        if (row.isPresent()) {
            return row.get();
        }
        Jdbc.update(c, "INSERT INTO quota_account (user_key, blocked, created_at) VALUES (?, FALSE, ?)"
                + " ON CONFLICT DO NOTHING", key, clock.instant());
        return Jdbc.queryFirst(c, select, QuotaService::accountRow, key).orElseThrow();
    }

    private CommunityRow lockCommunity(Connection c, String communityId) throws SQLException {
        String select = "SELECT daily_limit, monthly_limit, max_concurrent, daily_pool FROM quota_community"
                + " WHERE community_id = ? FOR UPDATE";
        Optional<CommunityRow> row = Jdbc.queryFirst(c, select, QuotaService::communityRow, communityId);
        if (row.isPresent()) {
            return row.get();
        }
        Jdbc.update(c, "INSERT INTO quota_community (community_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                communityId, clock.instant());
        return Jdbc.queryFirst(c, select, QuotaService::communityRow, communityId).orElseThrow();
    }

    private Optional<CommunityRow> findCommunity(Connection c, String communityId) throws SQLException {
        return Jdbc.queryFirst(c,
                "SELECT daily_limit, monthly_limit, max_concurrent, daily_pool FROM quota_community"
                        + " WHERE community_id = ?",
                QuotaService::communityRow, communityId);
    }

    private EffectivePolicy loadPolicy(Connection c, UserKey user, String communityId, Set<String> roleIds)
            throws SQLException {
        Optional<AccountRow> account = Jdbc.queryFirst(c,
                "SELECT daily_limit, monthly_limit, max_concurrent, blocked FROM quota_account WHERE user_key = ?",
                QuotaService::accountRow, UserKeyColumn.format(user));
        CommunityRow community = communityId == null ? null : findCommunity(c, communityId).orElse(null);
        return resolve(account.orElse(null), community, roleOverrides(c, communityId, roleIds));
    }

    private List<LimitOverride> roleOverrides(Connection c, String communityId, Set<String> roleIds)
            throws SQLException {
        if (communityId == null || roleIds.isEmpty()) {
            return List.of();
        }
        // a community has a handful of role rules; filtering here keeps the SQL free of variable IN lists
        List<LimitOverride> matching = new ArrayList<>();
        for (var role : Jdbc.query(c,
                "SELECT role_id, daily_limit, monthly_limit, max_concurrent FROM quota_role_limit"
                        + " WHERE community_id = ?",
                r -> Map.entry(r.getString("role_id"), limits(r)), communityId)) {
            if (roleIds.contains(role.getKey())) {
                matching.add(role.getValue());
            }
        }
        return matching;
    }

    /**
     * Layers the limits: settings, community defaults, the most generous role, then the user's own override; each
     * layer replaces a field only where it sets one.
     */
    private EffectivePolicy resolve(AccountRow account, CommunityRow community, List<LimitOverride> roles) {
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
        concurrent = orElse(
                mostGenerous(roles.stream().map(r -> toLong(r.maxConcurrent())).toList()), concurrent);
        boolean blocked = false;
        if (account != null) {
            daily = orElse(account.limits().dailyLimit(), daily);
            monthly = orElse(account.limits().monthlyLimit(), monthly);
            concurrent = orElse(toLong(account.limits().maxConcurrent()), concurrent);
            blocked = account.blocked();
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

    private UserUsage loadUserUsage(Connection c, UserKey user, Windows windows) throws SQLException {
        String key = UserKeyColumn.format(user);
        long[] sums = Jdbc.query(c,
                        "SELECT COALESCE(SUM(CASE WHEN bucket = 'WINDOW' AND window_day = ? THEN amount END), 0),"
                                + " COALESCE(SUM(CASE WHEN bucket = 'WINDOW' AND window_month = ? THEN amount END), 0),"
                                + " COALESCE(SUM(CASE WHEN bucket = 'BONUS' THEN amount END), 0)"
                                + " FROM quota_ledger WHERE user_key = ?"
                                + " AND (window_month = ? OR window_day = ? OR bucket = 'BONUS')",
                        r -> new long[] {r.getLong(1), r.getLong(2), r.getLong(3)},
                        windows.today(), windows.month(), key, windows.month(), windows.today())
                .get(0);
        long[] inFlight = Jdbc.query(c,
                        "SELECT COUNT(*), COALESCE(SUM(credits), 0) FROM quota_charge"
                                + " WHERE user_key = ? AND state = 'RESERVED'",
                        r -> new long[] {r.getLong(1), r.getLong(2)}, key)
                .get(0);
        return new UserUsage(sums[0], sums[1], inFlight[1], (int) inFlight[0], -sums[2]);
    }

    private long inFlightWindowCredits(Connection c, UserKey user, LocalDate from, LocalDate to) throws SQLException {
        return Jdbc.query(c,
                        "SELECT COALESCE(SUM(window_credits), 0) FROM quota_charge WHERE user_key = ?"
                                + " AND state = 'RESERVED' AND window_day >= ? AND window_day <= ?",
                        r -> r.getLong(1), UserKeyColumn.format(user), from, to)
                .get(0);
    }

    private static long loadCommunityUsed(Connection c, String communityId, LocalDate day) throws SQLException {
        return Jdbc.query(c,
                        "SELECT COALESCE(SUM(amount), 0) FROM quota_ledger WHERE community_id = ? AND window_day = ?",
                        r -> r.getLong(1), communityId, day)
                .get(0);
    }

    private static Optional<LedgerEntry> findCharge(Connection c, String taskId) throws SQLException {
        return Jdbc.queryFirst(c, CHARGE_COLUMNS + " FROM quota_charge WHERE task_id = ?", QuotaService::chargeRow,
                taskId);
    }

    private static LedgerEntry chargeRow(ResultSet r) throws SQLException {
        return new LedgerEntry(
                r.getString("task_id"),
                UserKeyColumn.parse(r.getString("user_key")),
                r.getString("community_id"),
                r.getLong("credits"),
                r.getLong("bonus_credits"),
                r.getObject("window_day", LocalDate.class),
                ChargeState.valueOf(r.getString("state")),
                Jdbc.instant(r, "reserved_at"),
                Jdbc.instant(r, "settled_at"),
                r.getString("settle_reason"));
    }

    private void insertLedger(
            Connection c, UserKey user, String communityId, String taskId, String kind, String bucket, long amount,
            LocalDate day, LocalDate month, UserKey actor, String note) throws SQLException {
        Jdbc.update(c,
                "INSERT INTO quota_ledger (user_key, community_id, task_id, kind, bucket, amount, window_day,"
                        + " window_month, actor, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                UserKeyColumn.format(user), communityId, taskId, kind, bucket, amount, day, month,
                actor == null ? null : UserKeyColumn.format(actor), note, clock.instant());
    }

    /** Replaces one limit column of the row selected by {@code where}; returns the old value. */
    private static Long replaceLimit(Connection c, String table, LimitKind kind, Long value, String where,
            Object... whereParams) throws SQLException {
        // table, column and where clause come from this class, never from input
        Long previous = Jdbc.query(c, "SELECT " + kind.column() + " FROM " + table + " WHERE " + where,
                        r -> Jdbc.nullableLong(r, kind.column()), whereParams)
                .get(0);
        Object[] params = new Object[whereParams.length + 1];
        params[0] = kind == LimitKind.CONCURRENT && value != null ? (Object) value.intValue() : value;
        System.arraycopy(whereParams, 0, params, 1, whereParams.length);
        Jdbc.update(c, "UPDATE " + table + " SET " + kind.column() + " = ? WHERE " + where, params);
        return previous;
    }

    // ---- helpers -----------------------------------------------------------------------------------------------------

    private void invalidateUsage(UserKey user, String communityId) {
        userUsage.asMap().keySet().removeIf(k -> k.user().equals(user));
        bus.publish(USER_USAGE, UserKeyColumn.format(user));
        if (communityId != null) {
            communityUsage.asMap().keySet().removeIf(k -> k.communityId().equals(communityId));
            bus.publish(COMMUNITY_USAGE, communityId);
        }
    }

    private void invalidatePolicies(UserKey user) {
        policies.asMap().keySet().removeIf(k -> k.user().equals(user));
        bus.publish(USER_POLICY, UserKeyColumn.format(user));
    }

    private void invalidateAllPolicies() {
        policies.invalidateAll();
        bus.publish(ALL_POLICIES, CacheInvalidationBus.ALL);
    }

    private static long remainingToday(EffectivePolicy policy, UserUsage usage, long communityUsed) {
        long windows = Math.min(room(policy.dailyLimit(), usage.usedToday()),
                room(policy.monthlyLimit(), usage.usedMonth()));
        return Math.min(saturatedAdd(windows, usage.bonusRemaining()),
                room(policy.communityDailyPool(), communityUsed));
    }

    private static long windowRoom(EffectivePolicy policy, UserUsage usage) {
        return Math.min(room(policy.dailyLimit(), usage.usedToday()), room(policy.monthlyLimit(), usage.usedMonth()));
    }

    /** Credits left under a limit (0 = unlimited → {@link Long#MAX_VALUE}), never negative. */
    static long room(long limit, long used) {
        return limit == 0 ? Long.MAX_VALUE : Math.max(0, limit - used);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static long orElse(Long value, long fallback) {
        return value == null ? fallback : value;
    }

    private static Long toLong(Integer value) {
        return value == null ? null : value.longValue();
    }

    private static void requireLimit(LimitKind kind, Long value, boolean poolAllowed) {
        Objects.requireNonNull(kind, "kind");
        if (kind == LimitKind.POOL && !poolAllowed) {
            throw new IllegalArgumentException("only communities have a daily pool");
        }
        if (value != null) {
            QuotaSettings.requireNotNegative(value, kind.label());
            if (kind == LimitKind.CONCURRENT && value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("concurrent task limit is too large: " + value);
            }
        }
    }

    private static void requireTaskId(String taskId) {
        if (taskId == null || taskId.isBlank()) {
            throw new IllegalArgumentException("taskId may not be blank");
        }
    }

    private static void requireCommunity(String communityId) {
        if (communityId == null || communityId.isBlank()) {
            throw new IllegalArgumentException("communityId may not be blank");
        }
    }

    private static LimitOverride limits(ResultSet r) throws SQLException {
        return new LimitOverride(Jdbc.nullableLong(r, "daily_limit"), Jdbc.nullableLong(r, "monthly_limit"),
                Jdbc.nullableInt(r, "max_concurrent"));
    }

    private static AccountRow accountRow(ResultSet r) throws SQLException {
        return new AccountRow(limits(r), r.getBoolean("blocked"));
    }

    private static CommunityRow communityRow(ResultSet r) throws SQLException {
        return new CommunityRow(limits(r), Jdbc.nullableLong(r, "daily_pool"));
    }

    private record AccountRow(LimitOverride limits, boolean blocked) {}

    private record CommunityRow(LimitOverride limits, Long dailyPool) {}

    private record PolicyKey(UserKey user, String communityId, Set<String> roleIds) {}

    private record UsageKey(UserKey user, LocalDate day) {}

    private record CommunityDay(String communityId, LocalDate day) {}

    /** Ledger sums for one user; {@code usedToday} and {@code usedMonth} include credits still reserved. */
    private record UserUsage(
            long usedToday, long usedMonth, long reservedCredits, int runningTasks, long bonusRemaining) {

        UserUsage plusReservation(long windowCredits, long bonusCredits) {
            return new UserUsage(usedToday + windowCredits, usedMonth + windowCredits,
                    reservedCredits + windowCredits + bonusCredits, runningTasks + 1, bonusRemaining - bonusCredits);
        }
    }
}
