package dev.seedancebot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @TempDir
    Path dir;

    @Test
    void run_noTokensConfigured_exits2AndSaysWhatToSet() throws IOException {
        Path config = Files.writeString(dir.resolve("bot.yml"), "");
        CapturedCli cli = new CapturedCli(Map.of());

        int code = cli.run("run", "--config", config.toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("No chat platform is configured", "DISCORD_TOKEN", "DISCORD_TOKEN_FILE",
                "discord.token", "TELEGRAM_BOT_TOKEN", "telegram.token", "SEEDANCE_API_KEY", "seedance.api-key",
                config.toAbsolutePath().toString(), "seedance-bot demo");
    }

    @Test
    void run_tokenButNoApiKey_exits2AndNamesTheKey() throws IOException {
        Path config = Files.writeString(dir.resolve("bot.yml"), "discord:\n  token: abc.def.ghi\n");
        CapturedCli cli = new CapturedCli(Map.of());

        int code = cli.run("run", "--config", config.toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("SEEDANCE_API_KEY").doesNotContain("No chat platform");
    }

    @Test
    void run_invalidConfig_exits2AndListsEveryProblem() throws IOException {
        Path config = Files.writeString(dir.resolve("bot.yml"), "quota:\n  daly-limit: 5\nops:\n  htp-port: 1\n");
        CapturedCli cli = new CapturedCli(Map.of());

        int code = cli.run("run", "--config", config.toString());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("2 configuration errors", "quota.daily-limit", "ops.http-port");
    }

    @Test
    void main_unknownOption_exits2() {
        CapturedCli cli = new CapturedCli(Map.of());

        int code = cli.run("generate", "--api-key", "sk-x");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("Unknown option: '--api-key'");
    }
}
