package dev.seedancebot.app.console;

import java.io.PrintStream;

/**
 * One status line on the terminal. On a TTY it is redrawn in place with a carriage return; otherwise (a pipe, a log
 * file, CI) each change is printed as its own line, so that nothing is garbled. Not thread-safe.
 */
public final class ProgressLine {
    private final PrintStream out;
    private final boolean tty;
    private String last = "";

    public ProgressLine(PrintStream out, boolean tty) {
        this.out = out;
        this.tty = tty;
    }

    /** Shows {@code text}, if it differs from what is shown. */
    public void update(String text) {
        if (text.equals(last)) {
            return;
        }
        if (tty) {
            String padding = " ".repeat(Math.max(0, last.length() - text.length()));
            out.print("\r" + text + padding);
        } else {
            out.println(text);
        }
        out.flush();
        last = text;
    }

    /** Ends the redrawn line, so that the next output starts on a fresh one. */
    public void finish() {
        if (tty && !last.isEmpty()) {
            out.println();
        }
        last = "";
    }
}
