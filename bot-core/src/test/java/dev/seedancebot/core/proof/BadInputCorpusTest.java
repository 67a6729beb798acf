package dev.seedancebot.core.proof;

import static dev.seedancebot.core.proof.ProofCore.input;
import static dev.seedancebot.core.proof.ProofCore.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.media.CraftedMedia;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of inputs chat users really send, each through {@code GenerationEngine.submit}: every bad one is refused
 * with a message that names the input and the fix, and costs nothing (no ledger row, no create call); prompts in emoji
 * and right-to-left scripts go through untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusTest {
    private static final UserKey ALICE = ProofCore.user("alice");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Static, so that it exists before {@code @BeforeAll}: the corpus shares one core to stay fast. */
    @TempDir
    static Path dir;

    private FakeSeedanceServer fake;
    private ProofCore proof;

    @BeforeAll
    void startCore() {
        fake = FakeSeedanceServer.start();
        proof = new ProofCore(dir, fake, Duration.ofSeconds(5));
    }

    @AfterAll
    void stopCore() {
        proof.close();
        fake.close();
    }

    /** name, request built in a folder of its own, and fragments the message must contain. */
    Stream<Arguments> corpus() {
        return Stream.of(
                bad("a WAV named .png", d -> image(TestMedia.copyTo(d, TestMedia.AUDIO_WAV_3S, "holiday.png")),
                        "holiday.png", "really", "attach it as audio"),
                bad("an MP4 named .jpg", d -> image(TestMedia.copyTo(d, TestMedia.VIDEO_3S, "cat.jpg")),
                        "cat.jpg", "really", "attach it as a video"),
                bad("zero bytes", d -> image(write(d.resolve("empty.png"), new byte[0])),
                        "empty.png", "0 bytes", "attach the file again"),
                bad("a truncated MP4", d -> video(truncated(d, "clip.mp4")),
                        "clip.mp4", "cut off or damaged", "export it again"),
                bad("a MOV claiming 2 billion time-to-sample entries",
                        d -> video(write(d.resolve("clip.mov"),
                                CraftedMedia.movWithSttsEntryCount(CraftedMedia.HUGE_COUNT))),
                        "clip.mov", "cut off or damaged", "export it again"),
                bad("a BMP linking a 2 GB colour profile",
                        d -> image(write(d.resolve("photo.bmp"),
                                CraftedMedia.bmpWithLinkedProfile(CraftedMedia.HUGE_COUNT))),
                        "photo.bmp", "cut off or damaged", "export it again"),
                bad("an MP4 of more boxes than any real movie",
                        d -> video(write(d.resolve("boxes.mp4"), CraftedMedia.mp4OfEmptyBoxes(3, 4_000))),
                        "boxes.mp4", "cut off or damaged", "export it again"),
                bad("a 16 s video", d -> video(TestMedia.copyTo(d, TestMedia.VIDEO_16S, "long.mp4")),
                        "long.mp4", "16 s", "trim it"),
                bad("3 videos summing to 24 s", BadInputCorpusTest::threeEightSecondVideos,
                        "24 s", "a.mp4", "b.mp4", "c.mp4", "at most 15 s in total", "trim or remove one"),
                bad("10 images", BadInputCorpusTest::tenImages,
                        "10 reference images", "at most 9", "remove 1"),
                bad("audio only", d -> request("a song", VideoOptions.DEFAULTS, ALICE,
                                input(MediaRole.REFERENCE_AUDIO, TestMedia.copyTo(d, TestMedia.AUDIO_WAV_3S))),
                        "Audio can't be used on its own", "add at least one image or video"),
                bad("web search with an image", d -> request("today's weather in Paris",
                                VideoOptions.DEFAULTS.withWebSearch(true), ALICE,
                                input(MediaRole.REFERENCE_IMAGE, TestMedia.copyTo(d, TestMedia.IMAGE_PNG))),
                        "Web search", "turn web search off or remove the attachments"),
                bad("a 20,000-character prompt", d -> request("a".repeat(20_000), VideoOptions.DEFAULTS, ALICE),
                        "prompt", "20,000 characters", "shorten it to at most 5,000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void submit_badInput_refusedNamingInputAndFixWithoutCharge(
            String name, Function<Path, VideoRequest> build, List<String> fragments) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("case-" + name.replaceAll("[^a-z0-9]+", "-")));
        VideoRequest request = build.apply(folder);

        SubmitOutcome outcome = proof.core.engine().submit(request, Set.of());

        assertThat(outcome).isInstanceOfAny(SubmitOutcome.Invalid.class, SubmitOutcome.Denied.class);
        String message = outcome instanceof SubmitOutcome.Invalid invalid ? invalid.text()
                : ((SubmitOutcome.Denied) outcome).message();
        assertThat(message).contains(fragments);
        assertThat(message).containsIgnoringCase("nothing was charged");
        assertThat(proof.count("SELECT COUNT(*) FROM quota_charge")).isZero();
        assertThat(proof.count("SELECT COUNT(*) FROM quota_ledger")).isZero();
        assertThat(proof.count("SELECT COUNT(*) FROM task")).isZero();
        assertThat(fake.createRequests()).isEmpty();
    }

    @Test
    void submit_emojiAndRightToLeftPrompts_acceptedAndSentUnchanged() throws IOException {
        List<String> prompts = List.of(
                "🐉 a dragon 🔥 circles a volcano 🌋 at dawn 🌅 — 👨‍👩‍👧 family watching",
                "قطة صغيرة تلعب بكرة صوف في حديقة مشمسة",
                "חתול קטן משחק בכדור צמר בגינה שטופת שמש");
        // a core of its own: these are charged, and the corpus above asserts that nothing is
        try (FakeSeedanceServer ownFake = FakeSeedanceServer.start();
                ProofCore own = new ProofCore(Files.createDirectories(dir.resolve("accepted")), ownFake,
                        Duration.ofSeconds(5))) {
            for (String prompt : prompts) {
                SubmitOutcome outcome = own.core.engine().submit(request(prompt, VideoOptions.DEFAULTS, ALICE), Set.of());
                assertThat(outcome).as(prompt).isInstanceOf(SubmitOutcome.Accepted.class);
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> ownFake.createRequests().size() == prompts.size());
            List<String> sent = new ArrayList<>();
            for (RecordedRequest create : ownFake.createRequests()) {
                sent.add(JSON.readTree(create.body()).at("/content/0/text").asText());
            }
            assertThat(sent).containsExactlyInAnyOrderElementsOf(prompts);
        }
    }

    private static Arguments bad(String name, Function<Path, VideoRequest> build, String... fragments) {
        return Arguments.of(name, build, Arrays.asList(fragments));
    }

    private static VideoRequest image(Path file) {
        return request("make it move", VideoOptions.DEFAULTS, ALICE, input(MediaRole.REFERENCE_IMAGE, file));
    }

    private static VideoRequest video(Path file) {
        return request("make it move", VideoOptions.DEFAULTS, ALICE, input(MediaRole.REFERENCE_VIDEO, file));
    }

    /** The first half of a real MP4, as an interrupted upload leaves it. */
    private static Path truncated(Path dir, String name) {
        byte[] whole = TestMedia.bytes(TestMedia.VIDEO_3S);
        return write(dir.resolve(name), Arrays.copyOf(whole, whole.length / 2));
    }

    /**
     * Three different 8 s clips: the same video with MP4 {@code free} boxes of different sizes appended, so the files
     * stay valid but are not flagged as duplicates of each other.
     */
    private static VideoRequest threeEightSecondVideos(Path dir) {
        byte[] clip = TestMedia.bytes(TestMedia.VIDEO_8S);
        MediaInput[] videos = new MediaInput[3];
        for (int i = 0; i < 3; i++) {
            int padding = 8 * (i + 1);
            byte[] padded = Arrays.copyOf(clip, clip.length + padding);
            padded[clip.length + 3] = (byte) padding;
            System.arraycopy("free".getBytes(StandardCharsets.US_ASCII), 0, padded, clip.length + 4, 4);
            videos[i] = input(MediaRole.REFERENCE_VIDEO, write(dir.resolve((char) ('a' + i) + ".mp4"), padded));
        }
        return request("three angles of one scene", VideoOptions.DEFAULTS, ALICE, videos);
    }

    private static VideoRequest tenImages(Path dir) {
        MediaInput[] images = IntStream.rangeClosed(1, 10)
                .mapToObj(i -> input(MediaRole.REFERENCE_IMAGE,
                        TestMedia.copyTo(dir, TestMedia.IMAGE_PNG, "photo-" + i + ".png")))
                .toArray(MediaInput[]::new);
        return request("a collage", VideoOptions.DEFAULTS, ALICE, images);
    }

    private static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
