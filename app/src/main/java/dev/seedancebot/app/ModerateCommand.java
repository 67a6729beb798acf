package dev.seedancebot.app;

import dev.seedancebot.app.config.AppConfig;
import dev.seedancebot.app.config.ConfigLoader;
import dev.seedancebot.app.console.ConsoleChat;
import dev.seedancebot.app.logging.LogSetup;
import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.command.HelpText;
import dev.seedancebot.core.command.ModCommand;
import dev.seedancebot.core.command.ModCommandParser;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.ports.in.PlaceNames;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.core.ports.in.UsageStatsQueries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mod}: the chat's {@code /videomod} actions from the server's shell, as the operator, with the same parser
 * and runner. With the embedded database the bot must be stopped first (one process at a time opens the file);
 * while it runs, moderate from a chat instead.
 */
@Command(
        name = "mod",
        mixinStandardHelpOptions = true,
        description = {
            "Moderator actions as the operator: usage, limit, grant, reset, block, unblock, refund, audit, top, stats,",
            "spend, queue (every community's videos waiting for Seedance),",
            "and a community's settings: settings, set, channel, moderator (these need --community).",
            "Users are written platform:id, e.g. telegram:123456789 or discord:80351110224678912."
        },
        footer = {
            "",
            "Examples:",
            "  seedance-bot mod usage telegram:123456789",
            "  seedance-bot mod grant discord:80351110224678912 50 contest winner",
            "  seedance-bot mod limit community daily 300 --community 1234567890",
            "  seedance-bot mod refund t7k2m9q provider glitch",
            "  seedance-bot mod audit 20",
            "  seedance-bot mod stats all --out usage.png",
            "  seedance-bot mod stats --community 1234567890",
            "  seedance-bot mod spend all",
            "  seedance-bot mod set max-resolution 480p --community -1001234567890",
            "  seedance-bot mod channel allow 42 --community -1001234567890",
            "  seedance-bot mod settings --community 1234567890"
        })
final class ModerateCommand implements Callable<Integer> {
    /** Who the audit log shows for actions taken here. */
    static final UserKey OPERATOR = new UserKey(Platform.CONSOLE, "operator");

    private final Cli cli;

    @Parameters(arity = "1..*", paramLabel = "ACTION", description = "The action and its arguments.")
    private List<String> words = new ArrayList<>();

    @Option(names = "--community", paramLabel = "ID",
            description = "The Discord server or Telegram group id, for community, role and settings actions.")
    private String community;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "seedance-usage.png",
            description = "Where stats writes its chart, a PNG (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: " + ConfigLoader.CONFIG_ENV
            + ", else config/seedance-bot.yml).")
    private Path config;

    ModerateCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        LogSetup.rootLevel("WARN");
        AppConfig loaded = new ConfigLoader(cli.env()).load(config);
        ModCommandParser.Result parsed =
                new ModCommandParser().parse(String.join(" ", words), null, ConsoleChat::resolveUser);
        if (parsed instanceof ModCommandParser.Problem problem) {
            cli.err().println(problem.message());
            cli.err().println();
            cli.err().println(HelpText.moderation().replace("/videomod", "seedance-bot mod"));
            return ExitCodes.USAGE;
        }
        ModCommand command = ((ModCommandParser.Ok) parsed).command();
        if (community == null && needsCommunity(command)) {
            cli.err().println("This action applies to a Discord server or Telegram group: add --community ID, e.g."
                    + " --community -1001234567890.");
            return ExitCodes.USAGE;
        }
        // no provider call happens here; the key only satisfies the client's settings when none is configured
        String key = loaded.seedance().apiKey() != null ? loaded.seedance().apiKey() : "not-needed-for-moderation";
        SeedanceSettings seedance = loaded.seedance().settings(key);
        CoreAssembly core;
        try {
            core = open(loaded.storage(), loaded, seedance);
        } catch (DatabaseInUse e) {
            cli.err().println("The database in " + loaded.storage().dataDir().resolve("db") + " is in use by the"
                    + " running bot. Use /videomod in a chat, or stop the bot (e.g. systemctl stop seedance-bot) and"
                    + " try again.");
            return ExitCodes.GENERATION_FAILED;
        }
        try {
            // no channel is "here" on the terminal: channel allow/disallow name theirs
            Actor operator = Actor.member(OPERATOR, community, List.of(), Set.of(), Actor.AdminCheck.NO);
            if (command instanceof ModCommand.Stats stats) {
                return chart(core, operator, stats);
            }
            String reply = core.ports().moderation().run(operator, command, user -> Set.of(), PlaceNames.NEUTRAL).text();
            cli.out().println(reply);
            return ExitCodes.OK;
        } finally {
            core.close(Duration.ZERO);
        }
    }

    /** The usage chart into {@code --out}, its figures on the terminal; without a community, the whole bot's. */
    private int chart(CoreAssembly core, Actor operator, ModCommand.Stats stats) {
        UsageStatsQueries.Outcome outcome = core.ports().stats().stats(operator, stats, user -> null);
        if (outcome instanceof UsageStatsQueries.Refused refused) {
            cli.err().println(refused.answer().text());
            return ExitCodes.USAGE;
        }
        UsageStatsQueries.Chart chart = (UsageStatsQueries.Chart) outcome;
        try {
            Files.write(out, chart.png());
        } catch (IOException e) {
            cli.err().println("Could not write the chart to " + out + ": " + e.getMessage());
            return ExitCodes.GENERATION_FAILED;
        }
        cli.out().println(chart.caption());
        cli.out().println("Chart written to " + out.toAbsolutePath() + ".");
        return ExitCodes.OK;
    }

    /** The actions that exist only within a community (the runner refuses them without one). */
    private static boolean needsCommunity(ModCommand command) {
        return command instanceof ModCommand.Settings || command instanceof ModCommand.SetSetting
                || command instanceof ModCommand.Channel || command instanceof ModCommand.Moderator
                || command instanceof ModCommand.Top
                || command instanceof ModCommand.SetLimit l && l.scope() != ModCommand.LimitScope.USER;
    }

    /** The embedded H2 file admits one process; a second one fails with "Database may be already in use". */
    private static CoreAssembly open(AppConfig.Storage storage, AppConfig config, SeedanceSettings seedance) {
        try {
            return CoreAssembly.builder()
                    .workDir(storage.workDir())
                    .jdbc(storage.effectiveJdbcUrl(), storage.user(), storage.password())
                    .seedance(seedance)
                    .quotaSettings(config.quota())
                .trust(config.trust())
                .budgets(config.budgets())
                .videoDefaults(config.video())
                .blockedWords(config.blockedWords())
                    .trust(config.trust())
                    .budgets(config.budgets())
                    .videoDefaults(config.video())
                    .prices(config.prices())
                    .spend(config.spend())
                    .workerThreads(1)
                    .build();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (String.valueOf(t.getMessage()).contains("already in use")) {
                    throw new DatabaseInUse(e);
                }
            }
            throw e;
        }
    }

    private static final class DatabaseInUse extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DatabaseInUse(Throwable cause) {
            super(cause);
        }
    }
}
