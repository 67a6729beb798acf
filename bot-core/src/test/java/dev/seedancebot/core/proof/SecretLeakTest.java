package dev.seedancebot.core.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Fault;
import dev.seedancebot.testkit.seedance.Faults;
import dev.seedancebot.testkit.seedance.RecordedRequest;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks down the success and error paths with a distinctive API key and looks for it everywhere it could leak:
 * every log event at every level (message, arguments, MDC, stack traces), every request the provider saw (URL,
 * headers, body) and every text shown to users. It may appear only as the bearer token of {@code /v1} and
 * {@code /volc} calls.
 */
class SecretLeakTest {
    private static final String KEY = "sk-proof-Z7q9LeakCanary4242";
    private static final UserKey ALICE = ProofCore.user("alice");

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level rootLevel;

    @BeforeEach
    void captureAllLogs() {
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void restoreLogs() {
        root.detachAppender(logs);
        logs.stop();
        root.setLevel(rootLevel);
    }

    @Test
    void runTasks_successAndErrorPaths_keyOnlyInAuthorizationHeaderOfApiCalls() {
        try (FakeSeedanceServer fake = FakeSeedanceServer.builder().apiKey(KEY).start();
                ProofCore proof = new ProofCore(dir, fake, Duration.ofSeconds(1))) {
            fake.failNextCreate(Faults.invalidApiKey());
            fake.failNextPoll(Faults.invalidApiKey());
            fake.failNextPoll(Faults.serverError());
            fake.failNextPoll(Faults.malformedJson());
            fake.failNextPoll(Fault.dropConnection());
            fake.failNextDownload(Fault.dropConnection());
            fake.failNextDownload(Faults.serverError());
            fake.scriptNextTask(TaskScript.standard());
            fake.scriptNextTask(TaskScript.endingWith(Step.failure("OutputVideoSensitiveContentDetected",
                    "The request failed because the output video may contain sensitive information.")));

            Path uploads = dir.resolve("uploads");
            List<VideoRequest> requests = List.of(
                    ProofCore.request("a lighthouse in a storm", VideoOptions.DEFAULTS, ALICE),
                    ProofCore.request("a paper boat", VideoOptions.DEFAULTS, ALICE),
                    ProofCore.request("animate this", VideoOptions.DEFAULTS, ALICE, ProofCore.input(
                            MediaRole.REFERENCE_IMAGE, TestMedia.copyTo(uploads, TestMedia.IMAGE_PNG))),
                    ProofCore.request("continue this", VideoOptions.DEFAULTS, ALICE, ProofCore.input(
                            MediaRole.REFERENCE_VIDEO, TestMedia.copyTo(uploads, TestMedia.VIDEO_3S))),
                    ProofCore.request("sing along", VideoOptions.DEFAULTS, ALICE,
                            ProofCore.input(MediaRole.REFERENCE_IMAGE, TestMedia.copyTo(uploads, TestMedia.IMAGE_JPG)),
                            ProofCore.input(MediaRole.REFERENCE_AUDIO,
                                    TestMedia.copyTo(uploads, TestMedia.AUDIO_WAV_3S))));
            List<String> ids = new ArrayList<>();
            for (VideoRequest request : requests) {
                SubmitOutcome outcome = proof.core.engine().submit(request, Set.of());
                ids.add(((SubmitOutcome.Accepted) outcome).task().id());
            }

            await().atMost(Duration.ofSeconds(15)).until(() -> ids.stream()
                    .map(id -> proof.core.engine().task(id).orElseThrow().state())
                    .allMatch(s -> s == TaskState.DELIVERED || s == TaskState.FAILED));

            assertThat(ids).extracting(id -> proof.core.engine().task(id).orElseThrow().state())
                    .as("both paths ran").contains(TaskState.DELIVERED, TaskState.FAILED);
            List<ILoggingEvent> events;
            synchronized (logs) { // the appender appends under its own lock while engine threads still log
                events = new ArrayList<>(logs.list);
            }
            assertThat(events).as("debug events of the Seedance client are captured too")
                    .anyMatch(e -> e.getLevel() == Level.DEBUG
                            && e.getLoggerName().startsWith("dev.seedancebot.core.seedance"));
            assertThat(events).allSatisfy(e -> assertThat(everythingIn(e)).doesNotContain(KEY));
            assertThat(fake.requests()).isNotEmpty().allSatisfy(SecretLeakTest::keyOnlyInApiAuthorization);
            assertThat(fake.requests()).anyMatch(r -> r.path().startsWith("/volc/"));
            assertThat(fake.downloadRequests()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.header("Authorization")).isEmpty());
            assertThat(proof.notices).allSatisfy(n -> assertThat(n.notice().text()).doesNotContain(KEY));
            assertThat(ids).allSatisfy(id -> assertThat(String.valueOf(
                    proof.core.engine().task(id).orElseThrow())).doesNotContain(KEY));
        }
    }

    private static void keyOnlyInApiAuthorization(RecordedRequest request) {
        boolean api = request.path().startsWith("/v1/") || request.path().startsWith("/volc/");
        assertThat(request.path()).as("URL of %s", request).doesNotContain(KEY);
        assertThat(request.bodyText()).as("body of %s", request).doesNotContain(KEY);
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            if (api && header.getKey().equalsIgnoreCase("Authorization")) {
                assertThat(header.getValue()).as("Authorization of %s", request).containsExactly("Bearer " + KEY);
            } else {
                assertThat(header.getValue()).as("header %s of %s", header.getKey(), request)
                        .noneMatch(v -> v.contains(KEY));
            }
        }
        if (api) {
            assertThat(request.header("Authorization")).as("Authorization of %s", request).isPresent();
        }
    }

    /** Every string a log event carries to an appender. */
    private static String everythingIn(ILoggingEvent event) {
        StringBuilder all = new StringBuilder(event.getLoggerName()).append('\n')
                .append(event.getMessage()).append('\n')
                .append(event.getFormattedMessage()).append('\n')
                .append(event.getMDCPropertyMap()).append('\n');
        if (event.getArgumentArray() != null) {
            all.append(Arrays.deepToString(event.getArgumentArray())).append('\n');
        }
        if (event.getThrowableProxy() != null) {
            all.append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        return all.toString();
    }
}
