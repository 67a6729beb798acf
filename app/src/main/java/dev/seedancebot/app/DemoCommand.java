package dev.seedancebot.app;

import dev.seedancebot.app.config.AppConfig;
import dev.seedancebot.app.config.ConfigLoader;
import dev.seedancebot.app.console.ConsoleAdapter;
import dev.seedancebot.app.console.ConsoleChat;
import dev.seedancebot.app.logging.LogSetup;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the whole bot with no keys or tokens. A fake Seedance runs in-process (each task takes a few
 * seconds), the terminal is the chat, and finished videos land in {@code --out}. Same engine, database and quota rules
 * as {@code run}; the state lives in its own directory so that demo videos never mix with the real ledger. The fake
 * keeps its tasks in that directory too, so a video still generating when the demo was killed is finished and saved
 * by the next {@code demo}.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Try the bot without any key or token: type /video <prompt> as in Telegram; videos are saved to --out.",
            "Without a terminal (piped input) each line is a command, and the demo ends when the input has ended"
                    + " and every video has finished, those left from an earlier run included."
        },
        footer = {
            "",
            "Example:",
            "  printf '/video a paper boat on a rainy street --duration 5\\n' | seedance-bot demo"
        })
final class DemoCommand implements Callable<Integer> {
    /** The fake Seedance's task table inside {@code --data}. */
    static final String FAKE_TASK_FILE = "fake-seedance-tasks.jsonl";
    private static final long WAIT_STEP_MILLIS = 100;

    private final Cli cli;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
            description = "Where videos are saved (default ${DEFAULT-VALUE}).")
    private Path out = Path.of("out");

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data/demo",
            description = "The demo's database and task files (default ${DEFAULT-VALUE}).")
    private Path data = Path.of("data/demo");

    @Option(names = "--config", paramLabel = "FILE", description = "Take quota and price rules from this file.")
    private Path config;

    @Option(names = "--step", paramLabel = "DURATION", defaultValue = "1s", hidden = true,
            description = "How long each step of a fake task takes.")
    private String step = "1s";

    @Option(names = "--verbose", description = "Show the bot's log lines.")
    private boolean verbose;

    DemoCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        LogSetup.rootLevel(verbose ? "INFO" : "WARN");
        AppConfig loaded = new ConfigLoader(cli.env()).load(config);
        AppConfig demo = loaded.withStorage(new AppConfig.Storage(data, null, null, null));
        Duration stepDuration = CommandSupport.duration(step, "--step");
        try (FakeSeedanceServer fake = FakeSeedanceServer.builder().stepDuration(stepDuration)
                .taskFile(data.resolve(FAKE_TASK_FILE)).start()) {
            ConsoleAdapter console = new ConsoleAdapter(cli.out(), out);
            Application app = Application.of(demo)
                    .seedance(fakeProvider(fake))
                    .engine(demoEngine(data, stepDuration))
                    .adapter(console)
                    .opsPort(-1)
                    .grace(Duration.ofSeconds(2))
                    .start();
            Thread hook = new Thread(app::close, "demo-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                boolean allDelivered = new ConsoleChat(app.core(), cli.in(), cli.out(), cli.interactive()).run();
                if (!cli.interactive()) {
                    awaitUnfinished(app);
                }
                return allDelivered ? ExitCodes.OK : ExitCodes.GENERATION_FAILED;
            } finally {
                app.close();
                removeHook(hook);
            }
        }
    }

    /**
     * The chat waits only for this session's videos; a run without a person must also finish what an earlier, killed
     * run left, or it would exit with those still generating and nobody would see them.
     */
    private static void awaitUnfinished(Application app) throws InterruptedException {
        while (app.core().engine().unfinishedCount() > 0) {
            Thread.sleep(WAIT_STEP_MILLIS);
        }
    }

    /** The real client against the fake, with quick asset checks so that video inputs don't add seconds. */
    private static SeedanceSettings fakeProvider(FakeSeedanceServer fake) {
        SeedanceSettings d = SeedanceSettings.defaults(fake.apiKey()).withBaseUrl(fake.baseUrl());
        return new SeedanceSettings(d.baseUrl(), d.apiKey(), d.model(), d.connectTimeout(), d.readTimeout(),
                d.maxResultBytes(), null, Duration.ofMillis(200), d.assetPollTimeout(), d.maxCreateAttempts(),
                d.assetNotReadyRetries(), Duration.ofMillis(500));
    }

    /** Polls twice per fake step, so progress shows every state without hammering the database. */
    static EngineSettings demoEngine(Path workDir, Duration step) {
        Duration poll = step.dividedBy(2).isZero() ? Duration.ofMillis(100) : step.dividedBy(2);
        EngineSettings d = EngineSettings.defaults(workDir);
        return new EngineSettings(workDir, Duration.ofMillis(100), Duration.ZERO, poll, poll, d.lateAfter(),
                d.slowNoticeAfter(), Duration.ofHours(1), d.maxPollsInFlight(), 0.0, Duration.ofSeconds(2),
                Duration.ofMillis(500), d.maxResultBytes(), 3, d.resultLinkValidity());
    }

    static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting and runs the hook itself
        }
    }
}
