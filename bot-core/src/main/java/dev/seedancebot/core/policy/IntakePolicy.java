package dev.seedancebot.core.policy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.core.command.ModCommand;
import dev.seedancebot.core.community.CommunitySettings;
import dev.seedancebot.core.community.CommunitySettingsService;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.platform.UserTexts;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.task.TaskView;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The one place that says yes or no for both platforms: who may make videos where (sender kind, private chats,
 * videos switched off, channel lists, blocks, disk, rate, budget), who may act on which task, and who may moderate
 * what. Adapters describe the actor ({@link Actor}); they never decide. Every check here is cheap (caches and
 * counters), so it runs before a single byte of an attachment is downloaded. Thread-safe.
 */
public final class IntakePolicy {

    private final TrustSettings trust;
    private final CommunitySettingsService communities;
    private final QuotaService quota;
    private final RateLimiter rates;
    private final Supplier<Optional<String>> diskRefusal;

    /**
     * @param diskRefusal the refusal while the data disk is under its floor, else empty
     * @param ticker time for the rate limits ({@code Ticker.systemTicker()} in production)
     */
    public IntakePolicy(TrustSettings trust, CommunitySettingsService communities, QuotaService quota,
            Supplier<Optional<String>> diskRefusal, Ticker ticker, Executor cacheExecutor) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.communities = Objects.requireNonNull(communities, "communities");
        this.quota = Objects.requireNonNull(quota, "quota");
        this.diskRefusal = Objects.requireNonNull(diskRefusal, "diskRefusal");
        this.rates = new RateLimiter(trust, ticker, cacheExecutor);
    }

    public TrustSettings trust() {
        return trust;
    }

    // ---------------------------------------------------------------- who is who

    /** The configured operators, and whoever sits at the terminal (the operator's own machine). */
    public boolean isOperator(Actor actor) {
        return actor.sender() == Actor.Sender.PERSON
                && (actor.platform() == Platform.CONSOLE || trust.operators().contains(actor.user()));
    }

    /** Operators everywhere; in a community its admins and the roles or people its admins appointed. */
    public boolean isModerator(Actor actor) {
        if (actor.sender() != Actor.Sender.PERSON) {
            return false;
        }
        return isOperator(actor) || actor.communityId() != null
                && (appointed(actor) || actor.admin().isAdmin(false));
    }

    private boolean appointed(Actor actor) {
        Set<String> ids = new HashSet<>(actor.roleIds());
        ids.add(actor.user().userId());
        return communities.get(actor.communityId()).isModeratorRole(ids);
    }

    // ---------------------------------------------------------------- requests

    /**
     * Counts one command against the actor's rate; every entry point calls it, valid command or not. Operators are
     * not counted: the rates protect the operator's bot from others.
     */
    public Verdict countCommand(Actor actor) {
        if (isOperator(actor)) {
            return Verdict.ALLOWED;
        }
        // senders that are not a person count too (all posts as one channel share the channel's bucket), so a flood
        // of them is answered once and then dropped like any other
        Verdict rate = rates.acquire(actor);
        Verdict sender = senderCheck(actor);
        if (sender instanceof Verdict.Refused refused) {
            return rate instanceof Verdict.Refused limited && limited.silent() ? Verdict.silent(refused.message())
                    : sender;
        }
        return rate;
    }

    /**
     * The checks before a video request is read or downloaded; counts toward the rate. {@link #recheckRequest}
     * repeats the gate part at submit time, since settings may change while attachments download.
     */
    public Verdict admitRequest(Actor actor) {
        Verdict counted = countCommand(actor);
        return counted.allowed() ? recheckRequest(actor) : counted;
    }

    /** The gate, blocks, disk and allowance, without counting a command. */
    public Verdict recheckRequest(Actor actor) {
        Verdict sender = senderCheck(actor);
        if (!sender.allowed()) {
            return sender;
        }
        if (actor.inPrivate()) {
            Verdict privately = privateChat(actor);
            if (!privately.allowed()) {
                return privately;
            }
        } else {
            CommunitySettings community = communities.get(actor.communityId());
            if (!community.videosEnabled()) {
                return Verdict.refused(UserTexts.videosOff());
            }
            if (!actor.places().isEmpty() && !community.allowsChannel(actor.places())) {
                return Refusals.otherPlaces(community);
            }
        }
        Optional<String> disk = diskRefusal.get();
        if (disk.isPresent()) {
            return Verdict.refused(disk.get());
        }
        return quota.precheck(actor.user(), actor.communityId(), actor.roleIds())
                .map(Verdict::refused).orElse(Verdict.ALLOWED);
    }

    private Verdict privateChat(Actor actor) {
        return switch (trust.privateChats()) {
            case EVERYONE -> Verdict.ALLOWED;
            case OPERATORS -> isOperator(actor) ? Verdict.ALLOWED : Verdict.refused(Refusals.privateOperatorsOnly());
            case OFF -> Verdict.refused(Refusals.privateOff());
        };
    }

    private static Verdict senderCheck(Actor actor) {
        return switch (actor.sender()) {
            case PERSON -> Verdict.ALLOWED;
            case CHANNEL -> Verdict.refused(Refusals.notAPersonChannel());
            case ANONYMOUS_ADMIN -> Verdict.refused(Refusals.notAPersonAnonymous());
        };
    }

    // ---------------------------------------------------------------- tasks

    /**
     * Whether the actor may do {@code action} to {@code task}. Operators may act anywhere. Everyone else acts only
     * on tasks of their own platform and community; from a private chat only on their own tasks. Re-roll and
     * extend of someone else's task need the press to come from the place the task was posted (a private video's
     * place is its requester's DM, so nobody else ever is there); cancel and refund need the requester or a
     * moderator of the task's community. A refusal reads as if the task did not exist, so task ids from captions
     * reveal nothing elsewhere.
     */
    public Verdict mayAct(Actor actor, TaskView task, TaskAction action) {
        Verdict sender = senderCheck(actor);
        if (!sender.allowed()) {
            return sender;
        }
        if (isOperator(actor)) {
            return Verdict.ALLOWED;
        }
        boolean own = task.requester().equals(actor.user());
        boolean samePlatform = task.chat().platform() == actor.platform();
        boolean sameCommunity = samePlatform && actor.communityId() != null
                && actor.communityId().equals(task.chat().communityId());
        if (!samePlatform || !(sameCommunity || own && actor.inPrivate())) {
            return Verdict.refused(Refusals.noSuchTask(task.id()));
        }
        boolean samePlace = actor.places().contains(task.chat().chatId())
                || task.chat().threadId() != null && actor.places().contains(task.chat().threadId());
        return switch (action) {
            case REROLL, EXTEND -> own || samePlace ? Verdict.ALLOWED : Verdict.refused(Refusals.noSuchTask(task.id()));
            case CANCEL -> own || isModerator(actor) ? Verdict.ALLOWED
                    : Verdict.refused(samePlace ? Refusals.cancelNotYours(task.id())
                            : Refusals.noSuchTask(task.id()));
            case REFUND -> isModerator(actor) && sameCommunity ? Verdict.ALLOWED
                    : Verdict.refused(Refusals.noSuchTask(task.id()));
            // a history entry is its requester's: nobody else gets someone's file, even from the same channel
            case RESEND -> own ? Verdict.ALLOWED : Verdict.refused(Refusals.noSuchTask(task.id()));
            case DELETE -> own || isModerator(actor) ? Verdict.ALLOWED
                    : Verdict.refused(samePlace ? Refusals.deleteOthers(task.id()) : Refusals.noSuchTask(task.id()));
            case REPORT -> own || samePlace ? Verdict.ALLOWED : Verdict.refused(Refusals.noSuchTask(task.id()));
        };
    }

    // ---------------------------------------------------------------- moderation

    /**
     * Whether the actor may run {@code command}. Moderators act in their community only; appointing moderators
     * takes a community admin; budgets and blocks everywhere take an operator. An admin's right is asked of the
     * platform afresh before any action that changes money, so a demoted admin cannot spend on a stale cache.
     */
    public Verdict mayModerate(Actor actor, ModCommand command) {
        Verdict here = mayModerateHere(actor);
        if (!here.allowed() || isOperator(actor)) {
            return here;
        }
        if (operatorOnly(command)) {
            return Verdict.refused(Refusals.operatorsOnly());
        }
        if (command instanceof ModCommand.Moderator && !actor.admin().isAdmin(true)) {
            return Verdict.refused(Refusals.adminsOnly());
        }
        if (changesMoney(command) && !appointed(actor) && !actor.admin().isAdmin(true)) {
            return Verdict.refused(Refusals.moderatorsOnly());
        }
        return Verdict.ALLOWED;
    }

    /** Whether the actor moderates where they are at all, whatever the command. */
    public Verdict mayModerateHere(Actor actor) {
        Verdict sender = senderCheck(actor);
        if (!sender.allowed() || isOperator(actor)) {
            return sender;
        }
        if (actor.inPrivate()) {
            return Verdict.refused(Refusals.moderateInCommunity());
        }
        return isModerator(actor) ? Verdict.ALLOWED : Verdict.refused(Refusals.moderatorsOnly());
    }

    /**
     * Whose history the actor may see: only their own, and only of where they are (this community, or their private
     * chats with the bot). {@code owner} is whom the list or button says it is for; a press on somebody else's list
     * (a Telegram group sees the list) is refused instead of showing the presser's own there.
     */
    public Verdict mayViewHistory(Actor actor, UserKey owner) {
        Verdict sender = senderCheck(actor);
        if (!sender.allowed()) {
            return sender;
        }
        return owner.equals(actor.user()) ? Verdict.ALLOWED : Verdict.refused(Refusals.someoneElsesHistory());
    }

    private static boolean operatorOnly(ModCommand command) {
        return command instanceof ModCommand.Stats stats && (stats.communityId() != null || stats.all())
                || command instanceof ModCommand.Spend spend && (spend.communityId() != null || spend.all())
                || command instanceof ModCommand.Queue queue && queue.all()
                || command instanceof ModCommand.QueueResume
                || command instanceof ModCommand.Budget budget && (budget.changes() || budget.communityId() != null
                || budget.scope() == ModCommand.BudgetScope.ALL)
                || command instanceof ModCommand.Block block && block.everywhere()
                || command instanceof ModCommand.Unblock unblock && unblock.everywhere();
    }

    private static boolean changesMoney(ModCommand command) {
        return command instanceof ModCommand.SetLimit || command instanceof ModCommand.Grant
                || command instanceof ModCommand.Reset || command instanceof ModCommand.Refund;
    }
}
