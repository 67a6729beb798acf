package dev.seedancebot.core.quota;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.BudgetSettings.Ceiling;
import dev.seedancebot.core.storage.Database;
import dev.seedancebot.core.storage.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credits, limits, budgets and the ledger. The engine calls {@link #reserve} when a task is submitted, {@link #commit}
 * when its video is delivered and {@link #refund} on any failure, rejection or expiry; all three are idempotent per
 * task id, so a retry after a crash never charges or refunds twice.
 *
 * <p>An allowance belongs to (scope, person), the scope being the community or {@link QuotaScope#PRIVATE}. A
 * reservation locks the person's row in the scope, the community's row and the budget rows of the scope and of the
 * bot ({@code SELECT ... FOR UPDATE}, created on demand), then checks every limit and ceiling and writes, in one
 * transaction, so concurrent requests can never overspend, on H2 or across instances on PostgreSQL. Usage is a sum of
 * ledger rows; budget spend is a counter kept in the same transactions.
 *
 * <p>This class holds the reservation transaction; it hands display to {@link QuotaReadModel} (cached), changes to
 * {@link QuotaAdmin}, limit layering to {@link PolicyResolver}, ceilings to {@link Budgets} and SQL to
 * {@link QuotaStore}. Thread-safe.
 */
public final class QuotaService {
    private static final Logger log = LoggerFactory.getLogger(QuotaService.class);

    private final Jdbc jdbc;
    private final QuotaSettings settings;
    private final Clock clock;
    private final QuotaMessages messages;
    private final QuotaStore store;
    private final PolicyResolver resolver;
    private final Budgets budgets;
    private final QuotaReadModel reads;
    private final QuotaAdmin admin;

    /**
     * @param budgets the operator's ceilings ({@link BudgetSettings#NONE} only in tests of other rules)
     * @param ticker Caffeine's time source for cache expiry ({@code Ticker.systemTicker()} in production)
     * @param cacheExecutor runs Caffeine's maintenance ({@code Runnable::run} in tests)
     */
    public QuotaService(Database db, QuotaSettings settings, BudgetSettings budgets, Clock clock, Ticker ticker,
            Executor cacheExecutor) {
        this.jdbc = Objects.requireNonNull(db, "db").jdbc();
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.messages = new QuotaMessages(settings.zone(), clock);
        this.store = new QuotaStore(clock);
        this.resolver = new PolicyResolver(settings);
        this.budgets = new Budgets(Objects.requireNonNull(budgets, "budgets"), clock);
        this.reads = new QuotaReadModel(jdbc, store, resolver, db.invalidations(), Objects.requireNonNull(ticker,
                "ticker"), Objects.requireNonNull(cacheExecutor, "cacheExecutor"));
        this.admin = new QuotaAdmin(jdbc, store, this.budgets, reads, settings, clock);
    }

    /** The settings this service applies; adapters use the zone to show reset times. */
    public QuotaSettings settings() {
        return settings;
    }

    public BudgetSettings budgetSettings() {
        return budgets.settings();
    }

    // ---- the engine's calls ----------------------------------------------------------------------------------------

    /**
     * Holds {@code credits} for {@code taskId} if the person's limits and bonus in the scope, the community pool and
     * every budget allow it. Window credits are spent first; bonus credits only cover what the windows cannot.
     * Calling it again with the same task id returns {@link ReserveDecision.Granted} for the existing reservation and
     * writes nothing.
     *
     * @param communityId the guild or group the request came from; {@code null} in private chats and the terminal
     * @param roleIds the person's roles there (for role limits); may be empty
     * @throws IllegalStateException if the task id was already used by another user or its charge was refunded
     */
    public ReserveDecision reserve(String taskId, UserKey user, String communityId, Set<String> roleIds, long credits) {
        requireTaskId(taskId);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(roleIds, "roleIds");
        QuotaSettings.requireNotNegative(credits, "credits");
        String scope = QuotaScope.of(communityId);
        Windows windows = Windows.at(clock.instant(), settings.zone());
        ReserveDecision decision = jdbc.inTransaction(c -> {
            QuotaStore.MemberRow member = store.lockMember(c, scope, user);
            QuotaStore.CommunityRow community = communityId == null ? null : store.lockCommunity(c, communityId);
            Optional<LedgerEntry> existing = QuotaStore.findCharge(c, taskId);
            if (existing.isPresent()) {
                return repeatedReserve(c, existing.get(), user, communityId, roleIds, windows);
            }
            EffectivePolicy policy = resolver.resolve(store.blockedEverywhere(c, user), member, community,
                    store.roleOverrides(c, communityId, roleIds));
            QuotaStore.Usage usage = store.loadUsage(c, scope, user, windows);
            long communityUsed = communityId == null ? 0 : QuotaStore.communityUsed(c, communityId, windows.today());
            Optional<ReserveDecision.Denied> denied = check(policy, usage, communityUsed, credits, windows);
            if (denied.isEmpty()) {
                denied = budgets.reserve(c, scope, credits, windows).map(b -> budgetDenial(b, scope, credits, windows));
            }
            if (denied.isPresent()) {
                return denied.get();
            }
            long windowPart = Math.min(credits, windowRoom(policy, usage));
            store.insertCharge(c, taskId, user, communityId, credits, windowPart, windows.today());
            QuotaStore.Usage after = usage.plusReservation(windowPart, credits - windowPart);
            return new ReserveDecision.Granted(credits, remainingToday(policy, after, communityUsed + credits));
        });
        if (decision instanceof ReserveDecision.Granted) {
            reads.invalidateUsage(user, communityId);
        } else {
            log.debug("reservation of {} credits for task {} by {} denied: {}", credits, taskId, user, decision);
        }
        return decision;
    }

    /** Marks a reserved charge as spent. Returns {@code false} (and changes nothing) unless it was RESERVED. */
    public boolean commit(String taskId) {
        return settle(taskId, Set.of(ChargeState.RESERVED), ChargeState.COMMITTED, null, false);
    }

    /**
     * Gives a reserved charge back to the person and to the budgets, for a task that failed before the provider
     * could bill it (refused, cancelled before its create call). Returns {@code false} (and changes nothing) unless it
     * was RESERVED, so a second refund is a no-op.
     */
    public boolean refund(String taskId, String reason) {
        return settle(taskId, Set.of(ChargeState.RESERVED), ChargeState.REFUNDED, reason, true);
    }

    /**
     * Gives a reserved charge back to the person only, for a task the provider may have billed (it accepted the job,
     * or whether it did is unknown, and then the video failed or could not be delivered): the operator paid, so it
     * stays spent in the budgets. Otherwise a video that can never be delivered (a private result to closed DMs)
     * would cost the operator again and again and never reach a ceiling.
     */
    public boolean refundKeepingSpend(String taskId, String reason) {
        return settle(taskId, Set.of(ChargeState.RESERVED), ChargeState.REFUNDED, reason, false);
    }

    /**
     * A moderator's refund: the person gets the credits back, reserved or committed (a delivered video), booked into
     * the windows of the original reservation. It always stays spent in the budgets: the video runs or ran at the
     * provider, and otherwise refunding one's own videos would let a moderator spend past every ceiling.
     */
    public boolean refundByModerator(String taskId, String reason) {
        return settle(taskId, Set.of(ChargeState.RESERVED, ChargeState.COMMITTED), ChargeState.REFUNDED, reason,
                false);
    }

    // ---- what people see -------------------------------------------------------------------------------------------

    /** The person's quota in the scope of {@code communityId} now; cached. */
    public QuotaSnapshot snapshot(UserKey user, String communityId, Set<String> roleIds) {
        Objects.requireNonNull(user, "user");
        Windows windows = Windows.at(clock.instant(), settings.zone());
        EffectivePolicy policy = reads.policy(user, communityId, roleIds);
        QuotaStore.Usage usage = reads.usage(user, communityId, windows);
        long communityUsed = reads.communityUsed(communityId, windows.today());
        return new QuotaSnapshot(user, communityId, policy, usage.usedToday(), usage.usedMonth(),
                usage.reservedCredits(), usage.runningTasks(), usage.bonusRemaining(),
                remainingToday(policy, usage, communityUsed),
                saturatedAdd(room(policy.monthlyLimit(), usage.usedMonth()), usage.bonusRemaining()), communityUsed,
                windows.dayResetsAt(), windows.monthResetsAt());
    }

    /**
     * The refusal a request would get whatever it costs (blocked, too many running, nothing left, a budget spent),
     * so that intake can refuse before downloading anything. {@link #reserve} decides for real.
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
        BudgetView budget = admin.budget(QuotaScope.of(communityId));
        if (budget.exhausted()) {
            return Optional.of(messages.budgetSpent(budget));
        }
        return Optional.empty();
    }

    /** The charge of one task, if it was ever reserved. */
    public Optional<LedgerEntry> entry(String taskId) {
        requireTaskId(taskId);
        return jdbc.inTransaction(c -> QuotaStore.findCharge(c, taskId));
    }

    /** A scope's budget and the bot's: ceilings and spend today and this month. */
    public BudgetView budget(String communityId) {
        return admin.budget(QuotaScope.of(communityId));
    }

    /** Every scope that spent this month, biggest spender first (for operators). */
    public List<BudgetView> budgetsWithSpend() {
        return admin.budgetsWithSpend();
    }

    /** Ledger totals of one community, with its top spenders this month. Not cached. */
    public CommunityUsage communityUsage(String communityId, int topUsers) {
        return admin.communityUsage(communityId, topUsers, resolver);
    }

    // ---- moderator and operator changes (audited by ModerationService) ---------------------------------------------

    /** Sets or clears ({@code value == null}) one of the person's own limits in the scope; returns the previous one. */
    public Long setUserLimit(String communityId, UserKey user, LimitKind kind, Long value) {
        return admin.setMemberLimit(communityId, Objects.requireNonNull(user, "user"), kind, value);
    }

    /** Sets or clears a default for all members of a community, or its daily pool; returns the previous value. */
    public Long setCommunityLimit(String communityId, LimitKind kind, Long value) {
        return admin.setCommunityLimit(communityId, kind, value);
    }

    /** Sets or clears a limit for members holding {@code roleId} in a community; returns the previous value. */
    public Long setRoleLimit(String communityId, String roleId, LimitKind kind, Long value) {
        return admin.setRoleLimit(communityId, roleId, kind, value);
    }

    /** Blocks or unblocks a person in one scope, or with {@code everywhere} in all; returns whether it changed. */
    public boolean setBlocked(String communityId, boolean everywhere, UserKey user, boolean blocked, String reason) {
        return admin.setBlocked(communityId, everywhere, Objects.requireNonNull(user, "user"), blocked, reason);
    }

    /** Adds bonus credits, spendable only in the scope and against its budget, after the person's windows there. */
    public void grantBonus(String communityId, UserKey user, long credits, UserKey actor, String note) {
        admin.grantBonus(communityId, Objects.requireNonNull(user, "user"), credits, actor, note);
    }

    /** Gives the person a fresh window in the scope; history stays. */
    public UsageReset resetUsage(String communityId, UserKey user, UsageWindow window, UserKey actor, String note) {
        return admin.resetUsage(communityId, Objects.requireNonNull(user, "user"), window, actor, note);
    }

    /**
     * Operators only (the caller checks): sets one window of a community's ceiling ({@code communityId}), of private
     * chats ({@link QuotaScope#PRIVATE}) or, with {@code global}, of the whole bot; {@code null} goes back to the
     * configuration. Returns the ceiling in force before.
     */
    public Ceiling setBudget(String scope, boolean global, boolean daily, Long value, UserKey actor) {
        return admin.setBudget(global ? QuotaScope.GLOBAL : scope, daily, value, actor);
    }

    // ---- recovery --------------------------------------------------------------------------------------------------

    /**
     * Makes every task's charge, its ledger rows and the budgets' counters agree again after the process was killed
     * ({@link LedgerRepair}); returns how many charges needed it. Run at start after an unclean stop, before any new
     * reservation.
     */
    public int repairTornCharges() {
        int repaired = jdbc.inTransaction(c -> LedgerRepair.repair(c, store, budgets, clock,
                Windows.at(clock.instant(), settings.zone())));
        reads.invalidateAllUsage();
        if (repaired > 0) {
            log.warn("{} charges did not match their ledger rows after an unclean stop and were repaired", repaired);
        }
        return repaired;
    }

    // ---- reservation internals -------------------------------------------------------------------------------------

    /** The first limit the reservation would break, in {@link DenialReason} order. */
    private Optional<ReserveDecision.Denied> check(
            EffectivePolicy policy, QuotaStore.Usage usage, long communityUsed, long credits, Windows windows) {
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
            return Optional.of(new ReserveDecision.Denied(DenialReason.COMMUNITY_POOL,
                    messages.poolExhausted(policy.communityDailyPool(), poolRoom, credits, windows.dayResetsAt()),
                    windows.dayResetsAt()));
        }
        return Optional.empty();
    }

    private ReserveDecision.Denied budgetDenial(Budgets.Breach breach, String scope, long credits, Windows windows) {
        if (breach.reason() == DenialReason.NOT_SERVED) {
            return new ReserveDecision.Denied(DenialReason.NOT_SERVED, messages.notServed(), null);
        }
        Instant resetsAt = breach.daily() ? windows.dayResetsAt() : windows.monthResetsAt();
        boolean global = breach.reason() == DenialReason.GLOBAL_BUDGET;
        return new ReserveDecision.Denied(breach.reason(), messages.budgetReached(global,
                QuotaScope.PRIVATE.equals(scope), breach.daily(), breach.ceiling(), breach.left(), credits, resetsAt),
                resetsAt);
    }

    private ReserveDecision repeatedReserve(Connection c, LedgerEntry existing, UserKey user, String communityId,
            Set<String> roleIds, Windows windows) throws SQLException {
        if (!existing.user().equals(user)) {
            throw new IllegalStateException("task id " + existing.taskId() + " belongs to " + existing.user());
        }
        if (existing.state() == ChargeState.REFUNDED) {
            throw new IllegalStateException("task " + existing.taskId() + " was refunded; use a new task id");
        }
        String scope = QuotaScope.of(communityId);
        EffectivePolicy policy = resolver.resolve(store.blockedEverywhere(c, user),
                store.findMember(c, scope, user).orElse(null),
                communityId == null ? null : store.findCommunity(c, communityId).orElse(null),
                store.roleOverrides(c, communityId, roleIds));
        long communityUsed = communityId == null ? 0 : QuotaStore.communityUsed(c, communityId, windows.today());
        return new ReserveDecision.Granted(existing.credits(),
                remainingToday(policy, store.loadUsage(c, scope, user, windows), communityUsed));
    }

    /** @param releaseBudget whether a refund also gives the credits back to the budgets */
    private boolean settle(String taskId, Set<ChargeState> from, ChargeState to, String reason,
            boolean releaseBudget) {
        requireTaskId(taskId);
        Optional<LedgerEntry> charge = entry(taskId);
        if (charge.isEmpty() || !from.contains(charge.get().state())) {
            return false;
        }
        LedgerEntry known = charge.get();
        boolean changed = jdbc.inTransaction(c -> {
            store.lockMember(c, known.scope(), known.user());
            // re-read under the lock: a concurrent commit or refund of the same task may have won
            LedgerEntry current = QuotaStore.findCharge(c, taskId).orElseThrow();
            if (!from.contains(current.state())) {
                return false;
            }
            boolean release = releaseBudget && to == ChargeState.REFUNDED && current.state() == ChargeState.RESERVED;
            Jdbc.update(c, "UPDATE quota_charge SET state = ?, settled_at = ?, settle_reason = ?, budget_released = ?"
                    + " WHERE task_id = ?", to.name(), clock.instant(), reason, release, taskId);
            if (to == ChargeState.REFUNDED) {
                store.bookRefund(c, current, reason);
            }
            if (release) {
                budgets.release(c, current.scope(), current.windowDay(), current.credits());
            }
            return true;
        });
        if (changed) {
            reads.invalidateUsage(known.user(), known.communityId());
            log.debug("task {} charge {} -> {}", taskId, known.state(), to);
        }
        return changed;
    }

    private static long remainingToday(EffectivePolicy policy, QuotaStore.Usage usage, long communityUsed) {
        long windows = Math.min(room(policy.dailyLimit(), usage.usedToday()),
                room(policy.monthlyLimit(), usage.usedMonth()));
        return Math.min(saturatedAdd(windows, usage.bonusRemaining()),
                room(policy.communityDailyPool(), communityUsed));
    }

    private static long windowRoom(EffectivePolicy policy, QuotaStore.Usage usage) {
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

    private static void requireTaskId(String taskId) {
        if (taskId == null || taskId.isBlank()) {
            throw new IllegalArgumentException("taskId may not be blank");
        }
    }
}
