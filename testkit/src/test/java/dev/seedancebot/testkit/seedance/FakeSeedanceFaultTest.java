package dev.seedancebot.testkit.seedance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FakeSeedanceFaultTest {
    private final FakeSeedanceServer server = FakeSeedanceServer.start();
    private final SeedanceHttp http = new SeedanceHttp(server);

    @AfterEach
    void stop() {
        server.close();
    }

    static Stream<Arguments> presets() {
        return Stream.of(
                Arguments.of("invalidApiKey", Faults.invalidApiKey(), 401, "/error/code", "invalid_api_key"),
                Arguments.of("invalidToken401NewApi", Faults.invalidToken401NewApi(), 401, "/error/type", "new_api_error"),
                Arguments.of("invalidRequest", Faults.invalidRequest("duration must be 4-15"), 400, "/error/message",
                        "duration must be 4-15"),
                Arguments.of("insufficientBalance", Faults.insufficientBalance(), 403, "/code", "insufficient_user_quota"),
                Arguments.of("rateLimited", Faults.rateLimited(7), 429, "/error/code", "rate_limit_exceeded"),
                Arguments.of("upstreamSaturated429", Faults.upstreamSaturated429(), 429, "/message", "当前分组上游负载已饱和，请稍后再试"),
                Arguments.of("modelUnavailable", Faults.modelUnavailable(), 503, "/error/code", "model_not_found"),
                Arguments.of("serverError", Faults.serverError(), 500, "/error/code", "do_request_failed"),
                Arguments.of("taskNotExist400", Faults.taskNotExist400(), 400, "/code", "task_not_exist"),
                Arguments.of("notFound404", Faults.notFound404(), 404, "/error/code", "not_found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void failNextCreate_preset_answersDocumentedStatusAndBody(
            String name, Fault fault, int status, String pointer, String value) throws IOException {
        server.failNextCreate(fault);

        SeedanceHttp.Answer answer = http.create(SeedanceHttp.textToVideo("x"));

        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.json().at(pointer).asText()).isEqualTo(value);
        assertThat(server.createdTaskCount()).isZero();
    }

    @Test
    void failNextCreate_taskShapedPreset_hasNullData() throws IOException {
        server.failNextCreate(Faults.insufficientBalance());

        JsonNode body = http.create(SeedanceHttp.textToVideo("x")).json();

        assertThat(body.has("data")).isTrue();
        assertThat(body.get("data").isNull()).isTrue();
        assertThat(body.get("message").asText()).contains("额度不足");
    }

    @Test
    void failNextCreate_rateLimited_sendsRetryAfter() throws IOException {
        server.failNextCreate(Faults.rateLimited(7));

        SeedanceHttp.Answer answer = http.create(SeedanceHttp.textToVideo("x"));

        assertThat(answer.headers().get("Retry-After")).isEqualTo("7");
    }

    @Test
    void failNextCreate_inputModeration_wrapsUpstreamErrorAsJsonString() throws IOException {
        server.failNextCreate(Faults.inputModeration("InputImageSensitiveContentDetected.PrivacyInformation", 1));

        SeedanceHttp.Answer answer = http.create(SeedanceHttp.textToVideo("x"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("code").asText()).isEqualTo("fail_to_fetch_task");
        assertThat(answer.json().get("data").isNull()).isTrue();
        assertThat(answer.json().get("message").isTextual()).isTrue();
        JsonNode inner = SeedanceHttp.JSON.readTree(answer.json().get("message").asText());
        assertThat(inner.at("/error/code").asText()).isEqualTo("InputImageSensitiveContentDetected.PrivacyInformation");
        assertThat(inner.at("/error/type").asText()).isEqualTo("BadRequest");
        assertThat(inner.at("/error/message").asText()).contains("input image 'content[1]'").contains("real person");
    }

    @Test
    void failNextCreate_assetNotReady_namesTheAsset() throws IOException {
        server.failNextCreate(Faults.assetNotReady("asset-20260320120147-pqwhc"));

        SeedanceHttp.Answer answer = http.create(SeedanceHttp.textToVideo("x"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("message").asText())
                .contains("The specified asset asset-20260320120147-pqwhc is not found");
    }

    @Test
    void failNextPoll_malformedJson_answers200WithUnparseableBody() throws IOException {
        String id = http.createTask();
        server.failNextPoll(Faults.malformedJson());

        SeedanceHttp.Answer answer = http.poll(id);

        assertThat(answer.status()).isEqualTo(200);
        assertThatThrownBy(() -> SeedanceHttp.JSON.readTree(answer.body())).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void failNextCreate_twoQueued_consumedInOrderThenNormal() throws IOException {
        server.failNextCreate(Faults.serverError());
        server.failNextCreate(Faults.rateLimited(1));

        int first = http.create(SeedanceHttp.textToVideo("x")).status();
        int second = http.create(SeedanceHttp.textToVideo("x")).status();
        int third = http.create(SeedanceHttp.textToVideo("x")).status();

        assertThat(new int[] {first, second, third}).containsExactly(500, 429, 200);
        assertThat(server.createdTaskCount()).isEqualTo(1);
        assertThat(server.createRequests()).hasSize(3);
    }

    @Test
    void failNextPoll_transient502_notCountedAndRecovers() throws IOException {
        String id = http.createTask();
        server.failNextPoll(Fault.http(502, "{\"code\":\"do_request_failed\",\"message\":\"bad gateway\",\"data\":null}"));

        int faulted = http.poll(id).status();
        JsonNode recovered = http.pollData(id);

        assertThat(faulted).isEqualTo(502);
        assertThat(recovered.get("status").asText()).isEqualTo("NOT_START");
        assertThat(server.task(id).orElseThrow().pollCount()).isEqualTo(1);
    }

    @Test
    void failNextPoll_doesNotAffectCreate() throws IOException {
        server.failNextPoll(Faults.serverError());

        assertThat(http.create(SeedanceHttp.textToVideo("x")).status()).isEqualTo(200);
    }

    @Test
    void failNextCreate_dropConnection_failsCallAndCreatesNothing() {
        server.failNextCreate(Fault.dropConnection());

        assertThatThrownBy(() -> http.create(SeedanceHttp.textToVideo("x"))).isInstanceOf(IOException.class);
        assertThat(server.createdTaskCount()).isZero();
        assertThat(server.createRequests()).hasSize(1);
    }

    @Test
    void failNextCreate_delayLongerThanClientTimeout_stillCreatesTask() throws IOException {
        OkHttpClient impatient = SeedanceHttp.CLIENT.newBuilder().readTimeout(Duration.ofMillis(200)).build();
        SeedanceHttp impatientHttp = new SeedanceHttp(server, impatient);
        server.failNextCreate(Fault.delay(Duration.ofSeconds(2)));

        assertThatThrownBy(() -> impatientHttp.create(SeedanceHttp.textToVideo("x")))
                .isInstanceOf(InterruptedIOException.class);
        assertThat(server.createdTaskCount()).isEqualTo(1);
        assertThat(server.task(server.taskIds().get(0))).isPresent();
    }

    @Test
    void failNextPoll_delay_answersNormallyAfterDelay() throws IOException {
        String id = http.createTask();
        server.failNextPoll(Fault.delay(Duration.ofMillis(300)));

        long start = System.nanoTime();
        JsonNode data = http.pollData(id);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(data.get("status").asText()).isEqualTo("NOT_START");
    }

    @Test
    void failNextDownload_http503_thenServesFile() throws IOException {
        server.scriptNextTask(TaskScript.of(Step.success()));
        String url = http.pollData(http.createTask()).get("result_url").asText();
        server.failNextDownload(Fault.http(503, "{}").withHeader("Retry-After", "1"));

        SeedanceHttp.Answer faulted = http.download(url);
        SeedanceHttp.Answer recovered = http.download(url);

        assertThat(faulted.status()).isEqualTo(503);
        assertThat(faulted.headers().get("Retry-After")).isEqualTo("1");
        assertThat(recovered.status()).isEqualTo(200);
    }

    @Test
    void failNextDownload_dropConnection_failsCall() throws IOException {
        server.scriptNextTask(TaskScript.of(Step.success()));
        String url = http.pollData(http.createTask()).get("result_url").asText();
        server.failNextDownload(Fault.dropConnection());

        assertThatThrownBy(() -> http.download(url)).isInstanceOf(IOException.class);
    }

    @Test
    void failNextAsset_serverError_appliesToAnyAssetCall() throws IOException {
        server.failNextAsset(Faults.serverError());

        SeedanceHttp.Answer answer = http.post("/volc/asset/CreateAssetGroup", "{\"model\":\"volc-asset\",\"Name\":\"g\"}");

        assertThat(answer.status()).isEqualTo(500);
        assertThat(http.post("/volc/asset/CreateAssetGroup", "{\"model\":\"volc-asset\",\"Name\":\"g\"}").status())
                .isEqualTo(200);
    }

    @Test
    void fault_withHeaderOnDelay_throws() {
        assertThatThrownBy(() -> Fault.delay(Duration.ofSeconds(1)).withHeader("a", "b"))
                .isInstanceOf(IllegalStateException.class);
    }
}
