package dev.seedancebot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedancebot.app.config.AppConfig;
import dev.seedancebot.app.config.ConfigLoader;
import dev.seedancebot.app.logging.LogSetup;
import dev.seedancebot.app.logging.SecretMasker;
import dev.seedancebot.core.generation.GenerationException;
import dev.seedancebot.core.seedance.SeedanceClient;
import dev.seedancebot.discord.DiscordSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code check-config}: loads and validates the configuration (every problem at once), then tries the API key and
 * the chat tokens with one cheap authenticated call each, so that a bad secret shows up before the bot is started.
 */
@Command(
        name = "check-config",
        mixinStandardHelpOptions = true,
        description = {
            "Validates the configuration and tries the Seedance API key and the chat tokens.",
            "Exit 0: ready to run; 2: configuration incomplete or invalid; 4: a key or token was refused;"
                    + " 1: a service could not be reached."
        })
final class CheckConfigCommand implements Callable<Integer> {
    /** A task id no one has: the provider answers "not found" to a working key and 401 to a bad one. */
    private static final String PROBE_TASK_ID = "cgt-00000000000000-seedance-bot-check";

    private final Cli cli;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: " + ConfigLoader.CONFIG_ENV
            + ", else config/seedance-bot.yml, else built-in defaults).")
    private Path config;

    @Option(names = "--offline", description = "Only validate; don't contact Seedance, Discord or Telegram.")
    private boolean offline;

    CheckConfigCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        LogSetup.rootLevel("ERROR");
        AppConfig loaded = new ConfigLoader(cli.env()).load(config);
        LogSetup.registerSecrets(loaded.secrets());
        SecretMasker masker = new SecretMasker();
        masker.register(loaded.secrets());
        cli.out().println("Configuration is valid: " + loaded.source());
        cli.out().println("  Seedance:  " + loaded.seedance().baseUrl() + ", model " + loaded.seedance().model()
                + ", API key " + (loaded.seedance().apiKey() == null ? "NOT SET" : "set"));
        cli.out().println("  Discord:   " + (loaded.discord().enabled() ? "token set, " + shards(loaded.discord())
                : "off (no token)"));
        cli.out().println("  Telegram:  " + (loaded.telegram().enabled() ? "token set, " + loaded.telegram().apiUrl()
                + ", receiver " + loaded.telegram().receiver() : "off (no token)"));
        cli.out().println("  Storage:   " + masker.mask(loaded.storage().effectiveJdbcUrl()) + " (files in "
                + loaded.storage().workDir().toAbsolutePath() + ")");
        cli.out().println("  Instance:  " + loaded.storage().cluster().instanceId() + (loaded.storage().isShared()
                ? ", task lease " + loaded.storage().cluster().leaseDuration().toSeconds() + " s"
                : " (single instance)"));
        cli.out().println("  Endpoint:  " + (loaded.ops().httpPort() == 0 ? "off"
                : "http://" + loaded.ops().httpBind() + ":" + loaded.ops().httpPort() + "/healthz and /metrics"));
        for (String warning : loaded.warnings()) {
            cli.out().println("  WARN  " + masker.mask(warning));
        }
        int code = ExitCodes.OK;
        if (!offline) {
            OkHttpClient http = new OkHttpClient();
            try {
                code = worst(code, checkApiKey(loaded, http));
                code = worst(code, checkDiscord(loaded, http));
                code = worst(code, checkTelegram(loaded, http));
            } finally {
                http.dispatcher().executorService().shutdown();
                http.connectionPool().evictAll();
            }
        }
        String missing = RunCommand.missingSettings(loaded);
        if (missing != null) {
            cli.out().println();
            cli.out().println("`run` would not start yet:");
            cli.out().println(missing);
            return worst(code, ExitCodes.USAGE);
        }
        if (code == ExitCodes.OK) {
            cli.out().println("Ready: `seedance-bot run` will start.");
        }
        return code;
    }

    private int checkApiKey(AppConfig config, OkHttpClient http) {
        String key = config.seedance().apiKey();
        if (key == null) {
            return ExitCodes.OK;
        }
        SeedanceClient client = new SeedanceClient(http, new ObjectMapper(), config.seedance().settings(key));
        try {
            client.poll(PROBE_TASK_ID);
            return report("Seedance API key", true, "works");
        } catch (GenerationException e) {
            return switch (e.kind()) {
                case TASK_NOT_FOUND -> report("Seedance API key", true, "works");
                case AUTHENTICATION -> refused("Seedance API key", "refused by " + config.seedance().baseUrl()
                        + "; create a new key in the anyfast console and set SEEDANCE_API_KEY");
                case INSUFFICIENT_BALANCE -> refused("Seedance API key", "works, but the account has no balance;"
                        + " top it up before running the bot");
                default -> unreachable("Seedance API", e.kind() + " " + e.getMessage());
            };
        }
    }

    private int checkDiscord(AppConfig config, OkHttpClient http) {
        if (!config.discord().enabled()) {
            return ExitCodes.OK;
        }
        Request me = new Request.Builder().url(config.discord().restBaseUrl() + "users/@me")
                .header("Authorization", "Bot " + config.discord().token()).build();
        return checkToken(http, me, "Discord token", "reset it under Bot > Reset Token in the Discord developer"
                + " portal and set DISCORD_TOKEN");
    }

    private static String shards(DiscordSettings discord) {
        DiscordSettings.Sharding s = discord.sharding();
        if (s.isRange()) {
            return "shards " + s.min() + ".." + s.max() + " of " + s.total();
        }
        return s.total() == 0 ? "Discord's recommended number of shards" : "all " + s.total() + " shards";
    }

    private int checkTelegram(AppConfig config, OkHttpClient http) {
        if (!config.telegram().enabled()) {
            return ExitCodes.OK;
        }
        Request me = new Request.Builder()
                .url(config.telegram().fileBaseUrl() + "/bot" + config.telegram().token() + "/getMe").build();
        return checkToken(http, me, "Telegram token", "ask @BotFather for the token again (/token) and set"
                + " TELEGRAM_BOT_TOKEN");
    }

    private int checkToken(OkHttpClient http, Request request, String what, String fix) {
        try (Response response = http.newCall(request).execute()) {
            if (response.isSuccessful()) {
                return report(what, true, "works");
            }
            if (response.code() == 401 || response.code() == 403 || response.code() == 404) {
                return refused(what, "refused (HTTP " + response.code() + "); " + fix);
            }
            return unreachable(what.replace(" token", ""), "HTTP " + response.code());
        } catch (IOException e) {
            // the message may name the URL, which for Telegram holds the token; the log masker covers logs only
            return unreachable(what.replace(" token", ""), e.getClass().getSimpleName());
        }
    }

    private int report(String what, boolean ok, String text) {
        cli.out().println((ok ? "  OK    " : "  FAIL  ") + what + ": " + text);
        return ok ? ExitCodes.OK : ExitCodes.PROVIDER_REFUSED;
    }

    private int refused(String what, String text) {
        return report(what, false, text);
    }

    private int unreachable(String what, String detail) {
        cli.out().println("  ?     " + what + " could not be reached (" + detail + "); check the network, then try"
                + " again");
        return ExitCodes.GENERATION_FAILED;
    }

    /** Refusals outrank unreachable services, which outrank success. */
    private static int worst(int a, int b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(int code) {
        return switch (code) {
            case ExitCodes.OK -> 0;
            case ExitCodes.GENERATION_FAILED -> 1;
            case ExitCodes.USAGE -> 2;
            default -> 3;
        };
    }
}
