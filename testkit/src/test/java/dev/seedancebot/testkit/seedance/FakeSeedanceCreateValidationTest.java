package dev.seedancebot.testkit.seedance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FakeSeedanceCreateValidationTest {
    private static final String TEXT = "{\"type\":\"text\",\"text\":\"a cat\"}";
    private static final String IMAGE = "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/i.png\"},\"role\":\"reference_image\"}";
    private static final String VIDEO = "{\"type\":\"video_url\",\"video_url\":{\"url\":\"https://x/v.mp4\"},\"role\":\"reference_video\"}";
    private static final String AUDIO = "{\"type\":\"audio_url\",\"audio_url\":{\"url\":\"https://x/a.mp3\"},\"role\":\"reference_audio\"}";
    private static final String FIRST = "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/f.png\"},\"role\":\"first_frame\"}";
    private static final String LAST = "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/l.png\"},\"role\":\"last_frame\"}";

    private final FakeSeedanceServer server = FakeSeedanceServer.start();
    private final SeedanceHttp http = new SeedanceHttp(server);

    @AfterEach
    void stop() {
        server.close();
    }

    private static String body(String extra, String... content) {
        return "{\"model\":\"seedance-2.0-mini\"" + extra + ",\"content\":[" + String.join(",", content) + "]}";
    }

    private static String times(int n, String item) {
        return IntStream.range(0, n).mapToObj(i -> item).collect(Collectors.joining(","));
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"model\":", "not valid JSON"),
                Arguments.of("missing model", "{\"content\":[" + TEXT + "]}", "model is required"),
                Arguments.of("wrong model", "{\"model\":\"seedance-2.0\",\"content\":[" + TEXT + "]}", "model must be"),
                Arguments.of("missing content", "{\"model\":\"seedance-2.0-mini\"}", "content must be a non-empty array"),
                Arguments.of("empty content", body(""), "content must be a non-empty array"),
                Arguments.of("unknown type", body("", "{\"type\":\"file_url\"}"), "type must be one of"),
                Arguments.of("unknown role", body("", TEXT,
                        "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x\"},\"role\":\"middle_frame\"}"),
                        "role must be one of"),
                Arguments.of("role on wrong type", body("", TEXT,
                        "{\"type\":\"video_url\",\"video_url\":{\"url\":\"https://x\"},\"role\":\"reference_image\"}"),
                        "not valid for type video_url"),
                Arguments.of("blank text", body("", "{\"type\":\"text\",\"text\":\" \"}"), "text must be a non-empty"),
                Arguments.of("two texts", body("", TEXT, TEXT), "at most one text"),
                Arguments.of("image without url", body("", TEXT, "{\"type\":\"image_url\",\"image_url\":{}}"),
                        "image_url.url must be"),
                Arguments.of("resolution 1080p", body(",\"resolution\":\"1080p\"", TEXT), "does not support 1080p"),
                Arguments.of("duration 3", body(",\"duration\":3", TEXT), "duration must be an integer from 4 to 15"),
                Arguments.of("duration 16", body(",\"duration\":16", TEXT), "duration must be an integer from 4 to 15"),
                Arguments.of("duration 5.5", body(",\"duration\":5.5", TEXT), "duration must be an integer"),
                Arguments.of("duration as string", body(",\"duration\":\"5\"", TEXT), "duration must be an integer"),
                Arguments.of("bad ratio", body(",\"ratio\":\"2:1\"", TEXT), "ratio must be one of"),
                Arguments.of("generate_audio not boolean", body(",\"generate_audio\":\"yes\"", TEXT),
                        "generate_audio must be a boolean"),
                Arguments.of("unknown tool", body(",\"tools\":[{\"type\":\"code\"}]", TEXT), "must be web_search"),
                Arguments.of("ten images", body("", TEXT, times(10, IMAGE)), "at most 9 images"),
                Arguments.of("four videos", body("", TEXT, times(4, VIDEO)), "at most 3 videos"),
                Arguments.of("four audios", body("", TEXT, IMAGE, times(4, AUDIO)), "at most 3 audios"),
                Arguments.of("last frame alone", body("", TEXT, LAST), "last_frame image requires a first_frame"),
                Arguments.of("two first frames", body("", TEXT, FIRST, FIRST), "at most one first_frame"),
                Arguments.of("frame mixed with reference", body("", TEXT, FIRST, IMAGE), "cannot be mixed"),
                Arguments.of("frame mixed with video", body("", TEXT, FIRST, VIDEO), "cannot be mixed"),
                Arguments.of("audio only", body("", TEXT, AUDIO), "audio must be combined with at least one image or video"),
                Arguments.of("web search with image", body(",\"tools\":[{\"type\":\"web_search\"}]", TEXT, IMAGE),
                        "only supported for text-to-video"),
                Arguments.of("image before text", body("", IMAGE, TEXT), "content must be ordered"),
                Arguments.of("audio before video", body("", TEXT, IMAGE, AUDIO, VIDEO), "content must be ordered"),
                Arguments.of("base64 video", body("", TEXT,
                        "{\"type\":\"video_url\",\"video_url\":{\"url\":\"data:video/mp4;base64,AAAA\"}}"),
                        "base64 data URIs are not supported for video"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void create_invalidBody_answers400InvalidRequest(String name, String json, String messagePart) throws IOException {
        SeedanceHttp.Answer answer = http.create(json);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("invalid_request");
        assertThat(answer.json().at("/error/message").asText()).contains(messagePart);
        assertThat(server.createdTaskCount()).isZero();
        assertThat(server.createRequests()).hasSize(1);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("text only with all options", body(",\"resolution\":\"480p\",\"ratio\":\"9:16\",\"duration\":15,"
                        + "\"generate_audio\":false,\"watermark\":true", TEXT), "generate"),
                Arguments.of("web search text only", body(",\"tools\":[{\"type\":\"web_search\"}]", TEXT), "generate"),
                Arguments.of("lone image without role is a first frame", body("", TEXT,
                        "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBO\"}}"), "generate"),
                Arguments.of("first and last frame", body("", TEXT, FIRST, LAST), "firstTailGenerate"),
                Arguments.of("no text, first frame", body("", FIRST), "generate"),
                Arguments.of("maximum references", body("", TEXT, times(9, IMAGE), times(3, VIDEO), times(3, AUDIO)),
                        "referenceGenerate"),
                Arguments.of("video and audio", body("", TEXT, VIDEO, AUDIO), "referenceGenerate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void create_validBody_createsTaskWithAction(String name, String json, String action) throws IOException {
        SeedanceHttp.Answer answer = http.create(json);

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        JsonNode data = http.pollData(answer.json().get("id").asText());
        assertThat(data.get("action").asText()).isEqualTo(action);
    }

    @Test
    void create_unknownAssetReference_answersWrappedAssetNotFound() throws IOException {
        SeedanceHttp.Answer answer = http.create(body("", TEXT,
                "{\"type\":\"image_url\",\"image_url\":{\"url\":\"asset://asset-20260320120147-nopex\"}}"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("code").asText()).isEqualTo("fail_to_fetch_task");
        JsonNode inner = SeedanceHttp.JSON.readTree(answer.json().get("message").asText());
        assertThat(inner.at("/error/code").asText()).isEqualTo("InvalidParameter");
        assertThat(inner.at("/error/message").asText()).isEqualTo("The parameter content[1].image_url.url specified in the"
                + " request is not valid: The specified asset asset-20260320120147-nopex is not found");
        assertThat(server.createdTaskCount()).isZero();
    }

    @Test
    void create_finishedTask_echoesRequestedDurationRatioResolution() throws IOException {
        server.scriptNextTask(TaskScript.of(Step.success()));
        String id = http.create(body(",\"resolution\":\"480p\",\"ratio\":\"1:1\",\"duration\":10,\"seed\":7", TEXT))
                .json().get("id").asText();

        JsonNode ark = http.pollData(id).get("data");

        assertThat(ark.get("duration").asInt()).isEqualTo(10);
        assertThat(ark.get("ratio").asText()).isEqualTo("1:1");
        assertThat(ark.get("resolution").asText()).isEqualTo("480p");
        assertThat(ark.get("seed").asLong()).isEqualTo(7);
        assertThat(ark.at("/usage/completion_tokens").asLong()).isEqualTo(640L * 640 * 241 / 1024);
    }
}
