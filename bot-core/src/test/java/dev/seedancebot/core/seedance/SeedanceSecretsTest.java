package dev.seedancebot.core.seedance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.seedancebot.core.generation.GenerationStatus;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.testkit.MutableClock;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.seedance.Fault;
import dev.seedancebot.testkit.seedance.Faults;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The API key goes to the anyfast origin only, and never into an exception, a log line or a toString. */
class SeedanceSecretsTest {
    private static final String KEY = "sk-live-SECRET-0123456789abcdef";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(SeedanceTestSupport.START);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger projectLogger = (Logger) LoggerFactory.getLogger("dev.seedancebot");
    private final Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level previousLevel;
    private FakeSeedanceServer fake;
    private SeedanceClient client;

    @BeforeEach
    void setUp() {
        previousLevel = projectLogger.getLevel();
        projectLogger.setLevel(Level.DEBUG);
        logs.start();
        rootLogger.addAppender(logs);
        fake = FakeSeedanceServer.builder().apiKey(KEY).assetPollsUntilActive(0).start();
        client = clientFor(SeedanceTestSupport.settings(fake));
    }

    @AfterEach
    void tearDown() {
        fake.close();
        rootLogger.detachAppender(logs);
        projectLogger.setLevel(previousLevel);
    }

    @Test
    void everyErrorPath_neverPutsTheKeyIntoExceptionsOrLogs() throws IOException {
        List<Object> outcomes = new ArrayList<>();
        List<Fault> createFaults = List.of(Faults.invalidApiKey(), Faults.invalidToken401NewApi(),
                Faults.invalidRequest("bad"), Faults.inputModeration("InputTextSensitiveContentDetected", 0),
                Faults.assetNotReady("asset-1"), Faults.insufficientBalance(), Faults.rateLimited(120),
                Faults.upstreamSaturated429(), Faults.modelUnavailable(), Faults.serverError(), Faults.malformedJson(),
                Fault.dropConnection(),
                Fault.http(401, "{\"error\":{\"message\":\"invalid token " + KEY + " (request id: x)\","
                        + "\"type\":\"new_api_error\",\"code\":\"" + KEY + "\"}}"));
        for (Fault fault : createFaults) {
            for (int i = 0; i < 3; i++) {
                fake.failNextCreate(fault);
            }
            outcomes.add(outcome(() -> client.create(SeedanceTestSupport.text("A kite"))));
            fake = restart(fake);
        }

        fake.failNextCreate(Fault.delay(SeedanceTestSupport.LATE));
        outcomes.add(outcome(() -> clientFor(SeedanceTestSupport.settings(fake)
                        .withTimeouts(SeedanceTestSupport.SHORT_TIMEOUT, SeedanceTestSupport.SHORT_TIMEOUT))
                .create(SeedanceTestSupport.text("A kite"))));

        String taskId = client.create(SeedanceTestSupport.text("A kite"));
        List<Fault> pollFaults = List.of(Faults.invalidApiKey(), Faults.taskNotExist400(), Faults.notFound404(),
                Faults.rateLimited(3), Faults.serverError(), Faults.malformedJson(), Fault.dropConnection(),
                Fault.http(200, "{\"code\":\"success\",\"data\":{\"status\":\"FAILURE\",\"fail_reason\":\"token "
                        + KEY + " refused\"}}"));
        for (Fault fault : pollFaults) {
            fake.failNextPoll(fault);
            outcomes.add(outcome(() -> client.poll(taskId)));
        }
        outcomes.add(outcome(() -> client.poll("asyntask_unknown")));

        URI result = URI.create(fake.baseUrl() + "/media/cgt-none.mp4?sig=fake");
        outcomes.add(outcome(() -> client.download(result, dir.resolve("a.mp4"), 10)));
        fake.failNextDownload(Fault.dropConnection());
        outcomes.add(outcome(() -> client.download(result, dir.resolve("b.mp4"), 10)));

        outcomes.add(outcome(() -> clientFor(SeedanceTestSupport.settings(fake).withAssetGroupId("group-gone"))
                .create(SeedanceTestSupport.withMedia("x @video1", VideoOptions.DEFAULTS,
                        SeedanceTestSupport.local(dir, TestMedia.VIDEO_3S, MediaRole.REFERENCE_VIDEO)))));
        outcomes.add(outcome(() -> clientFor(SeedanceTestSupport.settings(
                        "http://127.0.0.1:" + SeedanceTestSupport.closedPort(), KEY))
                .create(SeedanceTestSupport.text("A kite"))));

        assertThat(outcomes).hasSizeGreaterThan(25);
        assertThat(outcomes).allSatisfy(o -> assertThat(describe(o)).doesNotContain(KEY));
        assertThat(logs.list).isNotEmpty().allSatisfy(event -> assertThat(describe(event)).doesNotContain(KEY));
    }

    @Test
    void requests_carryTheKeyOnlyToTheApiOrigin() throws IOException {
        String taskId = client.create(SeedanceTestSupport.withMedia("x @video1", VideoOptions.DEFAULTS,
                SeedanceTestSupport.local(dir, TestMedia.VIDEO_3S, MediaRole.REFERENCE_VIDEO)));
        fake.completeTask(taskId);
        URI url = ((GenerationStatus.Succeeded) client.poll(taskId)).videoUrl();

        client.download(url, dir.resolve("out.mp4"), 1_000_000);

        assertThat(fake.requests()).allSatisfy(r -> {
            if (r.path().startsWith("/media/")) {
                assertThat(r.header("Authorization")).isEmpty();
            } else {
                assertThat(r.header("Authorization")).contains("Bearer " + KEY);
            }
        });
    }

    @Test
    void toString_ofClientAndSettings_hidesTheKey() {
        assertThat(client.toString()).doesNotContain(KEY);
        assertThat(SeedanceTestSupport.settings(fake).toString()).doesNotContain(KEY).contains("<redacted>");
    }

    @Test
    void settings_keyWithBearerPrefix_isRejectedWithoutEchoingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SeedanceSettings.defaults("Bearer " + KEY))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
    }

    private SeedanceClient clientFor(SeedanceSettings settings) {
        return SeedanceTestSupport.client(
                new OkHttpClient(), settings, clock, new SeedanceTestSupport.RecordingSleeper(clock));
    }

    /** A fresh fake, so that faults queued for resends do not spill into the next case. */
    private FakeSeedanceServer restart(FakeSeedanceServer old) {
        old.close();
        FakeSeedanceServer fresh = FakeSeedanceServer.builder().apiKey(KEY).assetPollsUntilActive(0).start();
        client = clientFor(SeedanceTestSupport.settings(fresh));
        return fresh;
    }

    /** What a call produced: its result, or what it threw. */
    private static Object outcome(ThrowingSupplier call) {
        try {
            return call.get();
        } catch (Exception e) {
            return e;
        }
    }

    @FunctionalInterface
    private interface ThrowingSupplier {
        Object get() throws Exception;
    }

    private static String describe(Object outcome) {
        if (outcome instanceof Throwable t) {
            StringWriter text = new StringWriter();
            t.printStackTrace(new PrintWriter(text));
            return text.toString();
        }
        if (outcome instanceof ILoggingEvent event) {
            StringBuilder text = new StringBuilder(event.getFormattedMessage());
            for (IThrowableProxy proxy = event.getThrowableProxy(); proxy != null; proxy = proxy.getCause()) {
                text.append(' ').append(proxy.getMessage());
            }
            return text.toString();
        }
        return String.valueOf(outcome);
    }
}
