package dev.seedancebot.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.command.ModCommand;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.platform.PlatformPort;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.ports.in.TaskHistory;
import dev.seedancebot.core.ports.in.UsageStatsQueries;
import dev.seedancebot.core.quota.DailyUsage;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.spend.SpendPrices;
import dev.seedancebot.core.spend.SpendSettings;
import dev.seedancebot.core.stats.UsageChart;
import dev.seedancebot.core.stats.UsageStats;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core side of {@code /history} and {@code /videomod stats}: whose tasks a list shows, whose file a button gets,
 * and the figures behind the chart, checked on a real core with people who are not operators (Discord users).
 */
class HistoryAndStatsTest {
    private static final UserKey ALICE = new UserKey(Platform.DISCORD, "1001");
    private static final UserKey BOB = new UserKey(Platform.DISCORD, "1002");
    private static final String HOME = "guild-home";
    private static final String OTHER = "guild-other";

    @TempDir
    Path dir;
    private FakeSeedanceServer fake;
    private CoreAssembly core;

    @BeforeEach
    void start() {
        fake = FakeSeedanceServer.start();
        RecordingPlatformPort recording = new RecordingPlatformPort();
        EngineHarness harness = new EngineHarness(dir, fake, recording);
        // USD 10 per million tokens: the fake bills 108,900 tokens for the default 5 s 720p video, USD 1.089
        harness.spend = new SpendSettings(SpendPrices.flat(Currency.getInstance("USD"), BigDecimal.TEN),
                BigDecimal.ZERO, Duration.ofHours(1));
        core = harness.build();
        // the people here are Discord users (the terminal's would be operators), so their videos need a Discord port
        core.router().register(new PlatformPort() {
            @Override
            public Platform platform() {
                return Platform.DISCORD;
            }

            @Override
            public String showProgress(TaskView task) {
                return recording.showProgress(task);
            }

            @Override
            public long uploadLimitBytes(TaskView task) {
                return recording.uploadLimitBytes(task);
            }

            @Override
            public String deliver(TaskView task, Delivery delivery) {
                return recording.deliver(task, delivery);
            }

            @Override
            public void notify(TaskView task, Notice notice) {
                recording.notify(task, notice);
            }
        });
        core.start();
    }

    @AfterEach
    void stop() {
        core.close(Duration.ofSeconds(2));
        fake.close();
    }

    private static Actor member(UserKey user, String community, boolean admin) {
        return Actor.member(user, community, List.of("chan-" + community), Set.of(), fresh -> admin);
    }

    private String video(UserKey user, String community, String prompt) {
        ChatRef chat = new ChatRef(Platform.DISCORD, community, "chan-" + community, null, null);
        var outcome = core.ports().requests().submit(member(user, community, false),
                VideoRequest.text(prompt, VideoOptions.DEFAULTS, user, chat), null);
        assertThat(outcome).isInstanceOf(SubmitOutcome.Accepted.class);
        return ((SubmitOutcome.Accepted) outcome).task().id();
    }

    private void quiet() {
        await().atMost(Duration.ofSeconds(30)).until(() -> core.engine().unfinishedCount() == 0);
    }

    @Test
    void history_ownTasksInTwoCommunities_listsOnlyThisCommunitysNewestFirstInPages() {
        for (int i = 1; i <= 5; i++) {
            video(ALICE, HOME, "home " + i);
        }
        video(ALICE, OTHER, "elsewhere");
        video(BOB, HOME, "bob's");
        quiet();

        var first = (TaskHistory.Page) core.ports().history().page(member(ALICE, HOME, false), ALICE, 0);
        var second = (TaskHistory.Page) core.ports().history().page(member(ALICE, HOME, false), ALICE, 1);

        assertThat(first.entries()).extracting(e -> e.task().prompt())
                .containsExactly("home 5", "home 4", "home 3", "home 2");
        assertThat(first.hasNext()).isTrue();
        assertThat(second.entries()).extracting(e -> e.task().prompt()).containsExactly("home 1");
        assertThat(second.hasNext()).isFalse();
        assertThat(second.hasPrevious()).isTrue();
        assertThat(first.entries()).allMatch(TaskHistory.Entry::fileKept);
        assertThat(first.text()).contains("home 5").doesNotContain("bob's", "elsewhere");
    }

    @Test
    void historyPage_pressedBySomeoneElse_refused() {
        video(ALICE, HOME, "mine");
        quiet();

        var outcome = core.ports().history().page(member(BOB, HOME, false), ALICE, 0);

        assertThat(outcome).isInstanceOf(TaskHistory.PageRefused.class);
    }

    @Test
    void keptFileAttack_craftedIdOfSomeoneElsesTaskFromTheSameChannel_refusedAsIfItDidNotExist() {
        String alices = video(ALICE, HOME, "mine");
        quiet();

        var byBob = core.ports().history().keptFile(member(BOB, HOME, false), alices);
        var byAliceElsewhere = core.ports().history().keptFile(member(ALICE, OTHER, false), alices);
        var byAlice = core.ports().history().keptFile(member(ALICE, HOME, false), alices);

        assertThat(byBob).isInstanceOfSatisfying(TaskHistory.FileRefused.class,
                r -> assertThat(r.answer().text()).isEqualTo("There is no video " + alices + " here."));
        assertThat(byAliceElsewhere).isInstanceOf(TaskHistory.FileRefused.class);
        assertThat(byAlice).isInstanceOfSatisfying(TaskHistory.KeptFile.class,
                f -> assertThat(f.sizeBytes()).isPositive());
    }

    @Test
    void keptFile_afterTheRetentionSweep_listedAsNoLongerKeptAndRefusedInWords() {
        String id = video(ALICE, HOME, "old one");
        quiet();
        core.engine().retention().sweep(java.time.Instant.now().plus(Duration.ofDays(8)));

        var page = (TaskHistory.Page) core.ports().history().page(member(ALICE, HOME, false), ALICE, 0);
        var file = core.ports().history().keptFile(member(ALICE, HOME, false), id);

        assertThat(page.entries()).singleElement().satisfies(e -> assertThat(e.fileKept()).isFalse());
        assertThat(page.text()).contains("File no longer kept");
        assertThat(file).isInstanceOfSatisfying(TaskHistory.FileRefused.class,
                r -> assertThat(r.answer().text()).contains("no longer kept", "7 days"));
    }

    @Test
    void stats_moderatorOfOneCommunity_seesItsDaysAndTopUsersOnly() {
        String one = video(ALICE, HOME, "a");
        video(ALICE, HOME, "b");
        video(BOB, HOME, "c");
        video(BOB, OTHER, "d");
        quiet();
        long cost = core.engine().task(one).orElseThrow().cost();

        var outcome = core.ports().stats().stats(member(BOB, HOME, true), ModCommand.Stats.here(),
                user -> user.equals(ALICE) ? "alice" : null);

        UsageStats stats = ((UsageStatsQueries.Chart) outcome).stats();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(stats.days()).hasSize(30);
        assertThat(stats.days().get(29)).isEqualTo(new DailyUsage.Day(today, 3, 3 * cost));
        assertThat(stats.days().subList(0, 29)).allMatch(d -> d.videos() == 0 && d.credits() == 0);
        assertThat(stats.topUsers()).containsExactly(new UsageStats.NamedTotal("alice", 2 * cost),
                new UsageStats.NamedTotal("discord 1002", cost));
        // the money series: the same days, priced from the tokens the fake billed (3 x 108,900 at USD 10/million)
        assertThat(stats.money().currency()).isEqualTo("USD");
        assertThat(stats.money().perDay()).hasSize(30);
        assertThat(stats.money().perDay().get(29)).isEqualByComparingTo("3.267");
        assertThat(stats.money().perDay().subList(0, 29)).allMatch(m -> m.signum() == 0);
        assertThat(((UsageStatsQueries.Chart) outcome).caption()).contains("3 videos", "Money spent: USD 3.27");
    }

    @Test
    void stats_moderatorAskingForAnotherCommunityOrAll_refused() {
        var other = core.ports().stats().stats(member(BOB, HOME, true), new ModCommand.Stats(OTHER, false), u -> null);
        var all = core.ports().stats().stats(member(BOB, HOME, true), new ModCommand.Stats(null, true), u -> null);

        assertThat(other).isInstanceOf(UsageStatsQueries.Refused.class);
        assertThat(all).isInstanceOf(UsageStatsQueries.Refused.class);
    }

    @Test
    void stats_operatorAtTheTerminalForAll_countsEveryCommunity() throws Exception {
        video(ALICE, HOME, "a");
        video(BOB, OTHER, "b");
        quiet();
        Actor operator = Actor.direct(new UserKey(Platform.CONSOLE, "operator"));

        var outcome = (UsageStatsQueries.Chart) core.ports().stats().stats(operator, new ModCommand.Stats(null, true),
                u -> null);

        assertThat(outcome.stats().totalVideos()).isEqualTo(2);
        assertThat(outcome.stats().topUsers()).hasSize(2);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(outcome.png()));
        assertThat(image.getWidth()).isEqualTo(UsageChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(UsageChart.HEIGHT);
        // kept for a look by eye: the chart as a phone shows it
        Files.write(Path.of(System.getProperty("java.io.tmpdir"), "seedance-usage-chart.png"), outcome.png());
    }
}
