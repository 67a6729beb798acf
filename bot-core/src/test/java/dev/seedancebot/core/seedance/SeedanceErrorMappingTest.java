package dev.seedancebot.core.seedance;

import static dev.seedancebot.core.seedance.SeedanceTestSupport.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationException;
import dev.seedancebot.core.generation.GenerationStatus;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.testkit.MutableClock;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.seedance.Fault;
import dev.seedancebot.testkit.seedance.Faults;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every vendor error of API-NOTES §2.4 and §5.5, in all three envelopes, becomes a typed GenerationException. */
class SeedanceErrorMappingTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(SeedanceTestSupport.START);
    private FakeSeedanceServer fake;
    private SeedanceClient client;

    @BeforeEach
    void startFake() {
        fake = FakeSeedanceServer.start();
        // one attempt and no asset resends, so that each fault is seen exactly as the provider sent it
        var base = SeedanceTestSupport.settings(fake);
        var settings = new SeedanceSettings(base.baseUrl(), base.apiKey(), base.model(), base.connectTimeout(),
                base.readTimeout(), base.maxResultBytes(), null, base.assetPollInterval(), base.assetPollTimeout(), 1,
                0, base.assetRetryDelay());
        client = SeedanceTestSupport.client(
                new OkHttpClient(), settings, clock, new SeedanceTestSupport.RecordingSleeper(clock));
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    static Stream<Arguments> createFaults() {
        return Stream.of(
                Arguments.of("documented 401", Faults.invalidApiKey(), ErrorKind.AUTHENTICATION, 401,
                        "invalid_api_key"),
                Arguments.of("new-api 401", Faults.invalidToken401NewApi(), ErrorKind.AUTHENTICATION, 401, null),
                Arguments.of("validation", Faults.invalidRequest("resolution must be 480p or 720p"),
                        ErrorKind.INVALID_REQUEST, 400, "invalid_request"),
                Arguments.of("wrapped InvalidParameter.Content",
                        Faults.inputModeration("InvalidParameter.Content", 0), ErrorKind.INVALID_REQUEST, 400,
                        "InvalidParameter.Content"),
                Arguments.of("text moderation", Faults.inputModeration("InputTextSensitiveContentDetected", 0),
                        ErrorKind.INPUT_MODERATION, 400, "InputTextSensitiveContentDetected"),
                Arguments.of("video moderation",
                        Faults.inputModeration("InputVideoSensitiveContentDetected.PrivacyInformation", 1),
                        ErrorKind.INPUT_MODERATION, 400, "InputVideoSensitiveContentDetected.PrivacyInformation"),
                Arguments.of("asset not ready", Faults.assetNotReady("asset-1"), ErrorKind.ASSET_NOT_READY, 400,
                        "InvalidParameter"),
                Arguments.of("balance", Faults.insufficientBalance(), ErrorKind.INSUFFICIENT_BALANCE, 403,
                        "insufficient_user_quota"),
                Arguments.of("task route out of balance", Faults.quotaNotEnough(), ErrorKind.INSUFFICIENT_BALANCE,
                        403, "quota_not_enough"),
                Arguments.of("key quota used up", Faults.tokenQuotaExhausted(), ErrorKind.INSUFFICIENT_BALANCE, 403,
                        "pre_consume_token_quota_failed"),
                Arguments.of("body over the gateway limit", Faults.requestTooLarge(), ErrorKind.REQUEST_TOO_LARGE,
                        413, "read_request_body_failed"),
                Arguments.of("rate limit", Faults.rateLimited(5), ErrorKind.RATE_LIMITED, 429,
                        "rate_limit_exceeded"),
                Arguments.of("upstream saturated", Faults.upstreamSaturated429(), ErrorKind.RATE_LIMITED, 429,
                        "upstream_error"),
                Arguments.of("Ark queue full", Fault.http(400, wrapped("QuotaExceeded", "Too many queued tasks")),
                        ErrorKind.RATE_LIMITED, 400, "QuotaExceeded"),
                Arguments.of("account overdue", Fault.http(403, wrapped("AccountOverdueError", "overdue")),
                        ErrorKind.INSUFFICIENT_BALANCE, 403, "AccountOverdueError"),
                Arguments.of("access denied", Fault.http(403, wrapped("AccessDenied", "no access")),
                        ErrorKind.AUTHENTICATION, 403, "AccessDenied"),
                Arguments.of("model unavailable", Faults.modelUnavailable(), ErrorKind.MODEL_UNAVAILABLE, 503,
                        "model_not_found"),
                Arguments.of("server error", Faults.serverError(), ErrorKind.SERVER_ERROR, 500, "do_request_failed"),
                Arguments.of("bad gateway HTML", Fault.http(502, "<html>Bad Gateway</html>"), ErrorKind.SERVER_ERROR,
                        502, null),
                Arguments.of("error envelope with HTTP 200", Fault.http(200, "{\"code\":\"fail_to_fetch_task\","
                        + "\"message\":\"upstream refused\",\"data\":null}"), ErrorKind.UNKNOWN, 200,
                        "fail_to_fetch_task"),
                Arguments.of("malformed 200", Faults.malformedJson(), ErrorKind.OUTCOME_UNKNOWN, 200, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("createFaults")
    void create_providerError_mapsToKind(String name, Fault fault, ErrorKind kind, int status, String code) {
        fake.failNextCreate(fault);

        GenerationException e = catchThrowableOfType(
                GenerationException.class, () -> client.create(SeedanceTestSupport.text("A kite")));

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.code().orElse(null)).isEqualTo(code);
        assertThat(e.getMessage()).isNotBlank();
        assertThat(fake.createRequests()).hasSize(1);
    }

    @Test
    void create_rateLimited_carriesRetryAfter() {
        fake.failNextCreate(Faults.rateLimited(5));

        GenerationException e = catchThrowableOfType(
                GenerationException.class, () -> client.create(SeedanceTestSupport.text("A kite")));

        assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void create_wrappedImageModeration_unwrapsArkErrorAndPointsAtTheAttachment() {
        MediaInput first = local(dir, TestMedia.IMAGE_PNG, MediaRole.REFERENCE_IMAGE);
        MediaInput second = local(dir, TestMedia.IMAGE_JPG, MediaRole.REFERENCE_IMAGE);
        VideoRequest request = SeedanceTestSupport.withMedia("@image1 meets @image2", VideoOptions.DEFAULTS,
                first, second);
        fake.failNextCreate(Faults.inputModeration("InputImageSensitiveContentDetected.PrivacyInformation", 2));

        GenerationException e = catchThrowableOfType(GenerationException.class, () -> client.create(request));

        assertThat(e.kind()).isEqualTo(ErrorKind.INPUT_MODERATION);
        assertThat(e.code()).contains("InputImageSensitiveContentDetected.PrivacyInformation");
        assertThat(e.getMessage()).contains("may contain real person").doesNotStartWith("{");
        assertThat(e.contentIndex()).contains(2);
        assertThat(SeedanceClient.inputAtContentIndex(request, e.contentIndex().orElseThrow())).contains(second);
    }

    @Test
    void create_wrongApiKey_mapsToAuthentication() {
        client = SeedanceTestSupport.client(new OkHttpClient(),
                SeedanceTestSupport.settings(fake.baseUrl(), "not-the-key"), clock,
                new SeedanceTestSupport.RecordingSleeper(clock));

        GenerationException e = catchThrowableOfType(
                GenerationException.class, () -> client.create(SeedanceTestSupport.text("A kite")));

        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(e.retryable()).isFalse();
    }

    static Stream<Arguments> pollFaults() {
        return Stream.of(
                Arguments.of("revoked key", Faults.invalidApiKey(), ErrorKind.AUTHENTICATION, 401),
                Arguments.of("task_not_exist 400", Faults.taskNotExist400(), ErrorKind.TASK_NOT_FOUND, 400),
                Arguments.of("documented 404", Faults.notFound404(), ErrorKind.TASK_NOT_FOUND, 404),
                Arguments.of("rate limit", Faults.rateLimited(5), ErrorKind.RATE_LIMITED, 429),
                Arguments.of("server error", Faults.serverError(), ErrorKind.SERVER_ERROR, 500),
                Arguments.of("bad gateway HTML", Fault.http(502, "<html>Bad Gateway</html>"), ErrorKind.SERVER_ERROR,
                        502),
                Arguments.of("truncated 200", Faults.malformedJson(), ErrorKind.SERVER_ERROR, 200),
                Arguments.of("task_not_exist with HTTP 200", Fault.http(200, "{\"code\":\"task_not_exist\","
                        + "\"message\":\"task_not_exist\",\"data\":null}"), ErrorKind.TASK_NOT_FOUND, 200));
    }

    @Test
    void poll_connectionDroppedOnce_isResentAtOnceAndSucceeds() {
        String taskId = client.create(SeedanceTestSupport.text("A kite"));
        fake.failNextPoll(Fault.dropConnection());
        int before = fake.requests().size();

        GenerationStatus status = client.poll(taskId);

        assertThat(status).isInstanceOf(GenerationStatus.Pending.class);
        assertThat(fake.requests()).hasSize(before + 2);
    }

    @Test
    void poll_connectionDroppedTwice_mapsToNetworkAfterTwoRequests() {
        String taskId = client.create(SeedanceTestSupport.text("A kite"));
        fake.failNextPoll(Fault.dropConnection());
        fake.failNextPoll(Fault.dropConnection());
        int before = fake.requests().size();

        GenerationException e = catchThrowableOfType(GenerationException.class, () -> client.poll(taskId));

        assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
        assertThat(fake.requests()).hasSize(before + 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pollFaults")
    void poll_providerError_mapsToKindAfterExactlyOneRequest(String name, Fault fault, ErrorKind kind, int status) {
        String taskId = client.create(SeedanceTestSupport.text("A kite"));
        fake.failNextPoll(fault);
        int before = fake.requests().size();

        GenerationException e = catchThrowableOfType(GenerationException.class, () -> client.poll(taskId));

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(fake.requests()).hasSize(before + 1);
    }

    @Test
    void poll_unknownTaskId_mapsToTaskNotFound() {
        GenerationException e = catchThrowableOfType(
                GenerationException.class, () -> client.poll("asyntask_doesnotexist"));

        assertThat(e.kind()).isEqualTo(ErrorKind.TASK_NOT_FOUND);
        assertThat(e.httpStatus()).isEqualTo(404);
    }

    @Test
    void poll_rateLimited_carriesRetryAfterForTheCallersBackoff() {
        String taskId = client.create(SeedanceTestSupport.text("A kite"));
        fake.failNextPoll(Faults.rateLimited(9));

        GenerationException e = catchThrowableOfType(GenerationException.class, () -> client.poll(taskId));

        assertThat(e.retryAfter()).contains(Duration.ofSeconds(9));
        Backoff backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(1), new java.util.Random(1));
        assertThat(backoff.delay(1, e)).isEqualTo(Duration.ofSeconds(9));
    }

    /** new-api's relayed upstream rejection: the Ark error as a JSON string inside {@code message}. */
    private static String wrapped(String code, String message) {
        String inner = "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"type\":\"BadRequest\"}}";
        return "{\"code\":\"fail_to_fetch_task\",\"message\":" + SeedanceTestSupport.MAPPER.valueToTree(inner)
                + ",\"data\":null}";
    }
}
