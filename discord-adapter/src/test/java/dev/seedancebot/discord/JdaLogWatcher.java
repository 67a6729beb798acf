package dev.seedancebot.discord;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Collects JDA's error logs during a test. JDA does not throw on a payload it cannot parse: it logs "Got an unexpected
 * error", "Json-parse error" or a missing key and drops the event, so a test that only waits would time out without
 * saying why; {@link #assertNoParseErrors()} turns those logs into a failure with the message.
 */
final class JdaLogWatcher extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<ILoggingEvent> problems = new CopyOnWriteArrayList<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    static JdaLogWatcher attach() {
        JdaLogWatcher watcher = new JdaLogWatcher();
        watcher.setContext(watcher.root.getLoggerContext());
        watcher.start();
        watcher.root.addAppender(watcher);
        return watcher;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLoggerName().startsWith("net.dv8tion")) {
            return;
        }
        String text = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                : " " + event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage());
        if (interrupted(event)) {
            return; // a request cut off by shutdownNow() of this or an earlier test's JDA: not a payload problem
        }
        boolean parse = text.contains("parse") || text.contains("unexpected error") || text.contains("Missing value")
                || text.contains("not recognized") || text.contains("ParsingException");
        if (event.getLevel().isGreaterOrEqual(Level.ERROR) || parse && event.getLevel().isGreaterOrEqual(Level.WARN)) {
            problems.add(event);
        }
    }

    /** Whether anything in the event or its chain of causes speaks of an interruption (or a pool shut down by one). */
    private static boolean interrupted(ILoggingEvent event) {
        if (event.getFormattedMessage().toLowerCase(Locale.ROOT).contains("interrupt")) {
            return true;
        }
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            String described = (t.getClassName() + " " + t.getMessage()).toLowerCase(Locale.ROOT);
            if (described.contains("interrupt") || described.contains("rejectedexecution")) {
                return true;
            }
        }
        return false;
    }

    void assertNoParseErrors() {
        if (!problems.isEmpty()) {
            StringBuilder all = new StringBuilder("JDA logged errors:");
            for (ILoggingEvent e : problems) {
                all.append("\n  ").append(e.getLoggerName()).append(": ").append(e.getFormattedMessage());
                if (e.getThrowableProxy() != null) {
                    all.append(" (").append(e.getThrowableProxy().getClassName()).append(": ")
                            .append(e.getThrowableProxy().getMessage()).append(")");
                }
            }
            throw new AssertionError(all.toString());
        }
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
    }
}
