package dev.seedancebot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.engine.queue.Dispatcher;
import dev.seedancebot.core.engine.queue.QueueSettings;
import dev.seedancebot.core.storage.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModerateCommandTest {
    @TempDir
    Path dir;

    private Path config;

    @BeforeEach
    void writeConfig() throws IOException {
        config = Files.writeString(dir.resolve("bot.yml"), "storage:\n  data-dir: " + dir.resolve("data") + "\n");
    }

    private CapturedCli mod(String... words) {
        CapturedCli cli = new CapturedCli(Map.of());
        String[] args = new String[words.length + 3];
        args[0] = "mod";
        args[1] = "--config";
        args[2] = config.toString();
        System.arraycopy(words, 0, args, 3, words.length);
        cli.run(args);
        return cli;
    }

    @Test
    void mod_statsAll_writesAPhoneSizedChartAndPrintsItsFigures() throws IOException {
        Path png = dir.resolve("usage.png");

        CapturedCli stats = mod("stats", "all", "--out", png.toString());

        assertThat(stats.err()).isEmpty();
        assertThat(stats.out()).contains("Usage in all communities, last 30 days: 0 videos, 0 credits",
                "Chart written to");
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(dev.seedancebot.core.stats.UsageChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(dev.seedancebot.core.stats.UsageChart.HEIGHT);
    }

    @Test
    void mod_spendAllAndForACommunity_withAPrice_showsMoneyCreditsAndTokens() throws IOException {
        Files.writeString(config, "spend:\n  currency: eur\n  per-million-tokens-720p: 12.5\n",
                StandardOpenOption.APPEND);

        CapturedCli all = mod("spend", "all");
        CapturedCli community = mod("spend", "--community", "-100123");

        assertThat(all.err()).isEmpty();
        assertThat(all.out()).contains("Spend in all communities, last 30 days: 0 videos, 0 credits, EUR 0.00"
                + " (0 tokens).", "No video was billed");
        assertThat(community.out()).contains("Spend in this community, last 30 days:");
    }

    @Test
    void mod_grantThenUsageThenAudit_showsTheBonusAndTheOperator() {
        CapturedCli grant = mod("grant", "telegram:4242", "50", "contest", "winner");
        CapturedCli usage = mod("usage", "telegram:4242");
        CapturedCli audit = mod("audit");

        assertThat(grant.err()).isEmpty();
        assertThat(usage.out()).contains("50");
        assertThat(audit.out()).contains("console:operator", "telegram:4242");
    }

    @Test
    void mod_setMaxResolutionThenSettings_withCommunity_showsTheSetValueAndTheConfiguredRest() throws IOException {
        Files.writeString(config, "video:\n  duration: 6\n", StandardOpenOption.APPEND);

        CapturedCli set = mod("set", "max-resolution", "480p", "--community", "-100123");
        CapturedCli settings = mod("settings", "--community", "-100123");
        CapturedCli elsewhere = mod("settings", "--community", "-100999");

        assertThat(set.err()).isEmpty();
        assertThat(set.out()).contains("Set max-resolution to 480p here (was inherited)");
        assertThat(settings.out()).contains("max-resolution: 480p *", "resolution: 480p\n", "duration: 6s\n",
                "videos: on\n", "channels: all");
        assertThat(elsewhere.out()).contains("max-resolution: 720p\n", "resolution: 720p\n");
        assertThat(mod("audit").out()).contains("max-resolution inherited → 480p");
    }

    @Test
    void mod_channelAndModeratorWithCommunity_areListedInSettings() {
        mod("channel", "allow", "42", "--community", "-100123");
        mod("moderator", "add", "telegram:4242", "--community", "-100123");

        CapturedCli settings = mod("settings", "--community", "-100123");

        assertThat(settings.out()).contains("channels: channel 42 *", "role 4242");
    }

    @Test
    void mod_queueResume_pausedForBalanceThenNotPaused_resumesOnceThenSaysSo() {
        mod("queue"); // creates the database
        try (Database db = Database.open(Database.h2FileUrl(dir.resolve("data").resolve("db")), "", "")) {
            new Dispatcher(db.dataSource(), "elsewhere", Duration.ofMinutes(1), false, QueueSettings.defaults(),
                    Clock.systemUTC(), id -> { }, id -> { }).pauseForBalance(Instant.now());
        }

        CapturedCli resumed = mod("queue", "resume");
        CapturedCli again = mod("queue", "resume");

        assertThat(resumed.err()).isEmpty();
        assertThat(resumed.out()).contains("The queue runs again");
        assertThat(again.out()).contains("The queue was not paused");
    }

    @Test
    void mod_settingsWithoutCommunity_exits2AndAsksForIt() {
        CapturedCli cli = new CapturedCli(Map.of());

        int code = cli.run("mod", "--config", config.toString(), "set", "videos", "off");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("--community ID");
    }

    @Test
    void mod_unknownAction_exits2WithTheSyntax() {
        CapturedCli cli = new CapturedCli(Map.of());

        int code = cli.run("mod", "--config", config.toString(), "frobnicate");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("seedance-bot mod grant");
    }

    @Test
    void mod_budgetSetForACommunityThenAll_showsItsCeilingAndSpendAndIsAudited() {
        CapturedCli set = mod("budget", "set", "daily", "500", "--community", "-100123");
        CapturedCli shown = mod("budget", "--community", "-100123");
        CapturedCli all = mod("budget", "all");

        assertThat(set.err()).isEmpty();
        assertThat(set.out()).contains("Set the daily budget 600 → 500 for community -100123.");
        assertThat(shown.out()).contains("This community: 0 of 500 credits today");
        assertThat(all.out()).contains("No spend this month yet.");
        assertThat(mod("audit").out()).contains("daily budget 600 → 500");
    }
}
