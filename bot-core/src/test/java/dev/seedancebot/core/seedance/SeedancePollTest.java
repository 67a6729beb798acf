package dev.seedancebot.core.seedance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationException;
import dev.seedancebot.core.generation.GenerationStatus;
import dev.seedancebot.core.generation.GenerationStatus.Failed;
import dev.seedancebot.core.generation.GenerationStatus.Pending;
import dev.seedancebot.core.generation.GenerationStatus.Succeeded;
import dev.seedancebot.testkit.MutableClock;
import dev.seedancebot.testkit.seedance.Fault;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Task queries in every shape API-NOTES §1 and §5.2–5.5 describe, including the odd ones. */
class SeedancePollTest {
    private FakeSeedanceServer fake;
    private SeedanceClient client;

    @BeforeEach
    void startFake() {
        fake = FakeSeedanceServer.start();
        var clock = new MutableClock(SeedanceTestSupport.START);
        client = SeedanceTestSupport.client(new OkHttpClient(), SeedanceTestSupport.settings(fake), clock,
                new SeedanceTestSupport.RecordingSleeper(clock));
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    @Test
    void poll_standardScript_reportsEachPendingStateThenTheResultUrl() {
        String taskId = client.create(SeedanceTestSupport.text("A kite"));

        List<GenerationStatus> seen = pollTimes(taskId, 4);

        assertThat(seen.subList(0, 3)).containsExactly(
                new Pending("NOT_START", 0), new Pending("QUEUED", 10), new Pending("IN_PROGRESS", 50));
        assertThat(seen.get(3)).isInstanceOfSatisfying(Succeeded.class, s -> assertThat(s.videoUrl().toString())
                .startsWith(fake.baseUrl() + "/media/cgt-")
                .contains("sig=fake"));
    }

    @Test
    void poll_successFromTheFake_carriesTheBilledCompletionTokens() {
        String taskId = client.create(SeedanceTestSupport.text("A kite"));

        GenerationStatus last = pollTimes(taskId, 4).get(3);

        // what the fake bills for 5 s at 720p 16:9: 1280 x 720 x (24 x 5 + 1) / 1024, anyfast's own example
        assertThat(last).isInstanceOfSatisfying(Succeeded.class, s -> assertThat(s.completionTokens())
                .isEqualTo(108_900L));
    }

    @Test
    void poll_usageInTheGatewaysOwnFieldsOrAsText_isRead_andMissingOrNegativeUsageIsNull() {
        assertThat(pollAnswering("""
                {"code":"success","message":"","data":{"status":"SUCCESS","progress":"100%",
                 "result_url":"https://tos.example.com/a.mp4","usage":{"completion_tokens":"108900"}}}""")).isEqualTo(
                new Succeeded(URI.create("https://tos.example.com/a.mp4"), 108_900L));
        assertThat(pollAnswering("""
                {"code":"success","message":"","data":{"status":"SUCCESS","progress":"100%",
                 "result_url":"https://tos.example.com/b.mp4","data":{"usage":{"completion_tokens":-5}}}}""")).isEqualTo(
                new Succeeded(URI.create("https://tos.example.com/b.mp4"), null));
        assertThat(pollAnswering("""
                {"code":"success","message":"","data":{"status":"SUCCESS","progress":"100%",
                 "result_url":"https://tos.example.com/c.mp4"}}""")).isEqualTo(
                new Succeeded(URI.create("https://tos.example.com/c.mp4"), null));
    }

    @Test
    void poll_successWithUrlOnlyInDataDataContent_succeeds() {
        String taskId = createWith(TaskScript.of(Step.successInnerUrlOnly()));

        assertThat(client.poll(taskId)).isInstanceOfSatisfying(Succeeded.class,
                s -> assertThat(s.videoUrl().getPath()).endsWith(".mp4"));
    }

    @Test
    void poll_successWithFailReasonHoldingTheUrl_isNotAFailure() {
        String taskId = createWith(TaskScript.of(Step.successFailReasonIsUrl()));

        assertThat(client.poll(taskId)).isInstanceOf(Succeeded.class);
    }

    @Test
    void poll_successWithoutDataData_readsResultUrl() {
        String taskId = createWith(TaskScript.of(Step.success().withoutInnerData()));

        assertThat(client.poll(taskId)).isInstanceOf(Succeeded.class);
    }

    @Test
    void poll_outputModeration_failsWithOutputModerationAndArkCode() {
        String taskId = createWith(TaskScript.endingWith(Step.failure("OutputVideoSensitiveContentDetected",
                "The request failed because the output video may contain sensitive information.")));

        GenerationStatus last = pollTimes(taskId, 4).get(3);

        assertThat(last).isEqualTo(new Failed(ErrorKind.OUTPUT_MODERATION, "OutputVideoSensitiveContentDetected",
                "The request failed because the output video may contain sensitive information."));
    }

    @Test
    void poll_lateInputModeration_failsWithInputModeration() {
        String taskId = createWith(TaskScript.of(
                Step.failure("InputTextSensitiveContentDetected", "The input text may contain sensitive information.")));

        assertThat(client.poll(taskId)).isInstanceOfSatisfying(Failed.class,
                f -> assertThat(f.kind()).isEqualTo(ErrorKind.INPUT_MODERATION));
    }

    @Test
    void poll_genericUpstreamError_failsWithServerError() {
        String taskId = createWith(TaskScript.of(Step.failure("InternalServiceError", "internal error")));

        assertThat(client.poll(taskId)).isInstanceOfSatisfying(Failed.class,
                f -> assertThat(f.kind()).isEqualTo(ErrorKind.SERVER_ERROR));
    }

    @Test
    void poll_gatewayTimeout1440_failsWithProviderTimeout() {
        String taskId = createWith(TaskScript.of(Step.timeout1440()));

        assertThat(client.poll(taskId)).isInstanceOfSatisfying(Failed.class, f -> {
            assertThat(f.kind()).isEqualTo(ErrorKind.PROVIDER_TIMEOUT);
            assertThat(f.message()).contains("任务超时");
        });
    }

    @Test
    void poll_arkExpired_failsWithProviderTimeout() {
        String taskId = createWith(TaskScript.of(Step.expired()));

        assertThat(client.poll(taskId)).isInstanceOfSatisfying(Failed.class,
                f -> assertThat(f.kind()).isEqualTo(ErrorKind.PROVIDER_TIMEOUT));
    }

    @Test
    void poll_oddPendingStatesAndProgressGoingBackwards_stayPending() {
        String taskId = createWith(TaskScript.of(Step.pending("SUBMITTED", 0), Step.pending("UNKNOWN", 30),
                Step.pending("", 0), Step.pending("IN_PROGRESS", 80), Step.pending("IN_PROGRESS", 60).withoutInnerData(),
                Step.success()));

        List<GenerationStatus> seen = pollTimes(taskId, 6);

        assertThat(seen.subList(0, 5)).containsExactly(
                new Pending("SUBMITTED", 0),
                new Pending("UNKNOWN", 30),
                new Pending("", 0),
                new Pending("IN_PROGRESS", 80),
                new Pending("IN_PROGRESS", 60));
        assertThat(seen.get(5)).isInstanceOf(Succeeded.class);
    }

    @Test
    void poll_stuckTask_staysPendingForever() {
        String taskId = createWith(TaskScript.of(Step.stuck()));

        assertThat(pollTimes(taskId, 5)).containsOnly(new Pending("IN_PROGRESS", 50));
    }

    @Test
    void poll_lowercaseSucceededAndNumericProgress_areUnderstood() {
        assertThat(pollAnswering("""
                {"code":"success","message":"","data":{"status":"succeeded","progress":100,
                 "result_url":"https://tos.example.com/v.mp4?sig=1"}}""")).isEqualTo(
                new Succeeded(URI.create("https://tos.example.com/v.mp4?sig=1")));
    }

    @Test
    void poll_emptyOuterStatusButArkSucceeded_readsInnerContentUrl() {
        assertThat(pollAnswering("""
                {"code":"success","message":"","data":{"status":"","progress":"100%",
                 "data":{"id":"cgt-1","status":"succeeded","content":{"video_url":"https://tos.example.com/i.mp4"}}}}
                """)).isEqualTo(new Succeeded(URI.create("https://tos.example.com/i.mp4")));
    }

    @Test
    void poll_successWithUrlOnlyInFailReason_usesIt() {
        assertThat(pollAnswering("""
                {"code":"success","message":"","data":{"status":"SUCCESS","progress":"100%",
                 "fail_reason":"https://tos.example.com/legacy.mp4"}}""")).isEqualTo(
                new Succeeded(URI.create("https://tos.example.com/legacy.mp4")));
    }

    @Test
    void poll_successWithNoUrlAnywhere_failsAsExpired() {
        assertThat(pollAnswering("""
                {"code":"success","message":"","data":{"status":"SUCCESS","progress":"100%","fail_reason":"",
                 "data":{"id":"cgt-1","status":"succeeded","content":null}}}""")).isInstanceOfSatisfying(Failed.class,
                f -> assertThat(f.kind()).isEqualTo(ErrorKind.RESULT_EXPIRED));
    }

    @Test
    void poll_flatTaskObject_isReadWithoutEnvelope() {
        assertThat(pollAnswering("""
                {"id":"asyntask_1","task_id":"asyntask_1","object":"video","status":"queued","progress":0}"""))
                .isEqualTo(new Pending("queued", 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"50%\"", "50", "50.0", "\" 50 % \""})
    void poll_progressInAnyNotation_isPercent(String progress) {
        assertThat(pollAnswering("{\"code\":\"success\",\"data\":{\"status\":\"IN_PROGRESS\",\"progress\":"
                + progress + "}}")).isEqualTo(new Pending("IN_PROGRESS", 50));
    }

    @Test
    void poll_unreadableProgress_isZero() {
        assertThat(pollAnswering("{\"code\":\"success\",\"data\":{\"status\":\"QUEUED\",\"progress\":\"soon\"}}"))
                .isEqualTo(new Pending("QUEUED", 0));
    }

    @Test
    void poll_failureWithoutCode_readsModerationFromFailReason() {
        assertThat(pollAnswering("""
                {"code":"success","data":{"status":"FAILURE","progress":"100%",
                 "fail_reason":"The request failed because the output video may contain sensitive information."}}"""))
                .isInstanceOfSatisfying(Failed.class, f -> {
                    assertThat(f.kind()).isEqualTo(ErrorKind.OUTPUT_MODERATION);
                    assertThat(f.code()).isNull();
                });
    }

    @Test
    void poll_arkFailedWhileOuterStatusEmpty_isAFailure() {
        assertThat(pollAnswering("""
                {"code":"success","data":{"status":"","data":{"status":"failed",
                 "error":{"code":"InvalidParameter","message":"bad input"}}}}""")).isEqualTo(
                new Failed(ErrorKind.INVALID_REQUEST, "InvalidParameter", "bad input"));
    }

    @Test
    void poll_envelopeWithNullData_throwsServerError() {
        String taskId = client.create(SeedanceTestSupport.text("A kite"));
        fake.failNextPoll(Fault.http(200, "{\"code\":\"success\",\"message\":\"\",\"data\":null}"));

        GenerationException e = catchThrowableOfType(GenerationException.class, () -> client.poll(taskId));

        assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
    }

    private GenerationStatus pollAnswering(String body) {
        String taskId = client.create(SeedanceTestSupport.text("A kite"));
        fake.failNextPoll(Fault.http(200, body));
        return client.poll(taskId);
    }

    @Test
    void poll_gatewayInProgressWhileArkSaysFailed_staysPending() {
        String taskId = createWith(TaskScript.of(Step.pending("IN_PROGRESS").withInnerStatus("failed"), Step.success()));

        assertThat(client.poll(taskId)).isEqualTo(new Pending("IN_PROGRESS", 50));
        assertThat(client.poll(taskId)).isInstanceOf(Succeeded.class);
    }

    @Test
    void poll_gatewayInProgressWhileArkSaysSucceeded_staysPendingUntilTheGatewaySettles() {
        String taskId = createWith(TaskScript.of(Step.pending("IN_PROGRESS").withInnerStatus("succeeded"),
                Step.success()));

        assertThat(client.poll(taskId)).isInstanceOf(Pending.class);
        assertThat(client.poll(taskId)).isInstanceOf(Succeeded.class);
    }

    @Test
    void poll_bareArkTaskSucceeded_readsContentVideoUrl() {
        String taskId = createWith(TaskScript.of(Step.successInnerUrlOnly().asFlatArkTask()));

        assertThat(client.poll(taskId)).isInstanceOfSatisfying(Succeeded.class,
                s -> assertThat(s.videoUrl().toString()).startsWith(fake.baseUrl() + "/media/cgt-"));
    }

    @Test
    void poll_bareArkTaskFailed_isAFailureWithArksCode() {
        String taskId = createWith(TaskScript.of(Step.failure("OutputVideoSensitiveContentDetected",
                "The request failed because the output video may contain sensitive information.").asFlatArkTask()));

        assertThat(client.poll(taskId)).isInstanceOfSatisfying(Failed.class, f -> {
            assertThat(f.kind()).isEqualTo(ErrorKind.OUTPUT_MODERATION);
            assertThat(f.code()).isEqualTo("OutputVideoSensitiveContentDetected");
        });
    }

    private String createWith(TaskScript script) {
        fake.scriptNextTask(script);
        return client.create(SeedanceTestSupport.text("A kite"));
    }

    private List<GenerationStatus> pollTimes(String taskId, int times) {
        List<GenerationStatus> seen = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            seen.add(client.poll(taskId));
        }
        return seen;
    }
}
