package dev.seedancebot.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.OutputStreamAppender;
import dev.seedancebot.app.config.AppConfig;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@code logging} section and the secrets to the logback configuration that {@code logback.xml} set up:
 * the root level, the JSON format (logback's own {@link JsonEncoder}, so no extra dependency) and the masker that
 * {@link RedactingEncoder} consults. Logging is configured by logback before the config file is read, so these are
 * adjustments of a running setup rather than a second configuration.
 */
public final class LogSetup {
    private static final String MASKER_KEY = "seedance-bot.secret-masker";

    private LogSetup() {}

    /** The masker of {@code context}, created on first use. */
    public static SecretMasker masker(Context context) {
        if (context == null) {
            return new SecretMasker();
        }
        synchronized (context) {
            Object existing = context.getObject(MASKER_KEY);
            if (existing instanceof SecretMasker masker) {
                return masker;
            }
            SecretMasker masker = new SecretMasker();
            context.putObject(MASKER_KEY, masker);
            return masker;
        }
    }

    /** Masks these values in every log line from now on. */
    public static void registerSecrets(List<String> secrets) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            masker(context).register(secrets);
        }
    }

    /** Sets the root level, e.g. to keep the terminal commands quiet. */
    public static void rootLevel(String level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(level, Level.INFO));
        }
    }

    /** Applies level and format; secrets are registered first so that nothing logged after this can leak them. */
    public static void apply(AppConfig.Logging logging, List<String> secrets) {
        registerSecrets(secrets);
        rootLevel(logging.level());
        if (logging.format() == AppConfig.Logging.Format.JSON
                && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            useJson(context);
        }
    }

    /**
     * Logback's JSON encoder writing the formatted message only: with the raw pattern and the arguments in separate
     * fields, a secret split across them ("Bearer {}" + the token) would escape the masking.
     */
    static JsonEncoder jsonEncoder() {
        JsonEncoder json = new JsonEncoder();
        json.setWithFormattedMessage(true);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithContext(false);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        return json;
    }

    private static void useJson(LoggerContext context) {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
                JsonEncoder json = jsonEncoder();
                json.setContext(context);
                RedactingEncoder redacting = new RedactingEncoder();
                redacting.setContext(context);
                redacting.setDelegate(json);
                redacting.start();
                appender.stop();
                appender.setEncoder(redacting);
                appender.start();
            }
        }
    }
}
