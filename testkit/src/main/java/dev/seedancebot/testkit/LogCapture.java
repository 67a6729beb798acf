package dev.seedancebot.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of the JVM on the root logger, with the bot's own loggers and the root lowered to DEBUG
 * for the duration, and renders each event completely (message, arguments, MDC, thread, the whole cause chain with
 * stack frames) so a test can search it for secrets. {@link #close()} restores the levels.
 */
public final class LogCapture implements AutoCloseable {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<Logger, Level> saved = new HashMap<>();

    private LogCapture(List<String> debugLoggers) {
        lower(root);
        for (String name : debugLoggers) {
            lower(context.getLogger(name));
        }
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
    }

    /** Captures from now on; {@code debugLoggers} are lowered to DEBUG besides the root. */
    public static LogCapture start(String... debugLoggers) {
        return new LogCapture(List.of(debugLoggers));
    }

    private void lower(Logger logger) {
        saved.put(logger, logger.getLevel());
        logger.setLevel(Level.DEBUG);
    }

    /** Every event so far, each rendered in full. */
    public List<String> rendered() {
        return List.copyOf(appender.list).stream().map(LogCapture::render).toList();
    }

    public int size() {
        return appender.list.size();
    }

    public static String render(ILoggingEvent e) {
        StringBuilder b = new StringBuilder().append(e.getLevel()).append(' ').append(e.getLoggerName()).append(" [")
                .append(e.getThreadName()).append("] ").append(e.getFormattedMessage()).append(" raw=")
                .append(e.getMessage()).append(" mdc=").append(e.getMDCPropertyMap());
        if (e.getArgumentArray() != null) {
            for (Object arg : e.getArgumentArray()) {
                b.append(" arg=").append(arg);
            }
        }
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append("\n  ").append(t.getClassName()).append(": ").append(t.getMessage());
            for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                b.append("\n    ").append(frame.getSTEAsString());
            }
            for (IThrowableProxy s : t.getSuppressed()) {
                b.append("\n  suppressed ").append(s.getClassName()).append(": ").append(s.getMessage());
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        saved.forEach(Logger::setLevel);
    }
}
