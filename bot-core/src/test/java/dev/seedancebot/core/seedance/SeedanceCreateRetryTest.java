package dev.seedancebot.core.seedance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationException;
import dev.seedancebot.testkit.MutableClock;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Fault;
import dev.seedancebot.testkit.seedance.Faults;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A create call is sent again only when it is certain that nothing was created. */
class SeedanceCreateRetryTest {
    private final MutableClock clock = new MutableClock(SeedanceTestSupport.START);
    private final SeedanceTestSupport.RecordingSleeper sleeper = new SeedanceTestSupport.RecordingSleeper(clock);
    private FakeSeedanceServer fake;
    private SeedanceClient client;

    @BeforeEach
    void startFake() {
        fake = FakeSeedanceServer.start();
        client = SeedanceTestSupport.client(new OkHttpClient(), SeedanceTestSupport.settings(fake), clock, sleeper);
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    @Test
    void create_answerArrivesAfterReadTimeout_throwsOutcomeUnknownAndNeverResends() {
        client = SeedanceTestSupport.client(new OkHttpClient(),
                SeedanceTestSupport.settings(fake).withTimeouts(SeedanceTestSupport.SHORT_TIMEOUT,
                        SeedanceTestSupport.SHORT_TIMEOUT), clock, sleeper);
        fake.failNextCreate(Fault.delay(SeedanceTestSupport.LATE));

        GenerationException e = createFails();

        assertThat(e.kind()).isEqualTo(ErrorKind.OUTCOME_UNKNOWN);
        await().atMost(Duration.ofSeconds(5)).until(() -> fake.createdTaskCount() == 1);
        assertThat(fake.createRequests()).hasSize(1);
        assertThat(sleeper.pauses()).isEmpty();
    }

    @Test
    void create_connectionDroppedAfterRequestWasSent_throwsOutcomeUnknownAndNeverResends() {
        fake.failNextCreate(Fault.dropConnection());

        GenerationException e = createFails();

        assertThat(e.kind()).isEqualTo(ErrorKind.OUTCOME_UNKNOWN);
        assertThat(fake.createRequests()).hasSize(1);
    }

    @Test
    void create_okWithTruncatedBody_throwsOutcomeUnknown() {
        fake.failNextCreate(Faults.malformedJson());

        GenerationException e = createFails();

        assertThat(e.kind()).isEqualTo(ErrorKind.OUTCOME_UNKNOWN);
        assertThat(fake.createRequests()).hasSize(1);
    }

    @Test
    void create_rateLimitedThenAccepted_resendsAfterRetryAfter() {
        fake.failNextCreate(Faults.rateLimited(7));

        String taskId = client.create(SeedanceTestSupport.text("A kite"));

        assertThat(fake.taskIds()).containsExactly(taskId);
        assertThat(fake.createRequests()).hasSize(2);
        assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void create_upstreamSaturatedWithoutRetryAfter_resendsAfterBackoff() {
        fake.failNextCreate(Faults.upstreamSaturated429());

        client.create(SeedanceTestSupport.text("A kite"));

        assertThat(fake.createdTaskCount()).isEqualTo(1);
        assertThat(sleeper.pauses()).singleElement().satisfies(pause -> assertThat(pause)
                .isPositive()
                .isLessThanOrEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void create_rateLimitedOnEveryAttempt_throwsRateLimitedAfterMaxAttempts() {
        for (int i = 0; i < 3; i++) {
            fake.failNextCreate(Faults.rateLimited(7));
        }

        GenerationException e = createFails();

        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(fake.createRequests()).hasSize(3);
        assertThat(fake.createdTaskCount()).isZero();
        assertThat(sleeper.pauses()).hasSize(2);
    }

    @Test
    void create_retryAfterLongerThanInlineLimit_throwsRateLimitedWithoutWaiting() {
        fake.failNextCreate(Faults.rateLimited(120));

        GenerationException e = createFails();

        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
        assertThat(fake.createRequests()).hasSize(1);
        assertThat(sleeper.pauses()).isEmpty();
    }

    @Test
    void create_quotaExceededWithPushBackToCaller_throwsRateLimitedAtOnceWithoutResending() {
        client = SeedanceTestSupport.client(new OkHttpClient(),
                SeedanceTestSupport.settings(fake).withPushBackToCaller(), clock, sleeper);
        fake.setMaxRunningTasks(1);
        String first = client.create(SeedanceTestSupport.text("A kite"));

        GenerationException e = createFails();

        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(fake.quotaRefusals()).isEqualTo(1);
        assertThat(fake.createRequests()).hasSize(2);
        assertThat(fake.taskIds()).containsExactly(first);
        assertThat(sleeper.pauses()).isEmpty();
    }

    @Test
    void create_rateLimitedWithRetryAfterAndPushBackToCaller_handsTheWaitBackWithoutSleeping() {
        client = SeedanceTestSupport.client(new OkHttpClient(),
                SeedanceTestSupport.settings(fake).withPushBackToCaller(), clock, sleeper);
        fake.failNextCreate(Faults.rateLimited(7));

        GenerationException e = createFails();

        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(fake.createRequests()).hasSize(1);
        assertThat(fake.createdTaskCount()).isZero();
        assertThat(sleeper.pauses()).isEmpty();
    }

    @Test
    void create_serverError_isNotResent() {
        fake.failNextCreate(Faults.serverError());

        GenerationException e = createFails();

        assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(fake.createRequests()).hasSize(1);
    }

    @Test
    void create_connectionRefused_retriesThenThrowsNetwork() throws IOException {
        var settings = SeedanceTestSupport.settings(
                "http://127.0.0.1:" + SeedanceTestSupport.closedPort(), fake.apiKey());
        client = SeedanceTestSupport.client(new OkHttpClient(), settings, clock, sleeper);

        GenerationException e = createFails();

        assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
        assertThat(sleeper.pauses()).as("three attempts, two pauses").hasSize(2);
    }

    @Test
    void create_unknownHostOnFirstAttempt_resendsAndCreatesExactlyOneTask() {
        AtomicInteger lookups = new AtomicInteger();
        OkHttpClient http = new OkHttpClient.Builder()
                .dns(host -> {
                    if (lookups.incrementAndGet() == 1) {
                        throw new UnknownHostException(host);
                    }
                    return List.of(InetAddress.getLoopbackAddress());
                })
                .build();
        String baseUrl = fake.baseUrl().replace("127.0.0.1", "anyfast.test");
        client = SeedanceTestSupport.client(http, SeedanceTestSupport.settings(baseUrl, fake.apiKey()), clock, sleeper);

        String taskId = client.create(SeedanceTestSupport.text("A kite"));

        assertThat(fake.taskIds()).containsExactly(taskId);
        assertThat(fake.createRequests()).singleElement().satisfies(r -> assertThat(r.header("Authorization"))
                .contains("Bearer " + fake.apiKey()));
        assertThat(sleeper.pauses()).hasSize(1);
    }

    @Test
    void create_assetNotReadyOnce_resendsAfterAssetRetryDelay() {
        fake.failNextCreate(Faults.assetNotReady("asset-20260320120147-pqwhc"));

        String taskId = client.create(SeedanceTestSupport.text("A kite"));

        assertThat(fake.taskIds()).containsExactly(taskId);
        assertThat(fake.createRequests()).hasSize(2);
        assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(10));
    }

    @Test
    void create_assetCopyNotReady503_resendsAfterAssetRetryDelay() {
        fake.failNextCreate(Fault.http(503, """
                {"error":{"message":"asset \\"asset-1\\" copy on channel 391 is not ready (status=\\"Processing\\")",
                "type":"new_api_error","code":"asset_copy_not_ready"}}"""));

        client.create(SeedanceTestSupport.text("A kite"));

        assertThat(fake.createdTaskCount()).isEqualTo(1);
        assertThat(sleeper.pauses()).containsExactly(Duration.ofSeconds(10));
    }

    @Test
    void create_assetNeverReady_throwsAssetNotReadyAfterConfiguredResends() {
        for (int i = 0; i < 3; i++) {
            fake.failNextCreate(Faults.assetNotReady("asset-20260320120147-pqwhc"));
        }

        GenerationException e = createFails();

        assertThat(e.kind()).isEqualTo(ErrorKind.ASSET_NOT_READY);
        assertThat(e.contentIndex()).contains(1);
        assertThat(fake.createRequests()).hasSize(3);
        assertThat(fake.createdTaskCount()).isZero();
    }

    private GenerationException createFails() {
        return catchThrowableOfType(
                GenerationException.class, () -> client.create(SeedanceTestSupport.text("A kite")));
    }
}
