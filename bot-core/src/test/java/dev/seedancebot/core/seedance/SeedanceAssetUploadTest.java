package dev.seedancebot.core.seedance;

import static dev.seedancebot.core.seedance.SeedanceTestSupport.MAPPER;
import static dev.seedancebot.core.seedance.SeedanceTestSupport.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationException;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.testkit.MutableClock;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.seedance.Fault;
import dev.seedancebot.testkit.seedance.Faults;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local videos go through CreateAssetGroup (once) → CreateAsset (JSON + data URI) → GetAsset until Active. */
class SeedanceAssetUploadTest {
    private static final Duration POLL = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(SeedanceTestSupport.START);
    private final SeedanceTestSupport.RecordingSleeper sleeper = new SeedanceTestSupport.RecordingSleeper(clock);
    private FakeSeedanceServer fake;
    private SeedanceClient client;

    @AfterEach
    void stopFake() {
        fake.close();
    }

    @Test
    void create_localVideo_uploadsJsonDataUriPollsUntilActiveAndReferencesTheAsset() throws IOException {
        start(2, new OkHttpClient());

        client.create(videoRequest(TestMedia.VIDEO_3S));

        List<RecordedRequest> assetCalls = assetCalls();
        assertThat(assetCalls).extracting(RecordedRequest::path).containsExactly(
                "/volc/asset/CreateAssetGroup", "/volc/asset/CreateAsset", "/volc/asset/GetAsset",
                "/volc/asset/GetAsset", "/volc/asset/GetAsset");
        JsonNode group = MAPPER.readTree(assetCalls.get(0).bodyText());
        assertThat(group.get("model").asText()).isEqualTo("volc-asset");
        assertThat(group.get("Name").asText()).startsWith("seedance-bot-");
        RecordedRequest upload = assetCalls.get(1);
        assertThat(upload.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode asset = MAPPER.readTree(upload.bodyText());
        assertThat(asset.get("model").asText()).isEqualTo("volc-asset-video");
        assertThat(asset.get("AssetType").asText()).isEqualTo("Video");
        assertThat(asset.get("Name").asText()).startsWith("seedance-bot-");
        String url = asset.get("URL").asText();
        assertThat(url).startsWith("data:video/mp4;base64,");
        assertThat(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)))
                .isEqualTo(TestMedia.bytes(TestMedia.VIDEO_3S));
        String assetId = assetIdInCreate(0);
        assertThat(fake.asset(assetId)).hasValueSatisfying(a -> {
            assertThat(a.status()).isEqualTo("Active");
            assertThat(a.groupId()).isEqualTo(asset.get("GroupId").asText());
        });
        assertThat(sleeper.pauses()).containsExactly(POLL, POLL, POLL);
    }

    @Test
    void create_twoLocalVideos_createTheGroupOnceWithUniqueAssetNames() throws IOException {
        start(0, new OkHttpClient());

        client.create(videoRequest(TestMedia.VIDEO_3S));
        client.create(videoRequest(TestMedia.VIDEO_8S));

        assertThat(assetCalls()).filteredOn(r -> r.path().endsWith("CreateAssetGroup")).hasSize(1);
        List<JsonNode> uploads = assetCalls().stream()
                .filter(r -> r.path().endsWith("/CreateAsset"))
                .map(r -> readTree(r.bodyText()))
                .toList();
        assertThat(uploads).hasSize(2);
        assertThat(uploads.get(0).get("GroupId")).isEqualTo(uploads.get(1).get("GroupId"));
        assertThat(uploads.get(0).get("Name")).isNotEqualTo(uploads.get(1).get("Name"));
    }

    @Test
    void create_configuredGroup_usesItWithoutCreatingOne() throws IOException {
        start(0, new OkHttpClient());
        client.create(videoRequest(TestMedia.VIDEO_3S));
        String groupId = readTree(assetCalls().get(1).bodyText()).get("GroupId").asText();
        int before = assetCalls().size();
        SeedanceClient configured = SeedanceTestSupport.client(new OkHttpClient(),
                SeedanceTestSupport.settings(fake).withAssetGroupId(groupId), clock, sleeper);

        configured.create(videoRequest(TestMedia.VIDEO_8S));

        List<RecordedRequest> later = assetCalls().subList(before, assetCalls().size());
        assertThat(later).noneMatch(r -> r.path().endsWith("CreateAssetGroup"));
        assertThat(readTree(later.get(0).bodyText()).get("GroupId").asText()).isEqualTo(groupId);
    }

    @Test
    void create_newGroupNotVisibleYet_retriesTheUpload() throws IOException {
        OkHttpClient http = afterFirst("/volc/asset/CreateAssetGroup",
                () -> fake.failNextAsset(Fault.http(404, "{\"error\":{\"message\":\"upstream_error: "
                        + "[NotFound.group_id] The specified asset_group group-x is not found.\"}}")));
        start(0, http);

        client.create(videoRequest(TestMedia.VIDEO_3S));

        assertThat(assetCalls()).filteredOn(r -> r.path().endsWith("/CreateAsset")).hasSize(2);
        assertThat(fake.createdTaskCount()).isEqualTo(1);
    }

    @Test
    void create_configuredGroupMissing_failsWithAssetFailedWithoutRetrying() {
        start(0, new OkHttpClient(), "group-20260101000000-gone1");

        GenerationException e = createFails(videoRequest(TestMedia.VIDEO_3S));

        assertThat(e.kind()).isEqualTo(ErrorKind.ASSET_FAILED);
        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(assetCalls()).hasSize(1);
        assertThat(fake.createRequests()).isEmpty();
    }

    @Test
    void create_assetNotFoundRightAfterUpload_isTolerated() {
        OkHttpClient http = afterFirst("/volc/asset/CreateAsset", () -> fake.failNextAsset(Fault.http(404,
                "{\"error\":{\"message\":\"upstream_error: [NotFound.asset_id] The specified asset is not found.\"}}")));
        start(0, http);

        client.create(videoRequest(TestMedia.VIDEO_3S));

        assertThat(assetCalls()).filteredOn(r -> r.path().endsWith("GetAsset")).hasSize(2);
        assertThat(fake.createdTaskCount()).isEqualTo(1);
    }

    @Test
    void create_assetStillNotFoundAfterGracePeriod_failsWithAssetFailed() {
        OkHttpClient http = afterFirst("/volc/asset/CreateAsset", () -> {
            for (int i = 0; i < 8; i++) {
                fake.failNextAsset(Fault.http(404, "{\"error\":{\"message\":\"[NotFound.asset_id] not found\"}}"));
            }
        });
        start(0, http);

        GenerationException e = createFails(videoRequest(TestMedia.VIDEO_3S));

        assertThat(e.kind()).isEqualTo(ErrorKind.ASSET_FAILED);
        assertThat(sleeper.pauses()).as("NotFound tolerated for 20 s at 3 s per check").hasSize(7);
        assertThat(fake.createRequests()).isEmpty();
    }

    @Test
    void create_assetFailsProcessing_failsWithAssetFailedAndItsCode() {
        OkHttpClient http = afterFirst("/volc/asset/CreateAsset", () -> fake.failNextAsset(Fault.http(200, """
                {"Id":"asset-1","Status":"Failed","Error":{"Code":"InvalidParameter.DownloadFailed",
                 "Message":"download failed"}}""")));
        start(0, http);

        GenerationException e = createFails(videoRequest(TestMedia.VIDEO_3S));

        assertThat(e.kind()).isEqualTo(ErrorKind.ASSET_FAILED);
        assertThat(e.code()).contains("InvalidParameter.DownloadFailed");
        assertThat(e.getMessage()).contains("download failed");
    }

    @Test
    void create_assetNeverActive_failsWithAssetNotReadyAtTheDeadline() {
        start(1_000, new OkHttpClient());

        GenerationException e = createFails(videoRequest(TestMedia.VIDEO_3S));

        assertThat(e.kind()).isEqualTo(ErrorKind.ASSET_NOT_READY);
        assertThat(sleeper.pauses()).hasSize(20);
        assertThat(fake.createRequests()).isEmpty();
    }

    @Test
    void create_activeAssetRefusedAsNotReady_resendsTheCreateOnce() {
        start(0, new OkHttpClient());
        fake.failNextCreate(Faults.assetNotReady("asset-whatever"));

        client.create(videoRequest(TestMedia.VIDEO_3S));

        assertThat(fake.createRequests()).hasSize(2);
        assertThat(fake.createdTaskCount()).isEqualTo(1);
        assertThat(assetCalls()).filteredOn(r -> r.path().endsWith("/CreateAsset")).hasSize(1);
        assertThat(sleeper.pauses()).endsWith(Duration.ofSeconds(10));
    }

    @Test
    void create_localImageAndAudio_areSentInlineWithoutUpload() {
        start(0, new OkHttpClient());

        client.create(SeedanceTestSupport.withMedia("@image1 hums @audio1", VideoOptions.DEFAULTS,
                local(dir, TestMedia.IMAGE_PNG, MediaRole.REFERENCE_IMAGE),
                local(dir, TestMedia.AUDIO_MP3_3S, MediaRole.REFERENCE_AUDIO)));

        assertThat(assetCalls()).isEmpty();
        assertThat(readTree(fake.createRequests().get(0).bodyText()).at("/content/2/audio_url/url").asText())
                .startsWith("data:audio/mpeg;base64,");
    }

    @Test
    void create_assetInactiveForNineSeconds_rechecksAndUsesIt() {
        startInactive(3);

        client.create(videoRequest(TestMedia.VIDEO_3S));

        assertThat(getAssetCalls()).isEqualTo(4);
        assertThat(fake.createRequests()).hasSize(1);
    }

    @Test
    void create_assetStaysInactivePastTheWindow_failsAsAssetFailedAndCreatesNothing() {
        startInactive(Integer.MAX_VALUE);

        GenerationException e = createFails(videoRequest(TestMedia.VIDEO_3S));

        assertThat(e.kind()).isEqualTo(ErrorKind.ASSET_FAILED);
        assertThat(e.getMessage()).contains("stayed Inactive for 30 s");
        assertThat(getAssetCalls()).as("first Inactive at 3 s, rechecked every 3 s until 33 s").isEqualTo(11);
        assertThat(fake.createRequests()).isEmpty();
    }

    private void start(int assetPollsUntilActive, OkHttpClient http) {
        start(assetPollsUntilActive, http, null);
    }

    private void start(int assetPollsUntilActive, OkHttpClient http, String assetGroupId) {
        fake = FakeSeedanceServer.builder().assetPollsUntilActive(assetPollsUntilActive).start();
        client = SeedanceTestSupport.client(
                http, SeedanceTestSupport.settings(fake).withAssetGroupId(assetGroupId), clock, sleeper);
    }

    /** New assets report Inactive for {@code reads} reads; Inactive assets are rechecked for 30 s. */
    private void startInactive(int reads) {
        fake = FakeSeedanceServer.builder().assetPendingStatus("Inactive").assetPollsUntilActive(reads).start();
        SeedanceSettings settings = SeedanceTestSupport.settings(fake)
                .withGraces(Duration.ofSeconds(30), SeedanceSettings.DEFAULT_TASK_NOT_FOUND_GRACE);
        client = SeedanceTestSupport.client(new OkHttpClient(), settings, clock, sleeper);
    }

    private long getAssetCalls() {
        return assetCalls().stream().filter(r -> r.path().equals("/volc/asset/GetAsset")).count();
    }

    private VideoRequest videoRequest(String video) {
        return SeedanceTestSupport.withMedia("Restyle @video1 as a watercolour", VideoOptions.DEFAULTS,
                local(dir, video, MediaRole.REFERENCE_VIDEO));
    }

    private GenerationException createFails(VideoRequest request) {
        return catchThrowableOfType(GenerationException.class, () -> client.create(request));
    }

    private List<RecordedRequest> assetCalls() {
        return fake.requests().stream().filter(r -> r.path().startsWith("/volc/asset/")).toList();
    }

    private String assetIdInCreate(int index) throws IOException {
        String url = MAPPER.readTree(fake.createRequests().get(index).bodyText())
                .at("/content/1/video_url/url")
                .asText();
        assertThat(url).startsWith("asset://");
        return url.substring("asset://".length());
    }

    /**
     * A client that runs {@code action} once, right after the first answer to {@code path}: the fake's asset faults
     * apply to the next asset call of any kind, and this is how a test aims one at a later call.
     */
    private static OkHttpClient afterFirst(String path, Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        return new OkHttpClient.Builder()
                .addInterceptor(chain -> {
                    Response response = chain.proceed(chain.request());
                    if (chain.request().url().encodedPath().equals(path) && done.compareAndSet(false, true)) {
                        action.run();
                    }
                    return response;
                })
                .build();
    }

    private static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
