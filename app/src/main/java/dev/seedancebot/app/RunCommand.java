package dev.seedancebot.app;

import dev.seedancebot.app.config.AppConfig;
import dev.seedancebot.app.config.ConfigLoader;
import dev.seedancebot.app.logging.LogSetup;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code run}: the bot. Starts every chat adapter that has a token (Discord, Telegram or both, sharing one engine and
 * one ledger), resumes unfinished tasks, and runs until SIGTERM or Ctrl-C, which stop it gracefully.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Runs the bot on every platform that has a token, until stopped (SIGTERM or Ctrl-C).")
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    private final Cli cli;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: " + ConfigLoader.CONFIG_ENV
            + ", else config/seedance-bot.yml, else built-in defaults).")
    private Path config;

    RunCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws InterruptedException {
        AppConfig loaded = new ConfigLoader(cli.env()).load(config);
        String missing = missingSettings(loaded);
        if (missing != null) {
            cli.err().println(missing);
            return ExitCodes.USAGE;
        }
        LogSetup.apply(loaded.logging(), loaded.secrets());
        loaded.warnings().forEach(w -> log.warn("config: {}", w));
        Application.Launch launch = Application.of(loaded);
        ChatAdapters.enabled(loaded).forEach(launch::adapter);
        Application app = launch.start();
        Thread hook = new Thread(app::close, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        log.info("seedance-bot running ({}); stop with SIGTERM or Ctrl-C", loaded.source());
        try {
            app.awaitClosed();
        } catch (InterruptedException e) {
            app.close();
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        }
        return ExitCodes.OK;
    }

    /** What to set before the bot can run, or {@code null} when it can. */
    static String missingSettings(AppConfig config) {
        StringBuilder text = new StringBuilder();
        if (!config.discord().enabled() && !config.telegram().enabled()) {
            text.append("No chat platform is configured, so there is nothing to run. Set at least one of:\n")
                    .append("  DISCORD_TOKEN=...        (or DISCORD_TOKEN_FILE=/path, or discord.token in the config"
                            + " file)\n")
                    .append("  TELEGRAM_BOT_TOKEN=...   (or TELEGRAM_BOT_TOKEN_FILE=/path, or telegram.token in the"
                            + " config file)\n");
        }
        if (config.seedance().apiKey() == null) {
            text.append(text.length() == 0 ? "" : "and also:\n")
                    .append("  SEEDANCE_API_KEY=...     (or SEEDANCE_API_KEY_FILE=/path, or seedance.api-key in the"
                            + " config file)\n");
        }
        if (text.length() == 0) {
            return null;
        }
        return text.append("Config file: ").append(config.source()).append(" (see config/seedance-bot.example.yml).\n")
                .append("To try the bot without any of these, run: seedance-bot demo").toString();
    }
}
