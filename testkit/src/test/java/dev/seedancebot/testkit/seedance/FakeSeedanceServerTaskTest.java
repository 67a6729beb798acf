package dev.seedancebot.testkit.seedance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedancebot.testkit.MutableClock;
import dev.seedancebot.testkit.TestMedia;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeSeedanceServerTaskTest {
    private static final String MODERATION_TEXT =
            "The request failed because the output video may contain sensitive information. Request id: 0217733283fake";

    private FakeSeedanceServer server = FakeSeedanceServer.start();
    private SeedanceHttp http = new SeedanceHttp(server);

    @AfterEach
    void stop() {
        server.close();
    }

    private void restart(FakeSeedanceServer.Builder builder) {
        server.close();
        server = builder.start();
        http = new SeedanceHttp(server);
    }

    @Test
    void start_defaults_bindsLoopbackWithDefaultKey() {
        assertThat(server.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(server.apiKey()).isEqualTo("fake-seedance-key").isEqualTo(FakeSeedanceServer.DEFAULT_API_KEY);
    }

    @Test
    void create_textToVideo_answersFlatObjectWithAsyntaskId() throws IOException {
        SeedanceHttp.Answer answer = http.create(SeedanceHttp.textToVideo("a cat"));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.get("id").asText()).startsWith("asyntask_");
        assertThat(body.get("task_id").asText()).isEqualTo(body.get("id").asText());
        assertThat(body.get("object").asText()).isEqualTo("video");
        assertThat(body.get("model").asText()).isEqualTo("seedance-2.0-mini");
        assertThat(body.get("status").asText()).isEmpty();
        assertThat(body.get("progress").isInt()).isTrue();
        assertThat(body.get("created_at").isIntegralNumber()).isTrue();
        assertThat(server.taskIds()).containsExactly(body.get("id").asText());
        assertThat(server.createdTaskCount()).isEqualTo(1);
    }

    @Test
    void poll_standardScript_walksNotStartQueuedInProgressToSuccess() throws IOException {
        String id = http.createTask();

        JsonNode first = http.pollData(id);
        JsonNode second = http.pollData(id);
        JsonNode third = http.pollData(id);
        JsonNode fourth = http.pollData(id);

        assertThat(first.get("task_id").asText()).isEqualTo(id);
        assertThat(first.get("action").asText()).isEqualTo("generate");
        assertThat(first.get("status").asText()).isEqualTo("NOT_START");
        assertThat(first.get("progress").asText()).isEqualTo("0%");
        assertThat(first.get("start_time").asLong()).isZero();
        assertThat(first.get("result_url")).isNull();
        assertThat(first.get("data").size()).as("only the Ark id before the first upstream poll").isEqualTo(1);
        assertThat(first.at("/data/id").asText()).startsWith("cgt-");
        assertThat(second.get("status").asText()).isEqualTo("QUEUED");
        assertThat(second.get("progress").asText()).isEqualTo("10%");
        assertThat(second.at("/data/status").asText()).isEqualTo("queued");
        assertThat(third.get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(third.get("progress").asText()).isEqualTo("50%");
        assertThat(third.at("/data/status").asText()).isEqualTo("running");
        assertThat(third.get("start_time").asLong()).isPositive();
        assertThat(fourth.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(fourth.get("progress").asText()).isEqualTo("100%");
        assertThat(fourth.get("fail_reason").asText()).isEmpty();
        assertThat(fourth.get("finish_time").asLong()).isPositive();
        assertThat(fourth.get("result_url").asText())
                .startsWith(server.baseUrl() + "/media/cgt-")
                .endsWith(".mp4?X-Tos-Expires=86400&sig=fake");
        assertThat(fourth.at("/data/content/video_url").asText()).isEqualTo(fourth.get("result_url").asText());
        assertThat(fourth.at("/data/status").asText()).isEqualTo("succeeded");
        assertThat(fourth.at("/data/usage/completion_tokens").asLong()).isEqualTo(1280L * 720 * 121 / 1024);
        assertThat(fourth.at("/data/content/last_frame_url").isMissingNode()).isTrue();
        assertThat(server.task(id)).hasValueSatisfying(state -> {
            assertThat(state.status()).isEqualTo("SUCCESS");
            assertThat(state.pollCount()).isEqualTo(4);
            assertThat(state.terminal()).isTrue();
        });
    }

    @Test
    void download_succeededTask_servesResultMp4WithoutAuth() throws IOException {
        server.scriptNextTask(TaskScript.of(Step.success()));
        String id = http.createTask();
        String url = http.pollData(id).get("result_url").asText();

        SeedanceHttp.Answer answer = http.download(url);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().get("Content-Type")).isEqualTo("video/mp4");
        assertThat(answer.body()).isEqualTo(TestMedia.bytes(TestMedia.RESULT_MP4));
        assertThat(new String(answer.body(), 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        assertThat(server.downloadRequests()).singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).isEmpty());
    }

    @Test
    void download_clientSendsApiKey_isRecordedAsLeak() throws IOException {
        server.scriptNextTask(TaskScript.of(Step.success()));
        String url = http.pollData(http.createTask()).get("result_url").asText();

        http.execute(http.authorized(url).get().build());

        assertThat(server.downloadRequests()).singleElement()
                .satisfies(r -> assertThat(r.header("authorization")).contains("Bearer fake-seedance-key"));
    }

    @Test
    void poll_pollsPerStepTwo_holdsEachStepForTwoPolls() throws IOException {
        restart(FakeSeedanceServer.builder().pollsPerStep(2));
        String id = http.createTask();

        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(http.pollData(id).get("status").asText());
        }

        assertThat(statuses).containsExactly(
                "NOT_START", "NOT_START", "QUEUED", "QUEUED", "IN_PROGRESS", "IN_PROGRESS", "SUCCESS", "SUCCESS");
    }

    @Test
    void poll_stepDurationSet_followsClockNotPolls() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-12T23:11:34Z"));
        restart(FakeSeedanceServer.builder().clock(clock).stepDuration(Duration.ofSeconds(10)));
        String id = http.createTask();

        String atStart = http.pollData(id).get("status").asText();
        String stillAtStart = http.pollData(id).get("status").asText();
        clock.advance(Duration.ofSeconds(25));
        String after25s = http.pollData(id).get("status").asText();
        clock.advance(Duration.ofSeconds(10));
        JsonNode after35s = http.pollData(id);

        assertThat(atStart).isEqualTo("NOT_START");
        assertThat(stillAtStart).isEqualTo("NOT_START");
        assertThat(after25s).isEqualTo("IN_PROGRESS");
        assertThat(after35s.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(after35s.get("submit_time").asLong()).isEqualTo(clock.instant().minusSeconds(35).getEpochSecond());
        assertThat(after35s.get("finish_time").asLong()).isEqualTo(clock.instant().getEpochSecond());
    }

    @Test
    void poll_unknownId_answers404() throws IOException {
        SeedanceHttp.Answer answer = http.poll("asyntask_doesnotexist");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(server.task("asyntask_doesnotexist")).isEmpty();
    }

    @Test
    void scriptNextTask_twoQueued_appliesInOrderThenFallsBackToDefault() throws IOException {
        server.scriptNextTask(TaskScript.of(Step.failure("X", "first")));
        server.scriptNextTask(TaskScript.of(Step.pending("QUEUED")));
        server.setDefaultScript(TaskScript.of(Step.success()));

        String a = http.pollData(http.createTask()).get("status").asText();
        String b = http.pollData(http.createTask()).get("status").asText();
        String c = http.pollData(http.createTask()).get("status").asText();

        assertThat(List.of(a, b, c)).containsExactly("FAILURE", "QUEUED", "SUCCESS");
    }

    @Test
    void poll_successInnerUrlOnly_omitsResultUrl() throws IOException {
        server.scriptNextTask(TaskScript.of(Step.successInnerUrlOnly()));

        JsonNode data = http.pollData(http.createTask());

        assertThat(data.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(data.has("result_url")).isFalse();
        assertThat(data.at("/data/content/video_url").asText()).contains("/media/cgt-");
        assertThat(http.download(data.at("/data/content/video_url").asText()).status()).isEqualTo(200);
    }

    @Test
    void poll_successFailReasonIsUrl_repeatsResultUrlInFailReason() throws IOException {
        server.scriptNextTask(TaskScript.of(Step.successFailReasonIsUrl()));

        JsonNode data = http.pollData(http.createTask());

        assertThat(data.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(data.get("fail_reason").asText()).isEqualTo(data.get("result_url").asText()).isNotEmpty();
    }

    @Test
    void poll_outputModerationFailure_reportsReasonAndInnerCode() throws IOException {
        server.scriptNextTask(TaskScript.endingWith(Step.failure("OutputVideoSensitiveContentDetected", MODERATION_TEXT)));
        String id = http.createTask();
        for (int i = 0; i < 3; i++) {
            http.poll(id);
        }

        JsonNode data = http.pollData(id);

        assertThat(data.get("status").asText()).isEqualTo("FAILURE");
        assertThat(data.get("progress").asText()).isEqualTo("100%");
        assertThat(data.get("fail_reason").asText()).isEqualTo(MODERATION_TEXT);
        assertThat(data.has("result_url")).isFalse();
        assertThat(data.at("/data/status").asText()).isEqualTo("failed");
        assertThat(data.at("/data/error/code").asText()).isEqualTo("OutputVideoSensitiveContentDetected");
        assertThat(data.at("/data/error/message").asText()).isEqualTo(MODERATION_TEXT);
    }

    @Test
    void poll_timeout1440_failsWithGatewayTimeoutText() throws IOException {
        server.scriptNextTask(TaskScript.of(Step.timeout1440()));

        JsonNode data = http.pollData(http.createTask());

        assertThat(data.get("status").asText()).isEqualTo("FAILURE");
        assertThat(data.get("fail_reason").asText()).isEqualTo("任务超时（1440分钟）");
        assertThat(data.at("/data/status").asText()).isEqualTo("running");
    }

    @Test
    void poll_expiredUpstream_failsWithInnerExpired() throws IOException {
        server.scriptNextTask(TaskScript.of(Step.expired()));

        JsonNode data = http.pollData(http.createTask());

        assertThat(data.get("status").asText()).isEqualTo("FAILURE");
        assertThat(data.get("fail_reason").asText()).isNotEmpty();
        assertThat(data.at("/data/status").asText()).isEqualTo("expired");
    }

    @Test
    void poll_stuckStep_neverAdvancesPastIt() throws IOException {
        server.scriptNextTask(TaskScript.of(Step.pending("QUEUED"), Step.stuck(), Step.success()));
        String id = http.createTask();

        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            statuses.add(http.pollData(id).get("status").asText());
        }

        assertThat(statuses).first().isEqualTo("QUEUED");
        assertThat(statuses.subList(1, 12)).containsOnly("IN_PROGRESS");
    }

    @Test
    void poll_oddStates_reportedVerbatim() throws IOException {
        server.scriptNextTask(TaskScript.of(
                Step.pending("SUBMITTED"),
                Step.pending("UNKNOWN"),
                Step.pending(""),
                Step.pending("IN_PROGRESS", 80),
                Step.pending("IN_PROGRESS", 60),
                Step.pending("IN_PROGRESS", 90).withoutInnerData(),
                Step.success()));
        String id = http.createTask();

        List<String> seen = new ArrayList<>();
        JsonNode missingData = null;
        for (int i = 0; i < 7; i++) {
            JsonNode data = http.pollData(id);
            seen.add(data.get("status").asText() + " " + data.get("progress").asText());
            if (i == 5) {
                missingData = data;
            }
        }

        assertThat(seen).containsExactly(
                "SUBMITTED 0%", "UNKNOWN 30%", " 0%", "IN_PROGRESS 80%", "IN_PROGRESS 60%", "IN_PROGRESS 90%",
                "SUCCESS 100%");
        assertThat(missingData.has("data")).isFalse();
    }

    @Test
    void completeTask_stuckTask_succeedsOnNextPoll() throws IOException {
        server.scriptNextTask(TaskScript.of(Step.stuck()));
        String id = http.createTask();
        http.poll(id);

        server.completeTask(id);

        assertThat(http.pollData(id).get("status").asText()).isEqualTo("SUCCESS");
        assertThat(server.task(id)).get().extracting(TaskState::status).isEqualTo("SUCCESS");
    }

    @Test
    void completeTask_unknownId_throws() {
        assertThatThrownBy(() -> server.completeTask("asyntask_nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void poll_returnLastFrameRequested_servesLastFramePng() throws IOException {
        server.scriptNextTask(TaskScript.of(Step.success()));
        String id = http.create("{\"model\":\"seedance-2.0-mini\",\"return_last_frame\":true,"
                + "\"content\":[{\"type\":\"text\",\"text\":\"x\"}]}").json().get("id").asText();

        String lastFrame = http.pollData(id).at("/data/content/last_frame_url").asText();
        SeedanceHttp.Answer png = http.download(lastFrame);

        assertThat(png.status()).isEqualTo(200);
        assertThat(png.body()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }

    @Test
    void download_afterExpireResults_answers403() throws IOException {
        server.scriptNextTask(TaskScript.of(Step.success()));
        String url = http.pollData(http.createTask()).get("result_url").asText();

        server.expireResults();
        SeedanceHttp.Answer answer = http.download(url);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.text()).contains("AccessDenied");
    }

    @Test
    void download_afterResultExpiryPassed_answers403() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-12T23:11:34Z"));
        restart(FakeSeedanceServer.builder().clock(clock).resultExpiry(Duration.ofHours(1)));
        server.scriptNextTask(TaskScript.of(Step.success()));
        String url = http.pollData(http.createTask()).get("result_url").asText();
        int beforeExpiry = http.download(url).status();

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        int afterExpiry = http.download(url).status();

        assertThat(url).contains("X-Tos-Expires=3600");
        assertThat(beforeExpiry).isEqualTo(200);
        assertThat(afterExpiry).isEqualTo(403);
    }

    @Test
    void download_taskNotFinished_answers404() throws IOException {
        String id = http.createTask();
        String upstreamId = server.task(id).orElseThrow().upstreamId();

        assertThat(http.download(server.baseUrl() + "/media/" + upstreamId + ".mp4?sig=fake").status()).isEqualTo(404);
    }

    @Test
    void download_withPadding_streamsExactSizeEndingInFreeBox() throws IOException {
        long padding = 45L * 1024 * 1024;
        server.setResultPaddingBytes(padding);
        server.scriptNextTask(TaskScript.of(Step.success()));
        String url = http.pollData(http.createTask()).get("result_url").asText();
        int mp4Length = TestMedia.bytes(TestMedia.RESULT_MP4).length;

        long total = 0;
        byte[] boxHeader = new byte[8];
        try (Response response = SeedanceHttp.CLIENT.newCall(new Request.Builder().url(url).build()).execute();
                InputStream in = response.body().byteStream()) {
            assertThat(response.header("Content-Length")).isEqualTo(Long.toString(mp4Length + padding));
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; total += n) {
                for (int i = 0; i < n; i++) {
                    long offset = total + i - mp4Length;
                    if (offset >= 0 && offset < 8) {
                        boxHeader[(int) offset] = buffer[i];
                    }
                }
            }
        }

        assertThat(total).isEqualTo(mp4Length + padding).isEqualTo(server.resultSizeBytes());
        assertThat(ByteBuffer.wrap(boxHeader).getInt()).isEqualTo((int) padding);
        assertThat(new String(boxHeader, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("free");
    }

    @Test
    void setResultPaddingBytes_belowBoxHeader_throws() {
        assertThatThrownBy(() -> server.setResultPaddingBytes(7)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void create_wrongApiKey_answersDocumented401() throws IOException {
        SeedanceHttp.Answer answer = http.execute(new Request.Builder()
                .url(server.baseUrl() + "/v1/video/generations")
                .header("Authorization", "Bearer wrong")
                .post(okhttp3.RequestBody.create(SeedanceHttp.textToVideo("x"), SeedanceHttp.JSON_TYPE))
                .build());

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("invalid_api_key");
        assertThat(answer.json().at("/error/type").asText()).isEqualTo("authentication_error");
        assertThat(answer.json().at("/error/message").asText()).isEqualTo("Invalid API key provided.");
        assertThat(server.createdTaskCount()).isZero();
    }

    @Test
    void poll_missingAuthorization_answers401() throws IOException {
        String id = http.createTask();

        SeedanceHttp.Answer answer = http.execute(
                new Request.Builder().url(server.baseUrl() + "/v1/video/generations/" + id).build());

        assertThat(answer.status()).isEqualTo(401);
        assertThat(server.task(id).orElseThrow().pollCount()).isZero();
    }

    @Test
    void asset_missingAuthorization_answers401() throws IOException {
        SeedanceHttp.Answer answer = http.execute(new Request.Builder()
                .url(server.baseUrl() + "/volc/asset/CreateAssetGroup")
                .post(okhttp3.RequestBody.create("{\"model\":\"volc-asset\",\"Name\":\"g\"}", SeedanceHttp.JSON_TYPE))
                .build());

        assertThat(answer.status()).isEqualTo(401);
    }

    @Test
    void builder_customApiKey_acceptsOnlyThatKey() throws IOException {
        restart(FakeSeedanceServer.builder().apiKey("other-key"));

        SeedanceHttp.Answer answer = http.create(SeedanceHttp.textToVideo("x"));

        assertThat(server.apiKey()).isEqualTo("other-key");
        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void requests_mixedTraffic_recordsAllInOrderWithBodies() throws IOException {
        String id = http.createTask();
        http.poll(id);
        http.create("{bad json");

        assertThat(server.requests()).extracting(RecordedRequest::method).containsExactly("POST", "GET", "POST");
        assertThat(server.requests().get(1).path()).isEqualTo("/v1/video/generations/" + id);
        assertThat(server.createRequests()).hasSize(2);
        assertThat(server.createRequests().get(0).bodyText()).contains("\"model\":\"seedance-2.0-mini\"");
        assertThat(server.createRequests().get(0).header("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        assertThat(server.createRequests().get(1).bodyText()).isEqualTo("{bad json");
    }

    @Test
    void poll_2000ConcurrentTasks_allSucceed() throws Exception {
        server.setDefaultScript(TaskScript.of(Step.success()));
        ExecutorService clients = Executors.newFixedThreadPool(32);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                results.add(clients.submit(() -> {
                    String id = http.createTask();
                    return http.pollData(id).get("status").asText();
                }));
            }
            for (Future<String> result : results) {
                assertThat(result.get()).isEqualTo("SUCCESS");
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(server.createdTaskCount()).isEqualTo(2000);
        assertThat(server.taskIds()).doesNotHaveDuplicates();
    }
}
