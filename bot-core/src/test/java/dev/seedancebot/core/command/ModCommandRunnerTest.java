package dev.seedancebot.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.community.CommunitySetting;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.engine.RecordingPlatformPort;
import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.ports.in.PlaceNames;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.quota.UsageWindow;
import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The moderator commands that change credits, run through the real services and engine. */
class ModCommandRunnerTest {
    private static final UserKey MOD = new UserKey(Platform.CONSOLE, "mod");
    /** Channel mentions as a Discord adapter names them. */
    private static final PlaceNames NAMES = PlaceNames.of(id -> "<#" + id + ">", id -> "<@&" + id + ">",
            () -> "Manage Server");
    private static final UserKey ALICE = new UserKey(Platform.CONSOLE, "alice");
    private static final ChatRef CHAT = ChatRef.of(Platform.CONSOLE, "guild", "chat");

    @TempDir
    Path dir;

    private FakeSeedanceServer fake;
    private CoreAssembly core;
    private ModCommandRunner runner;
    private final RecordingPlatformPort port = new RecordingPlatformPort();

    @BeforeEach
    void setUp() {
        fake = FakeSeedanceServer.start();
        core = CoreAssembly.builder()
                .workDir(dir)
                .seedance(SeedanceSettings.defaults(fake.apiKey()).withBaseUrl(fake.baseUrl()))
                .engineSettings(EngineSettings.fast(dir))
                .quotaSettings(new QuotaSettings(ZoneId.of("UTC"), 20, 0, 0, 0))
                .build();
        core.router().register(port);
        core.start();
        runner = new ModCommandRunner(core.moderation(), core.engine(), VideoOptions.DEFAULTS,
                new dev.seedancebot.core.spend.SpendReport(core.spend()));
    }

    @AfterEach
    void tearDown() {
        core.close(Duration.ofSeconds(2));
        fake.close();
    }

    private String deliveredTask() {
        SubmitOutcome outcome = core.engine().submit(
                VideoRequest.text("a lighthouse", VideoOptions.DEFAULTS, ALICE, CHAT), Set.of());
        String id = ((SubmitOutcome.Accepted) outcome).task().id();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> core.engine().task(id).orElseThrow().state() == TaskState.DELIVERED);
        return id;
    }

    @Test
    void run_refundDeliveredTask_refundsLedgerAndTellsTheUser() {
        String id = deliveredTask();

        String reply = runner.run(new ModCommand.Refund(id, "glitchy"), MOD, "guild", null, u -> Set.of(), NAMES);

        assertThat(reply).contains(id);
        assertThat(core.quota().entry(id).orElseThrow().state()).isEqualTo(ChargeState.REFUNDED);
        await().atMost(Duration.ofSeconds(5)).until(() -> port.noticesOf(id).stream()
                .anyMatch(n -> n.notice().kind() == Notice.Kind.REFUNDED && n.notice().text().contains("glitchy")));
        assertThat(core.moderation().audit("guild", 5)).isNotEmpty();
    }

    @Test
    void run_refundBySpeakerOfAnotherLanguage_answersModeratorInTheirsAndRequesterInTheirs() {
        String id;
        try (Texts.Scope spanish = Texts.use(Languages.SPANISH)) {
            id = deliveredTask();
        }

        String reply;
        try (Texts.Scope russian = Texts.use(Languages.RUSSIAN)) {
            reply = runner.run(new ModCommand.Refund(id, "glitchy"), MOD, "guild", null, u -> Set.of(), NAMES);
        }

        assertThat(reply).isEqualTo("Задача " + id + ": console:alice возвращено кредитов — 10.");
        await().atMost(Duration.ofSeconds(5)).until(() -> port.noticesOf(id).stream()
                .anyMatch(n -> n.notice().kind() == Notice.Kind.REFUNDED && n.notice().text().equals(
                        "Un moderador te devolvió los créditos de tu video " + id + ": glitchy")));
    }

    @Test
    void run_grantAfterDailyLimit_letsUserSubmitAgain() {
        deliveredTask();
        deliveredTask(); // 2 × 10 credits: the daily 20 are used up
        assertThat(core.engine().submit(VideoRequest.text("third", VideoOptions.DEFAULTS, ALICE, CHAT), Set.of()))
                .isInstanceOf(SubmitOutcome.Denied.class);

        String reply = runner.run(new ModCommand.Grant(ALICE, 10, "contest"), MOD, "guild", null, u -> Set.of(), NAMES);

        assertThat(reply).contains("10");
        assertThat(core.engine().submit(VideoRequest.text("third", VideoOptions.DEFAULTS, ALICE, CHAT), Set.of()))
                .isInstanceOf(SubmitOutcome.Accepted.class);
    }

    @Test
    void run_resetToday_givesBackTodaysUsage() {
        deliveredTask();
        long before = core.quota().snapshot(ALICE, "guild", Set.of()).usedToday();

        runner.run(new ModCommand.Reset(ALICE, UsageWindow.TODAY, "mistake"), MOD, "guild", null, u -> Set.of(), NAMES);

        assertThat(before).isEqualTo(10);
        assertThat(core.quota().snapshot(ALICE, "guild", Set.of()).usedToday()).isZero();
    }

    @Test
    void run_topInPrivateChat_saysItNeedsAGroup() {
        String reply = runner.run(new ModCommand.Top(), MOD, null, null, u -> Set.of(), NAMES);

        assertThat(reply).contains("send this command in the group");
    }

    @Test
    void run_setMaxResolution_refusesExplicit720pAndClampsTheDefault() {
        String reply = runner.run(new ModCommand.SetSetting(CommunitySetting.MAX_RESOLUTION, Resolution.P480), MOD,
                "guild", null, u -> Set.of(), NAMES);

        assertThat(reply).contains("Set max-resolution to 480p");
        SubmitOutcome explicit = core.engine().submit(VideoRequest.text("a lighthouse",
                VideoOptions.DEFAULTS.withResolution(Resolution.P720), ALICE, CHAT), Set.of());
        assertThat(explicit).isInstanceOf(SubmitOutcome.Invalid.class);
        assertThat(((SubmitOutcome.Invalid) explicit).text()).contains("up to 480p").contains("Nothing was charged");
        assertThat(core.quota().snapshot(ALICE, "guild", Set.of()).usedToday()).isZero();
        VideoOptions defaults = core.moderation().communities().get("guild").defaults(VideoOptions.DEFAULTS);
        assertThat(defaults.resolution()).isEqualTo(Resolution.P480);
        assertThat(core.engine().submit(VideoRequest.text("a lighthouse", defaults, ALICE, CHAT), Set.of()))
                .isInstanceOf(SubmitOutcome.Accepted.class);
    }

    @Test
    void run_videosOff_deniesWithoutCharge() {
        runner.run(new ModCommand.SetSetting(CommunitySetting.VIDEOS, false), MOD, "guild", null, u -> Set.of(), NAMES);

        SubmitOutcome outcome = core.engine().submit(
                VideoRequest.text("a lighthouse", VideoOptions.DEFAULTS, ALICE, CHAT), Set.of());

        assertThat(outcome).isInstanceOf(SubmitOutcome.Denied.class);
        assertThat(((SubmitOutcome.Denied) outcome).message()).contains("switched video making off");
        assertThat(core.quota().snapshot(ALICE, "guild", Set.of()).usedToday()).isZero();
    }

    @Test
    void run_channelAllowHere_listsTheChannelAndShowsItInSettings() {
        String allowed = runner.run(new ModCommand.Channel(ModCommand.ChannelAction.ALLOW, null),
                new UserKey(Platform.DISCORD, "mod"), "guild", "c1", u -> Set.of(), NAMES);
        String settings = runner.run(new ModCommand.Settings(), new UserKey(Platform.DISCORD, "mod"), "guild", "c1",
                u -> Set.of(), NAMES);

        assertThat(allowed).contains("/video now works in <#c1>");
        assertThat(settings).contains("channels: <#c1> *").contains("resolution: 720p");
        assertThat(core.moderation().communities().get("guild").allowsChannel(List.of("c2"))).isFalse();
        assertThat(runner.run(new ModCommand.Channel(ModCommand.ChannelAction.ALL, null), MOD, "guild", null,
                u -> Set.of(), NAMES)).contains("every channel");
        assertThat(core.moderation().communities().get("guild").allowsChannel(List.of("c2"))).isTrue();
    }

    @Test
    void run_settingsInRussian_onOffAndListsInRussian_settingNamesAsTyped() {
        String settings;
        try (Texts.Scope russian = Texts.use(Languages.RUSSIAN)) {
            settings = runner.run(new ModCommand.Settings(), MOD, "guild", null, u -> Set.of(), PlaceNames.NEUTRAL);
        }

        assertThat(settings).contains("videos: вкл", "каналы: все", "модераторы: админы сообщества")
                .doesNotContain(": on", "channels:", "the community's admins");
    }

    @Test
    void run_channelAllowWithoutPlace_saysWhatToName() {
        String reply = runner.run(new ModCommand.Channel(ModCommand.ChannelAction.ALLOW, null), MOD, "guild", null,
                u -> Set.of(), NAMES);

        assertThat(reply).contains("Name the channel");
    }

    @Test
    void run_settingsInPrivateChat_saysItNeedsAGroup() {
        String reply = runner.run(new ModCommand.SetSetting(CommunitySetting.DURATION, 8), MOD, null, null,
                u -> Set.of(), NAMES);

        assertThat(reply).contains("send this command in the group");
    }

    @Test
    void run_auditOfEnglishModeratorsActions_readInRussianByAnother_wordsInRussianValuesAsTyped() {
        UserKey englishMod = new UserKey(Platform.CONSOLE, "english-mod");
        try (Texts.Scope english = Texts.use(Languages.ENGLISH)) {
            runner.run(new ModCommand.Grant(ALICE, 5, "contest winner"), englishMod, "guild", null, u -> Set.of(),
                    NAMES);
            runner.run(new ModCommand.Reset(ALICE, UsageWindow.TODAY, null), englishMod, "guild", null,
                    u -> Set.of(), NAMES);
        }

        String audit;
        try (Texts.Scope russian = Texts.use(Languages.RUSSIAN)) {
            audit = runner.run(new ModCommand.Audit(10), MOD, "guild", null, u -> Set.of(), NAMES);
        }

        assertThat(audit).contains("Последние действия модераторов:",
                "console:english-mod grant_bonus console:alice: начислено бонусных кредитов: 5 (причина: contest winner)",
                "console:english-mod reset_usage console:alice: сброс (сегодня): возвращено дневных кредитов — 0,"
                        + " месячных — 0")
                .doesNotContain("granted", "reason:");
    }
}
