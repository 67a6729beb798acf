package dev.seedancebot.app;

import dev.seedancebot.app.config.ConfigException;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The launcher: {@code seedance-bot [demo|generate|run|check-config|mod] ...}; with no subcommand it starts the
 * {@code demo}. The only place that calls {@link System#exit}.
 */
@Command(
        name = "seedance-bot",
        mixinStandardHelpOptions = true,
        version = "seedance-bot 0.1.0",
        description = {
            "Makes Seedance 2.0 Mini videos from Discord, Telegram and the terminal.",
            "Without a subcommand it starts the demo: a terminal chat against a built-in fake Seedance, no keys needed."
        },
        subcommands = {
            DemoCommand.class,
            GenerateCommand.class,
            RunCommand.class,
            CheckConfigCommand.class,
            ModerateCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "  0:done",
            "  1:the video failed (or the bot failed at run time)",
            "  2:usage or configuration error",
            "  3:input rejected (nothing was charged)",
            "  4:provider refused the account (API key or balance)",
            "130:interrupted"
        })
public final class Main implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private final Cli cli;

    Main(Cli cli) {
        this.cli = cli;
    }

    public static void main(String[] args) {
        System.exit(execute(Cli.system(), args));
    }

    /** Runs one command line and returns its exit code; never exits the JVM. */
    public static int execute(Cli cli, String... args) {
        CommandLine commandLine = new CommandLine(new Main(cli), new CliFactory(cli));
        commandLine.setOut(new PrintWriter(cli.out(), true));
        commandLine.setErr(new PrintWriter(cli.err(), true));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException config) {
                cli.err().println(config.getMessage());
                return ExitCodes.USAGE;
            }
            log.error("{} failed", cmd.getCommandName(), e);
            cli.err().println("Failed: " + e);
            return ExitCodes.GENERATION_FAILED;
        });
        return commandLine.execute(args);
    }

    /** No subcommand: the demo with its defaults. */
    @Override
    public Integer call() throws Exception {
        return new DemoCommand(cli).call();
    }

    /** Gives every command that wants one the {@link Cli}. */
    private record CliFactory(Cli cli) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(Cli.class);
                return constructor.newInstance(cli);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
