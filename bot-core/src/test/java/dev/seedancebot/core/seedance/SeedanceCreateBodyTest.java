package dev.seedancebot.core.seedance;

import static dev.seedancebot.core.seedance.SeedanceTestSupport.CHAT;
import static dev.seedancebot.core.seedance.SeedanceTestSupport.MAPPER;
import static dev.seedancebot.core.seedance.SeedanceTestSupport.USER;
import static dev.seedancebot.core.seedance.SeedanceTestSupport.local;
import static dev.seedancebot.core.seedance.SeedanceTestSupport.withMedia;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.seedancebot.core.request.AspectRatio;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.MediaSource;
import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.testkit.MutableClock;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The create body for every input mode, as the fake server received it: valid against the request schema of the
 * vendor's OpenAPI (copied to test resources) and exactly the expected fields, nothing more.
 */
class SeedanceCreateBodyTest {
    private static Schema requestSchema;

    @TempDir
    Path dir;

    private FakeSeedanceServer fake;
    private SeedanceClient client;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream yaml = SeedanceCreateBodyTest.class.getResourceAsStream("/seedance/openapi-create.yaml")) {
            JsonNode openApi = new ObjectMapper(new YAMLFactory()).readTree(yaml);
            JsonNode schema =
                    openApi.at("/paths/~1v1~1video~1generations/post/requestBody/content/application~1json/schema");
            assertThat(schema.isObject()).as("request schema in openapi-create.yaml").isTrue();
            requestSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(MAPPER.writeValueAsString(schema), InputFormat.JSON);
        }
    }

    @BeforeEach
    void startFake() {
        fake = FakeSeedanceServer.builder().assetPollsUntilActive(0).start();
        var clock = new MutableClock(SeedanceTestSupport.START);
        client = SeedanceTestSupport.client(
                new OkHttpClient(),
                SeedanceTestSupport.settings(fake),
                clock,
                new SeedanceTestSupport.RecordingSleeper(clock));
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    @Test
    void create_textOnly_sendsTextAndAllOptions() throws IOException {
        JsonNode body = send(SeedanceTestSupport.text("A cat playing piano in a sunlit room"));

        assertThat(body).isEqualTo(json("""
                {"model":"seedance-2.0-mini",
                 "content":[{"type":"text","text":"A cat playing piano in a sunlit room"}],
                 "generate_audio":true,"resolution":"720p","ratio":"adaptive","duration":5,"watermark":false}
                """));
    }

    @Test
    void create_textWithWebSearch_addsWebSearchTool() throws IOException {
        var options = VideoOptions.DEFAULTS.withWebSearch(true);

        JsonNode body = send(VideoRequest.text("Today's weather in Paris as a news clip", options, USER, CHAT));

        assertThat(body.get("tools")).isEqualTo(json("[{\"type\":\"web_search\"}]"));
        assertThat(body.get("content")).hasSize(1);
    }

    @Test
    void create_nonDefaultOptions_sendsThemVerbatim() throws IOException {
        var options = new VideoOptions(10, Resolution.P480, AspectRatio.R9_16, false, false, true);

        JsonNode body = send(VideoRequest.text("A paper boat", options, USER, CHAT));

        assertThat(body.get("generate_audio").asBoolean()).isFalse();
        assertThat(body.get("resolution").asText()).isEqualTo("480p");
        assertThat(body.get("ratio").asText()).isEqualTo("9:16");
        assertThat(body.get("duration").asInt()).isEqualTo(10);
        assertThat(body.get("watermark").asBoolean()).isTrue();
        assertThat(body.has("tools")).isFalse();
    }

    @Test
    void create_firstFrameLocalPng_sendsPngDataUri() throws IOException {
        MediaInput frame = local(dir, TestMedia.IMAGE_PNG, MediaRole.FIRST_FRAME);

        JsonNode body = send(withMedia("The scene comes alive", VideoOptions.DEFAULTS, frame));

        assertThat(body.get("content")).isEqualTo(json("""
                [{"type":"text","text":"The scene comes alive"},
                 {"type":"image_url","image_url":{"url":"%s"},"role":"first_frame"}]
                """.formatted(dataUri("image/png", TestMedia.IMAGE_PNG))));
        assertThat(fake.requests()).noneMatch(r -> r.path().startsWith("/volc/"));
    }

    @Test
    void create_firstAndLastFrameGivenLastFirst_sendsFirstFrameBeforeLastFrame() throws IOException {
        MediaInput last = local(dir, TestMedia.IMAGE_WEBP, MediaRole.LAST_FRAME);
        MediaInput first = local(dir, TestMedia.IMAGE_JPG, MediaRole.FIRST_FRAME);

        JsonNode body = send(withMedia("Morph between them", VideoOptions.DEFAULTS, last, first));

        assertThat(body.get("content")).isEqualTo(json("""
                [{"type":"text","text":"Morph between them"},
                 {"type":"image_url","image_url":{"url":"%s"},"role":"first_frame"},
                 {"type":"image_url","image_url":{"url":"%s"},"role":"last_frame"}]
                """.formatted(
                        dataUri("image/jpeg", TestMedia.IMAGE_JPG), dataUri("image/webp", TestMedia.IMAGE_WEBP))));
    }

    @Test
    void create_referenceImagesVideoAndAudio_ordersTextImagesVideoAudio() throws IOException {
        MediaInput audio = local(dir, TestMedia.AUDIO_WAV_3S, MediaRole.REFERENCE_AUDIO);
        MediaInput video = local(dir, TestMedia.VIDEO_3S, MediaRole.REFERENCE_VIDEO);
        MediaInput gif = local(dir, TestMedia.IMAGE_GIF, MediaRole.REFERENCE_IMAGE);
        MediaInput remote = new MediaInput(
                MediaRole.REFERENCE_IMAGE,
                new MediaSource.RemoteUrl(URI.create("https://example.com/reference.jpg")),
                "reference.jpg");

        JsonNode body = send(withMedia(
                "@image1 and @image2 dance to @audio1 like @video1", VideoOptions.DEFAULTS, audio, video, gif, remote));

        String assetId = fake.asset(assetIdIn(body, 3)).orElseThrow().id();
        assertThat(body.get("content")).isEqualTo(json("""
                [{"type":"text","text":"@image1 and @image2 dance to @audio1 like @video1"},
                 {"type":"image_url","image_url":{"url":"%s"},"role":"reference_image"},
                 {"type":"image_url","image_url":{"url":"https://example.com/reference.jpg"},"role":"reference_image"},
                 {"type":"video_url","video_url":{"url":"asset://%s"},"role":"reference_video"},
                 {"type":"audio_url","audio_url":{"url":"%s"},"role":"reference_audio"}]
                """.formatted(
                        dataUri("image/gif", TestMedia.IMAGE_GIF),
                        assetId,
                        dataUri("audio/wav", TestMedia.AUDIO_WAV_3S))));
    }

    @Test
    void create_editLocalVideo_sendsInstructionAndAssetReference() throws IOException {
        MediaInput video = local(dir, TestMedia.VIDEO_5S_MOV, MediaRole.REFERENCE_VIDEO);

        JsonNode body = send(VideoRequest.edit(video, "Make it night.", VideoOptions.DEFAULTS, USER, CHAT));

        assertThat(body.get("content")).isEqualTo(json("""
                [{"type":"text","text":"Edit @video1: Make it night. Keep everything else in @video1 unchanged."},
                 {"type":"video_url","video_url":{"url":"asset://%s"},"role":"reference_video"}]
                """.formatted(assetIdIn(body, 1))));
        String upload = fake.requests().stream()
                .filter(r -> r.path().equals("/volc/asset/CreateAsset"))
                .findFirst()
                .orElseThrow()
                .bodyText();
        assertThat(MAPPER.readTree(upload).get("URL").asText()).startsWith("data:video/quicktime;base64,");
    }

    @Test
    void create_extendRemoteVideo_sendsInstructionAndUrlAsIs() throws IOException {
        MediaInput video = new MediaInput(
                MediaRole.REFERENCE_VIDEO, new MediaSource.RemoteUrl(URI.create("https://cdn.example.com/a.mp4")), "a");

        JsonNode body = send(VideoRequest.extend(video, "The car drives into the sunset.", VideoOptions.DEFAULTS,
                USER, CHAT));

        assertThat(body.get("content")).isEqualTo(json("""
                [{"type":"text","text":"Extend @video1: The car drives into the sunset."},
                 {"type":"video_url","video_url":{"url":"https://cdn.example.com/a.mp4"},"role":"reference_video"}]
                """));
        assertThat(fake.requests()).noneMatch(r -> r.path().startsWith("/volc/"));
    }

    @Test
    void inputAtContentIndex_withText_indexZeroIsTheTextAndMediaFollowInContentOrder() {
        MediaInput audio = local(dir, TestMedia.AUDIO_WAV_3S, MediaRole.REFERENCE_AUDIO);
        MediaInput image = local(dir, TestMedia.IMAGE_PNG, MediaRole.REFERENCE_IMAGE);
        VideoRequest request = withMedia("@image1 sings @audio1", VideoOptions.DEFAULTS, audio, image);

        assertThat(SeedanceClient.inputAtContentIndex(request, 0)).isEmpty();
        assertThat(SeedanceClient.inputAtContentIndex(request, 1)).contains(image);
        assertThat(SeedanceClient.inputAtContentIndex(request, 2)).contains(audio);
        assertThat(SeedanceClient.inputAtContentIndex(request, 3)).isEmpty();
        assertThat(SeedanceClient.inputAtContentIndex(request, -1)).isEmpty();
    }

    @Test
    void inputAtContentIndex_withoutText_indexZeroIsTheFirstInput() {
        MediaInput last = local(dir, TestMedia.IMAGE_WEBP, MediaRole.LAST_FRAME);
        MediaInput first = local(dir, TestMedia.IMAGE_JPG, MediaRole.FIRST_FRAME);
        VideoRequest request = withMedia("", VideoOptions.DEFAULTS, last, first);

        assertThat(SeedanceClient.inputAtContentIndex(request, 0)).contains(first);
        assertThat(SeedanceClient.inputAtContentIndex(request, 1)).contains(last);
    }

    /** Creates through the client; returns the body the fake received, after checking it against the schema. */
    private JsonNode send(VideoRequest request) throws IOException {
        String taskId = client.create(request);
        assertThat(fake.taskIds()).containsExactly(taskId);
        List<RecordedRequest> creates = fake.createRequests();
        assertThat(creates).hasSize(1);
        assertThat(creates.get(0).header("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = MAPPER.readTree(creates.get(0).bodyText());
        assertValidAgainstSchema(body);
        return body;
    }

    private static void assertValidAgainstSchema(JsonNode body) throws IOException {
        var errors = requestSchema.validate(MAPPER.writeValueAsString(body), InputFormat.JSON);
        assertThat(errors).as("schema errors for %s", body).isEmpty();
    }

    private static String assetIdIn(JsonNode body, int contentIndex) {
        String url = body.at("/content/" + contentIndex + "/video_url/url").asText();
        assertThat(url).startsWith("asset://");
        return url.substring("asset://".length());
    }

    private static String dataUri(String mime, String testMedia) {
        return "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(TestMedia.bytes(testMedia));
    }

    private static JsonNode json(String text) throws IOException {
        return MAPPER.readTree(text);
    }
}
