package dev.seedancebot.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.command.ModCommand;
import dev.seedancebot.core.community.CommunitySetting;
import dev.seedancebot.core.community.CommunitySettingsService;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.QuotaFixture;
import dev.seedancebot.core.request.GenerationMode;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one policy, on a real H2 file: who may act on which task, who may moderate what, private chats, non-person
 * senders and command rates. Every attack is refused without revealing that the task exists.
 */
class IntakePolicyTest {
    private static final String GUILD = "111";
    private static final String OTHER_GUILD = "222";
    private static final UserKey ALICE = new UserKey(Platform.DISCORD, "1001");
    private static final UserKey MALLORY = new UserKey(Platform.DISCORD, "6666");
    private static final UserKey OPERATOR = new UserKey(Platform.DISCORD, "9999");

    @TempDir
    Path dir;
    private QuotaFixture fx;
    private CommunitySettingsService communities;
    private IntakePolicy policy;

    @BeforeEach
    void open() {
        fx = new QuotaFixture(dir, QuotaFixture.settings(60, 600, 2, 0));
        communities = new CommunitySettingsService(fx.db, fx.clock, fx.ticker, Runnable::run);
        policy = policy(TrustSettings.defaults().withOperators(Set.of(OPERATOR)));
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private IntakePolicy policy(TrustSettings trust) {
        return new IntakePolicy(trust, communities, fx.quota, Optional::empty, fx.ticker, Runnable::run);
    }

    private static Actor member(UserKey user, String community, String channel, boolean admin) {
        return Actor.member(user, community, List.of(channel), Set.of(), fresh -> admin);
    }

    private static TaskView task(UserKey requester, String community, String channel) {
        return new TaskView("t7k2m9q", null, requester, ChatRef.of(Platform.DISCORD, community, channel),
                TaskState.SUBMITTED, GenerationMode.TEXT_TO_VIDEO, "a secret prompt", VideoOptions.DEFAULTS, 10, null,
                0, null, 0, null, null, null, null, Instant.EPOCH, null);
    }

    @Test
    void extendByIdFromAnotherCommunity_evenByItsAdmin_refusedAsIfUnknown() {
        Verdict verdict = policy.mayAct(member(MALLORY, OTHER_GUILD, "c9", true), task(ALICE, GUILD, "c1"),
                TaskAction.EXTEND);

        assertThat(verdict).isEqualTo(Verdict.refused("There is no video t7k2m9q here."));
    }

    @Test
    void craftedRerollOfSomeoneElsesTask_fromAnotherChannel_refused() {
        Verdict elsewhere = policy.mayAct(member(MALLORY, GUILD, "c2", false), task(ALICE, GUILD, "c1"),
                TaskAction.REROLL);
        Verdict underTheVideo = policy.mayAct(member(MALLORY, GUILD, "c1", false), task(ALICE, GUILD, "c1"),
                TaskAction.REROLL);

        assertThat(elsewhere.allowed()).isFalse();
        assertThat(underTheVideo.allowed()).isTrue();
    }

    @Test
    void craftedActionOnAPrivateVideo_byAnyoneButItsRequester_refused() {
        TaskView dmVideo = task(ALICE, GUILD, "dm-of-alice");
        Actor malloryInDm = Actor.direct(MALLORY);
        Actor aliceInDm = Actor.direct(ALICE).at(List.of("dm-of-alice"));

        assertThat(policy.mayAct(malloryInDm, dmVideo, TaskAction.REROLL).allowed()).isFalse();
        assertThat(policy.mayAct(member(MALLORY, GUILD, "c1", false), dmVideo, TaskAction.EXTEND).allowed()).isFalse();
        assertThat(policy.mayAct(aliceInDm, dmVideo, TaskAction.REROLL).allowed()).isTrue();
    }

    @Test
    void cancel_byNonModeratorInSamePlace_refusedWithReason_byOwnerOrModerator_allowed() {
        TaskView video = task(ALICE, GUILD, "c1");

        assertThat(policy.mayAct(member(MALLORY, GUILD, "c1", false), video, TaskAction.CANCEL))
                .isEqualTo(Verdict.refused("Only the person who asked for t7k2m9q or a moderator can cancel it."));
        assertThat(policy.mayAct(member(ALICE, GUILD, "c5", false), video, TaskAction.CANCEL).allowed()).isTrue();
        assertThat(policy.mayAct(member(MALLORY, GUILD, "c5", true), video, TaskAction.CANCEL).allowed()).isTrue();
    }

    @Test
    void refundOfAnotherCommunitysTask_byItsAdmin_refused_byOperator_allowed() {
        TaskView video = task(ALICE, GUILD, "c1");

        assertThat(policy.mayAct(member(MALLORY, OTHER_GUILD, "c9", true), video, TaskAction.REFUND).allowed())
                .isFalse();
        assertThat(policy.mayAct(member(MALLORY, GUILD, "c1", true), video, TaskAction.REFUND).allowed()).isTrue();
        assertThat(policy.mayAct(member(OPERATOR, OTHER_GUILD, "c9", false), video, TaskAction.REFUND).allowed())
                .isTrue();
    }

    @Test
    void taskOfAnotherPlatform_withTheSameIds_refused() {
        TaskView telegramTask = new TaskView("t7k2m9q", null, new UserKey(Platform.TELEGRAM, "1001"),
                ChatRef.of(Platform.TELEGRAM, GUILD, "c1"), TaskState.SUBMITTED, GenerationMode.TEXT_TO_VIDEO, "p",
                VideoOptions.DEFAULTS, 10, null, 0, null, 0, null, null, null, null, Instant.EPOCH, null);

        assertThat(policy.mayAct(member(MALLORY, GUILD, "c1", true), telegramTask, TaskAction.CANCEL).allowed())
                .isFalse();
    }

    @Test
    void anonymousAdminsAndChannelPosts_noRequestNoModerationNoTaskAction() {
        Actor anonymous = new Actor(new UserKey(Platform.TELEGRAM, "1087968824"), Actor.Sender.ANONYMOUS_ADMIN,
                "-100", List.of("general"), Set.of(), fresh -> true);
        Actor channel = new Actor(new UserKey(Platform.TELEGRAM, "136817688"), Actor.Sender.CHANNEL, "-100",
                List.of("general"), Set.of(), fresh -> true);

        for (Actor notAPerson : List.of(anonymous, channel)) {
            assertThat(policy.admitRequest(notAPerson).allowed()).isFalse();
            assertThat(policy.isModerator(notAPerson)).isFalse();
            assertThat(policy.mayModerate(notAPerson, new ModCommand.Grant(ALICE, 5, "")).allowed()).isFalse();
        }
        assertThat(policy.admitRequest(anonymous)).extracting(v -> ((Verdict.Refused) v).message()).asString()
                .contains("anonymous admin");
    }

    @Test
    void privateChat_strangerByDefault_refused_operatorAllowed_everyoneWhenConfigured() {
        assertThat(policy.admitRequest(Actor.direct(MALLORY)).allowed()).isFalse();
        assertThat(policy.admitRequest(Actor.direct(OPERATOR)).allowed()).isTrue();
        IntakePolicy open = policy(TrustSettings.defaults().withPrivateChats(TrustSettings.PrivateChats.EVERYONE));
        assertThat(open.admitRequest(Actor.direct(MALLORY)).allowed()).isTrue();
        IntakePolicy off = policy(TrustSettings.defaults().withOperators(Set.of(OPERATOR))
                .withPrivateChats(TrustSettings.PrivateChats.OFF));
        assertThat(off.admitRequest(Actor.direct(OPERATOR)).allowed()).isFalse();
    }

    @Test
    void commandFlood_overTheRate_firstRefusalAnsweredThenSilent_andRefillsOverTime() {
        Actor flooder = member(MALLORY, GUILD, "c1", false);
        for (int i = 0; i < 10; i++) {
            assertThat(policy.countCommand(flooder).allowed()).as("command %d", i).isTrue();
        }

        Verdict first = policy.countCommand(flooder);
        Verdict second = policy.countCommand(flooder);
        fx.ticker.advance(Duration.ofSeconds(6));
        Verdict afterRefill = policy.countCommand(flooder);

        assertThat(first).isInstanceOfSatisfying(Verdict.Refused.class, r -> {
            assertThat(r.silent()).isFalse();
            assertThat(r.message()).contains("too fast").contains("Nothing was charged");
        });
        assertThat(second).isInstanceOfSatisfying(Verdict.Refused.class, r -> assertThat(r.silent()).isTrue());
        assertThat(afterRefill.allowed()).isTrue();
        assertThat(policy.countCommand(member(ALICE, GUILD, "c1", false)).allowed())
                .as("another member is not held back by the flooder").isTrue();
    }

    @Test
    void commandsWithinTheRate_timeReadOutOfOrderByConcurrentHandlers_allAllowed() {
        // concurrent handlers read the clock in one order and take the locks in another; a bucket refilled by a
        // later time must not lose a fraction of a token to an earlier one
        long[] times = {5_000, 4_000, 3_000, 2_000, 1_000};
        int[] reads = {0};
        IntakePolicy racing = new IntakePolicy(TrustSettings.defaults().withRates(3, 100, Duration.ofMinutes(10)),
                communities, fx.quota, Optional::empty, () -> times[Math.min(reads[0]++, times.length - 1)],
                Runnable::run);
        Actor flooder = member(MALLORY, GUILD, "c1", false);

        assertThat(racing.countCommand(flooder).allowed()).isTrue();
        assertThat(racing.countCommand(flooder).allowed()).isTrue();
        assertThat(racing.countCommand(flooder).allowed()).isTrue();
        assertThat(racing.countCommand(flooder).allowed()).isFalse();
    }

    @Test
    void communityFlood_manyAccounts_heldToTheCommunityRate() {
        int allowed = 0;
        for (int i = 0; i < 300; i++) {
            Actor sockPuppet = member(new UserKey(Platform.DISCORD, "puppet" + i), GUILD, "c1", false);
            allowed += policy.countCommand(sockPuppet).allowed() ? 1 : 0;
        }

        assertThat(allowed).isEqualTo(TrustSettings.defaults().communityRate());
    }

    @Test
    void videosOffOrOtherChannel_refusedBeforeAnyDownload_withThePlaces() {
        communities.changeList(GUILD, CommunitySettingsService.ListSetting.CHANNELS, "c1", true, OPERATOR);

        Verdict elsewhere = policy.admitRequest(member(ALICE, GUILD, "c2", false));
        communities.set(GUILD, CommunitySetting.VIDEOS, false, OPERATOR);
        Verdict off = policy.admitRequest(member(ALICE, GUILD, "c1", false));

        assertThat(elsewhere).isInstanceOfSatisfying(Verdict.Refused.class, r -> assertThat(
                r.text(places -> String.join(", ", places))).isEqualTo(
                        "Videos are made in c1 here (a moderator's setting). Nothing was charged."));
        assertThat(off.allowed()).isFalse();
    }

    @Test
    void blockedMember_refusedBeforeAnyDownload_onlyInThatCommunity() {
        fx.quota.setBlocked(GUILD, false, MALLORY, true, "spam");

        assertThat(policy.admitRequest(member(MALLORY, GUILD, "c1", false)).allowed()).isFalse();
        assertThat(policy.admitRequest(member(MALLORY, OTHER_GUILD, "c1", false)).allowed()).isTrue();
    }

    @Test
    void moderation_appointingModerators_takesAnAdmin_budgetsAndBlocksEverywhere_takeAnOperator() {
        communities.changeList(GUILD, CommunitySettingsService.ListSetting.MODERATOR_ROLES, "helpers", true,
                OPERATOR);
        Actor appointed = Actor.member(MALLORY, GUILD, List.of("c1"), Set.of("helpers"), fresh -> false);
        Actor admin = member(ALICE, GUILD, "c1", true);
        ModCommand setBudget = new ModCommand.Budget(ModCommand.BudgetScope.COMMUNITY, null, true,
                dev.seedancebot.core.quota.UsageWindow.TODAY, 1_000_000L);

        assertThat(policy.mayModerate(appointed, new ModCommand.Grant(ALICE, 5, "")).allowed()).isTrue();
        assertThat(policy.mayModerate(appointed, new ModCommand.Moderator(true, "others")).allowed()).isFalse();
        assertThat(policy.mayModerate(admin, new ModCommand.Moderator(true, "others")).allowed()).isTrue();
        assertThat(policy.mayModerate(admin, setBudget).allowed()).isFalse();
        assertThat(policy.mayModerate(admin, new ModCommand.Block(MALLORY, "", true)).allowed()).isFalse();
        assertThat(policy.mayModerate(admin, ModCommand.Budget.show()).allowed()).isTrue();
        assertThat(policy.mayModerate(member(OPERATOR, GUILD, "c1", false), setBudget).allowed()).isTrue();
    }

    @Test
    void budgetOfAnotherCommunityOrAllOfThem_byAModerator_refused_byAnOperator_shown() {
        Actor admin = member(ALICE, GUILD, "c1", true);
        ModCommand other = new ModCommand.Budget(ModCommand.BudgetScope.COMMUNITY, OTHER_GUILD, false, null, null);
        ModCommand all = new ModCommand.Budget(ModCommand.BudgetScope.ALL, null, false, null, null);

        assertThat(policy.mayModerate(admin, other).allowed()).isFalse();
        assertThat(policy.mayModerate(admin, all).allowed()).isFalse();
        assertThat(policy.mayModerate(member(OPERATOR, GUILD, "c1", false), all).allowed()).isTrue();
    }

    @Test
    void moneyChangeByAnAdminDemotedSinceTheCacheFilled_refusedOnTheFreshCheck() {
        Actor demoted = Actor.member(MALLORY, GUILD, List.of("c1"), Set.of(), fresh -> !fresh);

        assertThat(policy.isModerator(demoted)).as("the cache still says admin").isTrue();
        assertThat(policy.mayModerate(demoted, new ModCommand.Grant(MALLORY, 500, "")).allowed()).isFalse();
        assertThat(policy.mayModerate(demoted, ModCommand.Budget.show()).allowed()).isTrue();
    }

    @Test
    void moderationInAPrivateChat_byAnyoneButAnOperator_refused() {
        assertThat(policy.mayModerate(Actor.direct(MALLORY), new ModCommand.Audit(10)).allowed()).isFalse();
        assertThat(policy.mayModerate(Actor.direct(OPERATOR), new ModCommand.Audit(10)).allowed()).isTrue();
    }
}
