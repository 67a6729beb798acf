package dev.seedancebot.app;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * What a command may touch of the outside world: the standard streams, the environment and whether a person is at a
 * terminal. Commands take it instead of reading {@code System.*}, so tests run them in-process.
 *
 * @param interactive a person is at a terminal ({@code System.console() != null}): progress redraws one line and the
 *     demo chat prompts
 */
public record Cli(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean interactive) {
    public Cli {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
    }

    /** The real process streams and environment. */
    public static Cli system() {
        return new Cli(System.in, System.out, System.err, System.getenv(), System.console() != null);
    }
}
