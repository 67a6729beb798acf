package dev.seedancebot.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class RedactingEncoderTest {
    private static final String API_KEY = "sk-live-0123456789abcdef";
    private static final String TELEGRAM_TOKEN = "123456789:FAKEtestTokenForLoopbackFakesOnly01";

    private final LoggerContext context = new LoggerContext();
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

    private Logger logger(Encoder<ILoggingEvent> delegate) {
        // share the global MDC, so that values put through org.slf4j.MDC reach this context
        context.setMDCAdapter(((LoggerContext) LoggerFactory.getILoggerFactory()).getMDCAdapter());
        context.start();
        delegate.setContext(context);
        RedactingEncoder encoder = new RedactingEncoder();
        encoder.setContext(context);
        encoder.setDelegate(delegate);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(sink);
        appender.start();
        Logger logger = context.getLogger("test");
        logger.addAppender(appender);
        return logger;
    }

    private static PatternLayoutEncoder pattern() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setPattern("%msg [%X{task}]%n");
        return encoder;
    }

    private String written() {
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void encode_registeredSecretInMessageArgumentAndStackTrace_isMasked() {
        LogSetup.masker(context).register(List.of(API_KEY));
        Logger log = logger(pattern());

        log.warn("calling with key {}", API_KEY, new IllegalStateException("rejected " + API_KEY));

        assertThat(written()).contains("calling with key ***", "rejected ***").doesNotContain(API_KEY);
    }

    @Test
    void encode_telegramTokenInUrlPath_isMaskedWithoutRegistration() {
        Logger log = logger(pattern());

        log.info("GET https://api.telegram.org/bot" + TELEGRAM_TOKEN + "/getUpdates failed");

        assertThat(written()).contains("https://api.telegram.org/bot***/getUpdates failed")
                .doesNotContain("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1");
    }

    @Test
    void encode_bearerCredential_isMasked() {
        Logger log = logger(pattern());

        log.info("header Authorization: Bearer abc.DEF-123_xyz= sent");

        assertThat(written()).contains("Authorization: Bearer *** sent").doesNotContain("abc.DEF");
    }

    @Test
    void encode_secretInMdc_isMasked() {
        LogSetup.masker(context).register(List.of(API_KEY));
        Logger log = logger(pattern());

        MDC.put("task", API_KEY);
        try {
            log.info("polling");
        } finally {
            MDC.remove("task");
        }

        assertThat(written()).contains("polling [***]");
    }

    @Test
    void encode_jsonFormat_isMaskedToo() {
        LogSetup.masker(context).register(List.of(API_KEY));
        Logger log = logger(LogSetup.jsonEncoder());

        log.info("key {} and Bearer {}", API_KEY, "tok3n-value");

        assertThat(written())
                .contains("\"formattedMessage\":\"key *** and Bearer ***\"")
                .doesNotContain(API_KEY, "tok3n");
    }

    @Test
    void encode_shortOrBlankSecret_isNotRegistered() {
        LogSetup.masker(context).register(java.util.Arrays.asList("", null, "abc"));
        Logger log = logger(pattern());

        log.info("abc stays readable");

        assertThat(written()).contains("abc stays readable");
    }

    @Test
    void logbackXml_rootConsoleAppender_redacts() {
        LoggerContext global = (LoggerContext) LoggerFactory.getILoggerFactory();
        Appender<ILoggingEvent> console = global.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");

        assertThat(console).isInstanceOf(OutputStreamAppender.class);
        assertThat(((OutputStreamAppender<ILoggingEvent>) console).getEncoder()).isInstanceOf(RedactingEncoder.class);
    }
}
