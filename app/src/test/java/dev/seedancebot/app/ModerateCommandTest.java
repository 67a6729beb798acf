package dev.seedancebot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void mod_grantThenUsageThenAudit_showsTheBonusAndTheOperator() {
        CapturedCli grant = mod("grant", "telegram:4242", "50", "contest", "winner");
        CapturedCli usage = mod("usage", "telegram:4242");
        CapturedCli audit = mod("audit");

        assertThat(grant.err()).isEmpty();
        assertThat(usage.out()).contains("50");
        assertThat(audit.out()).contains("console:operator", "telegram:4242");
    }

    @Test
    void mod_unknownAction_exits2WithTheSyntax() {
        CapturedCli cli = new CapturedCli(Map.of());

        int code = cli.run("mod", "--config", config.toString(), "frobnicate");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("seedance-bot mod grant");
    }
}
