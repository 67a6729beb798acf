package dev.seedancebot.app;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A {@link Cli} whose output is kept for assertions; never interactive. */
final class CapturedCli {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Cli cli;

    CapturedCli(Map<String, String> env, String stdin) {
        cli = new Cli(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, false);
    }

    CapturedCli(Map<String, String> env) {
        this(env, "");
    }

    int run(String... args) {
        return Main.execute(cli, args);
    }

    Cli cli() {
        return cli;
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
