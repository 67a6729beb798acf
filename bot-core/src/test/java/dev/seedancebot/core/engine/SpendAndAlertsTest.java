package dev.seedancebot.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.command.ModCommand;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.core.ports.in.PlaceNames;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.spend.OperatorAlerts;
import dev.seedancebot.core.spend.SpendPrices;
import dev.seedancebot.core.spend.SpendSettings;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Faults;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spend in money and the operator alerts, on a real core against the fake provider (which bills 108,900 tokens for
 * each default 5 s 720p video): tokens stored, {@code /videomod spend} for moderators and operators, the daily spend
 * alert once per day across a restart, and the out-of-balance alert once per interval.
 */
class SpendAndAlertsTest {
    private static final UserKey ALICE = new UserKey(Platform.DISCORD, "1001");
    private static final UserKey BOB = new UserKey(Platform.DISCORD, "1002");
    private static final UserKey OPERATOR = new UserKey(Platform.DISCORD, "9001");
    private static final String HOME = "guild-home";
    private static final String OTHER = "guild-other";
    /** 720p without audio: USD 1.089 at the test's price; {@link VideoOptions#DEFAULTS} has audio (USD 2.178). */
    private static final VideoOptions PLAIN = VideoOptions.DEFAULTS.withGenerateAudio(false);

    @TempDir
    Path dir;
    private FakeSeedanceServer fake;
    private RecordingPlatformPort discord;
    private EngineHarness harness;
    private CoreAssembly core;

    @BeforeEach
    void start() {
        fake = FakeSeedanceServer.start();
        discord = new RecordingPlatformPort(Platform.DISCORD);
        harness = new EngineHarness(dir, fake, discord);
        // per million tokens: USD 1 at 480p, 10 at 720p, 20 at 720p with audio; alert past USD 2.00 a day
        harness.spend = new SpendSettings(new SpendPrices(Currency.getInstance("USD"), BigDecimal.ONE,
                BigDecimal.TEN, BigDecimal.ONE, new BigDecimal("20")), new BigDecimal("2.00"), Duration.ofHours(1));
        harness.trust = TrustSettings.defaults().withOperators(Set.of(OPERATOR));
        core = harness.build();
        core.start();
    }

    @AfterEach
    void stop() {
        core.close(Duration.ofSeconds(2));
        fake.close();
    }

    @Test
    void success_fakeReportsUsage_tokensStoredWithTheTask() {
        String id = video(ALICE, HOME, PLAIN);
        quiet();

        List<Long> tokens = core.database().jdbc().query("SELECT completion_tokens FROM task WHERE id = ?",
                r -> r.getLong(1), id);

        assertThat(tokens).containsExactly(108_900L);
    }

    @Test
    void spend_moderatorHere_seesMoneyAndCreditsPerUserAndPerDay() {
        video(ALICE, HOME, PLAIN);
        video(ALICE, HOME, VideoOptions.DEFAULTS);
        video(BOB, HOME, VideoOptions.DEFAULTS.withResolution(dev.seedancebot.core.request.Resolution.P480));
        video(BOB, OTHER, VideoOptions.DEFAULTS);
        quiet();

        String text = core.ports().moderation().run(member(BOB, HOME, true), ModCommand.Spend.here(),
                u -> Set.of(), PlaceNames.NEUTRAL).text();

        // alice: 1.089 (720p) + 2.178 (720p with audio); bob here: 480p 16:9 is 864x496x121/1024 = 50,638 tokens
        // at USD 1/million; bob's video in the other community is not here
        assertThat(text).contains("Spend in this community, last 30 days: 3 videos")
                .contains("discord:1001 — 2 videos, " + 2 * cost() + " credits, USD 3.27")
                .contains("discord:1002 — 1 video, ")
                .contains("USD 0.05")
                .contains("Per day")
                .doesNotContain(OTHER);
    }

    @Test
    void spend_moderatorAskingForAll_refused_operatorSeesEveryCommunity() {
        video(ALICE, HOME, PLAIN);
        video(BOB, OTHER, PLAIN);
        quiet();

        String refused = core.ports().moderation().run(member(BOB, HOME, true), new ModCommand.Spend(null, true),
                u -> Set.of(), PlaceNames.NEUTRAL).text();
        String all = core.ports().moderation().run(Actor.direct(OPERATOR), new ModCommand.Spend(null, true),
                u -> Set.of(), PlaceNames.NEUTRAL).text();

        assertThat(refused).doesNotContain("USD");
        assertThat(all).contains("Spend in all communities", "2 videos", "USD 2.18", "Per community",
                "community " + HOME + " — 1 video", "community " + OTHER + " — 1 video");
    }

    @Test
    void dailySpendAlert_passedAndPassedAgainAfterRestart_operatorMessagedOncePerDay() {
        video(ALICE, HOME, PLAIN);
        quiet();
        assertThat(core.alerts().checkDailySpend()).isFalse(); // USD 1.09 is under the USD 2.00 alert

        video(ALICE, HOME, PLAIN);
        video(BOB, HOME, PLAIN);
        quiet();
        await().atMost(Duration.ofSeconds(30)).until(() -> discord.directMessages().size() == 1);
        assertThat(discord.directMessages().get(0)).startsWith("9001: ").contains("has reached USD", "USD 2.00");
        assertThat(core.alerts().alertsSent(OperatorAlerts.Kind.DAILY_SPEND)).isEqualTo(1);

        core.close(Duration.ofSeconds(2));
        core = harness.build();
        core.start();
        video(BOB, HOME, PLAIN);
        quiet();

        assertThat(core.alerts().checkDailySpend()).isFalse();
        assertThat(core.alerts().alertsSent(OperatorAlerts.Kind.DAILY_SPEND)).isZero();
        assertThat(discord.directMessages()).hasSize(1);
    }

    @Test
    void outOfBalance_twoRequestsRefused_operatorMessagedOnce_gaugeSetUntilTheNextAcceptedTask() {
        fake.failNextCreate(Faults.quotaNotEnough());
        fake.failNextCreate(Faults.quotaNotEnough());
        String first = video(ALICE, HOME, PLAIN);
        String second = video(BOB, HOME, PLAIN);
        quiet();

        await().atMost(Duration.ofSeconds(30)).until(() -> discord.directMessages().size() == 1);
        assertThat(core.engine().task(first).orElseThrow().state()).isEqualTo(TaskState.FAILED);
        assertThat(core.engine().task(second).orElseThrow().state()).isEqualTo(TaskState.FAILED);
        assertThat(discord.directMessages().get(0)).startsWith("9001: ").contains("out of balance",
                "quota_not_enough");
        assertThat(core.alerts().alertsSent(OperatorAlerts.Kind.OUT_OF_BALANCE)).isEqualTo(1);
        assertThat(core.alerts().outOfBalance()).isTrue();

        video(ALICE, HOME, PLAIN);
        quiet();

        assertThat(core.alerts().outOfBalance()).isFalse();
        assertThat(discord.directMessages()).hasSize(1);
    }

    @Test
    void outOfBalance_operatorChoseRussian_alertInRussian_logStaysEnglish() {
        core.ports().languages().choose(Actor.direct(OPERATOR), "ru");
        fake.failNextCreate(Faults.quotaNotEnough());
        video(ALICE, HOME, PLAIN);
        quiet();

        await().atMost(Duration.ofSeconds(30)).until(() -> discord.directMessages().size() == 1);
        assertThat(discord.directMessages().get(0)).startsWith("9001: ")
                .contains("закончился баланс", "quota_not_enough").doesNotContain("out of balance");
    }

    private long cost() {
        return core.prices().cost(VideoOptions.DEFAULTS, 0);
    }

    private static Actor member(UserKey user, String community, boolean admin) {
        return Actor.member(user, community, List.of("chan-" + community), Set.of(), fresh -> admin);
    }

    private String video(UserKey user, String community, VideoOptions options) {
        ChatRef chat = new ChatRef(Platform.DISCORD, community, "chan-" + community, null, null);
        var outcome = core.ports().requests().submit(member(user, community, false),
                VideoRequest.text("a kite", options, user, chat), null);
        assertThat(outcome).isInstanceOf(SubmitOutcome.Accepted.class);
        return ((SubmitOutcome.Accepted) outcome).task().id();
    }

    private void quiet() {
        await().atMost(Duration.ofSeconds(30)).until(() -> core.engine().unfinishedCount() == 0);
    }
}
