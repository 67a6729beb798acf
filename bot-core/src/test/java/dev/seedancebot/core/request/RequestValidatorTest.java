package dev.seedancebot.core.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.media.MediaFormat;
import dev.seedancebot.core.media.MediaProber;
import dev.seedancebot.testkit.TestMedia;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestValidatorTest {

    private static final UserKey USER = new UserKey(Platform.DISCORD, "42");
    private static final ChatRef CHAT = ChatRef.of(Platform.DISCORD, "guild", "channel");
    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;

    private final RequestValidator validator = new RequestValidator(new MediaProber());

    // --- options and prompt ---

    @Test
    void validate_plainTextPrompt_isOk() {
        ValidationResult result = validator.validate(text("A red fox runs through snow", VideoOptions.DEFAULTS));

        assertThat(result.ok()).isTrue();
        assertThat(result.problems()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        assertThat(result.totalVideoSeconds()).isZero();
    }

    @Test
    void validate_threeSecondDuration_namesWholeSecondRange() {
        ValidationResult result = validator.validate(text("a fox", VideoOptions.DEFAULTS.withDuration(3)));

        assertThat(result.problems()).singleElement().asString().contains("3 s").contains("4 to 15");
    }

    @Test
    void validate_sixteenSecondDuration_isRejected() {
        ValidationResult result = validator.validate(text("a fox", VideoOptions.DEFAULTS.withDuration(16)));

        assertThat(result.problems()).singleElement().asString().contains("16 s");
    }

    @Test
    void validate_textToVideoWithoutPrompt_asksForPrompt() {
        ValidationResult result = validator.validate(text("   ", VideoOptions.DEFAULTS));

        assertThat(result.problems()).singleElement().asString().contains("needs a prompt");
    }

    @Test
    void validate_twentyThousandCharPrompt_rejectsWithLimit() {
        ValidationResult result = validator.validate(text("a".repeat(20_000), VideoOptions.DEFAULTS));

        assertThat(result.problems()).singleElement().asString().contains("20,000").contains("5,000");
    }

    @Test
    void validate_emojiAndRightToLeftPrompt_isAccepted() {
        String prompt = "🦊🎬 ثعلب أحمر يركض في الثلج — שועל אדום רץ בשלג 👨‍👩‍👧";

        ValidationResult result = validator.validate(text(prompt, VideoOptions.DEFAULTS));

        assertThat(result.ok()).isTrue();
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void validate_fiveThousandEmoji_countsCodePointsAndAccepts() {
        ValidationResult result = validator.validate(text("🦊".repeat(5000), VideoOptions.DEFAULTS));

        assertThat(result.ok()).isTrue();
    }

    @Test
    void validate_twelveHundredWords_warnsButAccepts() {
        ValidationResult result = validator.validate(text("fox ".repeat(1200), VideoOptions.DEFAULTS));

        assertThat(result.ok()).isTrue();
        assertThat(result.warnings()).singleElement().asString().contains("1,200 words").contains("1,000");
    }

    @Test
    void validate_sixHundredChineseChars_warnsButAccepts() {
        ValidationResult result = validator.validate(text("狐".repeat(600), VideoOptions.DEFAULTS));

        assertThat(result.ok()).isTrue();
        assertThat(result.warnings()).singleElement().asString().contains("600 Chinese characters");
    }

    @Test
    void validate_webSearchWithImage_rejects() {
        MediaInput image = local(MediaRole.REFERENCE_IMAGE, TestMedia.IMAGE_PNG);

        ValidationResult result = validator.validate(
                request("news of today", List.of(image), VideoOptions.DEFAULTS.withWebSearch(true)));

        assertThat(result.problems()).singleElement().asString().contains("Web search only works for text-to-video");
    }

    @Test
    void validate_webSearchTextOnly_isOk() {
        ValidationResult result = validator.validate(text("news of today", VideoOptions.DEFAULTS.withWebSearch(true)));

        assertThat(result.ok()).isTrue();
    }

    // --- roles and counts ---

    @Test
    void validate_tenImages_namesLimitOfNine() {
        List<MediaInput> images = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            images.add(distinct(MediaRole.REFERENCE_IMAGE, TestMedia.IMAGE_PNG, "img" + i + ".png", i));
        }

        ValidationResult result = validator.validate(request("a collage", images));

        assertThat(result.problems()).singleElement().asString()
                .contains("10 reference images").contains("at most 9").contains("remove 1");
    }

    @Test
    void validate_thirteenFilesWithinEachRoleLimit_namesTotalOfTwelve() {
        List<MediaInput> media = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            media.add(distinct(MediaRole.REFERENCE_IMAGE, TestMedia.IMAGE_JPG, "img" + i + ".jpg", i));
        }
        for (int i = 1; i <= 2; i++) {
            media.add(distinct(MediaRole.REFERENCE_VIDEO, TestMedia.VIDEO_3S, "v" + i + ".mp4", i));
        }
        for (int i = 1; i <= 2; i++) {
            media.add(distinct(MediaRole.REFERENCE_AUDIO, TestMedia.AUDIO_MP3_3S, "a" + i + ".mp3", i));
        }

        ValidationResult result = validator.validate(request("everything", media));

        assertThat(result.problems()).singleElement().asString().contains("13 files").contains("at most 12");
    }

    @Test
    void validate_nineImages_isOk() {
        List<MediaInput> images = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            images.add(distinct(MediaRole.REFERENCE_IMAGE, TestMedia.IMAGE_JPG, "img" + i + ".jpg", i));
        }

        assertThat(validator.validate(request("a collage", images)).problems()).isEmpty();
    }

    @Test
    void validate_fourVideos_namesLimitOfThree() {
        List<MediaInput> videos = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            videos.add(distinct(MediaRole.REFERENCE_VIDEO, TestMedia.VIDEO_3S, "v" + i + ".mp4", i));
        }

        ValidationResult result = validator.validate(request("mix them", videos));

        assertThat(result.problems()).singleElement().asString().contains("4 reference videos").contains("at most 3");
    }

    @Test
    void validate_fourAudios_namesLimitOfThree() {
        List<MediaInput> media = new ArrayList<>();
        media.add(local(MediaRole.REFERENCE_IMAGE, TestMedia.IMAGE_PNG));
        for (int i = 1; i <= 4; i++) {
            media.add(distinct(MediaRole.REFERENCE_AUDIO, TestMedia.AUDIO_MP3_3S, "a" + i + ".mp3", i));
        }

        ValidationResult result = validator.validate(request("sing", media));

        assertThat(result.problems()).singleElement().asString().contains("4 reference audio files").contains("at most 3");
    }

    @Test
    void validate_audioOnly_asksForImageOrVideo() {
        MediaInput audio = local(MediaRole.REFERENCE_AUDIO, TestMedia.AUDIO_WAV_3S);

        ValidationResult result = validator.validate(request("dance to this", List.of(audio)));

        assertThat(result.problems()).singleElement().asString().contains("Audio can't be used on its own");
    }

    @Test
    void validate_firstAndLastFrame_isOk() {
        MediaInput first = local(MediaRole.FIRST_FRAME, TestMedia.IMAGE_PNG);
        MediaInput last = local(MediaRole.LAST_FRAME, TestMedia.IMAGE_JPG);

        ValidationResult result = validator.validate(request("morph", List.of(first, last)));

        assertThat(result.ok()).isTrue();
        assertThat(result.infoOf(first)).hasValueSatisfying(info -> assertThat(info.width()).isEqualTo(640));
    }

    @Test
    void validate_sameImageAsFirstAndLastFrame_isOkNotDuplicate() {
        Path file = TestMedia.copyTo(dir, TestMedia.IMAGE_PNG);
        MediaInput first = new MediaInput(MediaRole.FIRST_FRAME, new MediaSource.LocalFile(file), "loop.png");
        MediaInput last = new MediaInput(MediaRole.LAST_FRAME, new MediaSource.LocalFile(file), "loop.png");

        assertThat(validator.validate(request("a seamless loop", List.of(first, last))).problems()).isEmpty();
    }

    @Test
    void validate_lastFrameWithoutFirst_asksForFirstFrame() {
        MediaInput last = local(MediaRole.LAST_FRAME, TestMedia.IMAGE_PNG);

        ValidationResult result = validator.validate(request("end here", List.of(last)));

        assertThat(result.problems()).singleElement().asString()
                .isEqualTo("The last frame (image-640x480.png) needs a first frame too; add a first frame, or attach"
                        + " this image as the first frame.");
    }

    @Test
    void validate_twoFirstFrames_namesBothLabels() {
        MediaInput a = local(MediaRole.FIRST_FRAME, TestMedia.IMAGE_PNG);
        MediaInput b = local(MediaRole.FIRST_FRAME, TestMedia.IMAGE_JPG);

        ValidationResult result = validator.validate(request("start", List.of(a, b)));

        assertThat(result.problems()).singleElement().asString()
                .contains("2 first frames (image-640x480.png, image-1024x1024.jpg)").contains("only one");
    }

    @Test
    void validate_frameMixedWithReference_rejects() {
        MediaInput first = local(MediaRole.FIRST_FRAME, TestMedia.IMAGE_PNG);
        MediaInput reference = local(MediaRole.REFERENCE_IMAGE, TestMedia.IMAGE_JPG);

        ValidationResult result = validator.validate(request("mix", List.of(first, reference)));

        assertThat(result.problems()).singleElement().asString().contains("can't be combined with reference");
    }

    @Test
    void validate_editWithoutInstruction_asksWhatToChange() {
        MediaInput video = local(MediaRole.REFERENCE_VIDEO, TestMedia.VIDEO_3S);

        ValidationResult result = validator.validate(
                VideoRequest.edit(video, "", VideoOptions.DEFAULTS, USER, CHAT));

        assertThat(result.problems()).singleElement().asString().contains("video edit needs an instruction");
    }

    @Test
    void validate_editWithTwoVideos_needsExactlyOne() {
        MediaInput a = distinct(MediaRole.REFERENCE_VIDEO, TestMedia.VIDEO_3S, "a.mp4", 1);
        MediaInput b = distinct(MediaRole.REFERENCE_VIDEO, TestMedia.VIDEO_3S, "b.mp4", 2);

        ValidationResult result = validator.validate(new VideoRequest(
                "make it night", List.of(a, b), VideoOptions.DEFAULTS, Intent.EDIT, USER, CHAT));

        assertThat(result.problems()).singleElement().asString().contains("exactly one video").contains("attached 2");
    }

    @Test
    void validate_extendOneVideoWithInstruction_isOkAndReportsVideoSeconds() {
        MediaInput video = local(MediaRole.REFERENCE_VIDEO, TestMedia.VIDEO_3S);

        ValidationResult result = validator.validate(
                VideoRequest.extend(video, "the fox jumps", VideoOptions.DEFAULTS, USER, CHAT));

        assertThat(result.ok()).isTrue();
        assertThat(result.totalVideoSeconds()).isCloseTo(3.0, within(0.1));
    }

    // --- files: kind, format, emptiness, damage, duplicates ---

    @Test
    void validate_videoAttachedAsImageBySpanishUser_answersInSpanish() {
        MediaInput input = local(MediaRole.REFERENCE_IMAGE, TestMedia.VIDEO_3S, "photo.png");

        ValidationResult result;
        try (Texts.Scope spanish = Texts.use(Languages.SPANISH)) {
            result = validator.validate(request("animate", List.of(input)));
        }

        assertThat(result.problems()).singleElement().asString()
                .isEqualTo("Imagen de referencia 1 (photo.png): en realidad es un vídeo MP4; adjúntalo como vídeo.");
    }

    @Test
    void validate_tooManyImagesFromRussianUser_answersInRussianWithItsNumbers() {
        List<MediaInput> images = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            images.add(distinct(MediaRole.REFERENCE_IMAGE, TestMedia.IMAGE_PNG, "img" + i + ".png", i));
        }

        ValidationResult result;
        try (Texts.Scope russian = Texts.use(Languages.RUSSIAN)) {
            result = validator.validate(request("a".repeat(20_000), images));
        }

        assertThat(result.problems())
                .anySatisfy(p -> assertThat(p).contains("«референсная картинка»: 10").contains("не больше 9"))
                .anySatisfy(p -> assertThat(p).containsPattern("20\\h000"));
    }

    @Test
    void validate_videoNamedPngAttachedAsImage_saysItIsReallyAVideo() {
        MediaInput input = local(MediaRole.REFERENCE_IMAGE, TestMedia.VIDEO_3S, "photo.png");

        ValidationResult result = validator.validate(request("animate", List.of(input)));

        assertThat(result.problems()).singleElement().asString()
                .isEqualTo("Reference image 1 (photo.png) is really an MP4 video; attach it as a video.");
        assertThat(result.infoOf(input)).isEmpty();
    }

    @Test
    void validate_imageNamedMp4AttachedAsVideo_saysItIsReallyAnImage() {
        MediaInput input = local(MediaRole.REFERENCE_VIDEO, TestMedia.IMAGE_JPG, "clip.mp4");

        ValidationResult result = validator.validate(request("animate", List.of(input)));

        assertThat(result.problems()).singleElement().asString()
                .isEqualTo("Reference video 1 (clip.mp4) is really a JPEG image; attach it as an image.");
    }

    @Test
    void validate_zeroByteImage_saysEmpty() throws IOException {
        Path file = Files.createFile(dir.resolve("blank.png"));
        MediaInput input = new MediaInput(MediaRole.REFERENCE_IMAGE, new MediaSource.LocalFile(file), "blank.png");

        ValidationResult result = validator.validate(request("animate", List.of(input)));

        assertThat(result.problems()).singleElement().asString()
                .contains("Reference image 1 (blank.png) is empty (0 bytes)");
    }

    @Test
    void validate_textFileAsImage_listsAcceptedFormats() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.jpg"), "just some text");
        MediaInput input = new MediaInput(MediaRole.REFERENCE_IMAGE, new MediaSource.LocalFile(file), "notes.jpg");

        ValidationResult result = validator.validate(request("animate", List.of(input)));

        assertThat(result.problems()).singleElement().asString()
                .contains("notes.jpg").contains("JPEG, PNG, WebP, BMP, TIFF or GIF");
    }

    @Test
    void validate_truncatedMp4_saysCutOff() throws IOException {
        byte[] bytes = TestMedia.bytes(TestMedia.VIDEO_8S);
        Path file = Files.write(dir.resolve("half.mp4"), Arrays.copyOf(bytes, bytes.length / 2));
        MediaInput input = new MediaInput(MediaRole.REFERENCE_VIDEO, new MediaSource.LocalFile(file), "half.mp4");

        ValidationResult result = validator.validate(request("continue", List.of(input)));

        assertThat(result.problems()).singleElement().asString()
                .contains("Reference video 1 (half.mp4)").contains("cut off or damaged");
    }

    @Test
    void validate_heicImage_asksToConvert() throws IOException {
        byte[] heic = new byte[64];
        heic[3] = 24;
        System.arraycopy("ftypheic".getBytes(StandardCharsets.US_ASCII), 0, heic, 4, 8);
        Path file = Files.write(dir.resolve("IMG_0001.jpg"), heic);
        MediaInput input = new MediaInput(MediaRole.FIRST_FRAME, new MediaSource.LocalFile(file), "IMG_0001.jpg");

        ValidationResult result = validator.validate(request("animate", List.of(input)));

        assertThat(result.problems()).singleElement().asString()
                .contains("First frame (IMG_0001.jpg) is an HEIC/HEIF image").contains("convert it to JPEG or PNG");
    }

    @Test
    void validate_sameFileTwiceAsReferenceImages_saysDuplicate() {
        Path file = TestMedia.copyTo(dir, TestMedia.IMAGE_PNG);
        Path copy = TestMedia.copyTo(dir, TestMedia.IMAGE_PNG, "copy.png");
        MediaInput a = new MediaInput(MediaRole.REFERENCE_IMAGE, new MediaSource.LocalFile(file), "cat.png");
        MediaInput b = new MediaInput(MediaRole.REFERENCE_IMAGE, new MediaSource.LocalFile(copy), "cat (1).png");

        ValidationResult result = validator.validate(request("two cats", List.of(a, b)));

        assertThat(result.problems()).singleElement().asString()
                .isEqualTo("Reference image 2 (cat (1).png) is the same file as reference image 1 (cat.png); attach"
                        + " each file once.");
    }

    @Test
    void validate_remoteHttpUrl_rejectsScheme() {
        MediaInput input = new MediaInput(MediaRole.REFERENCE_IMAGE,
                new MediaSource.RemoteUrl(URI.create("http://example.com/a.png")), "a.png");

        ValidationResult result = validator.validate(request("animate", List.of(input)));

        assertThat(result.problems()).singleElement().asString().contains("https:// or asset://");
    }

    @Test
    void validate_remoteAssetVideo_appliesOnlyRoleRules() {
        MediaInput input = new MediaInput(MediaRole.REFERENCE_VIDEO,
                new MediaSource.RemoteUrl(URI.create("asset://asset-20260101-abc")), "asset-20260101-abc");

        ValidationResult result = validator.validate(
                VideoRequest.edit(input, "make it night", VideoOptions.DEFAULTS, USER, CHAT));

        assertThat(result.ok()).isTrue();
        assertThat(result.probed()).isEmpty();
        assertThat(result.totalVideoSeconds()).isZero();
    }

    // --- images ---

    @Test
    void validate_twoHundredPixelImage_namesSideRange() {
        MediaInput input = local(MediaRole.REFERENCE_IMAGE, TestMedia.IMAGE_TOO_SMALL);

        ValidationResult result = validator.validate(request("animate", List.of(input)));

        assertThat(result.problems()).singleElement().asString()
                .contains("image-200x200.png").contains("200×200 px").contains("300–6000 px");
    }

    @Test
    void validate_sixToOneImage_namesAspectRange() {
        MediaInput input = local(MediaRole.REFERENCE_IMAGE, TestMedia.IMAGE_TOO_WIDE);

        ValidationResult result = validator.validate(request("animate", List.of(input)));

        assertThat(result.problems()).singleElement().asString()
                .contains("3000×500").contains("6.00").contains("between 0.4 and 2.5").contains("crop");
    }

    @Test
    void validate_webpAndGifImages_areOk() {
        MediaInput webp = local(MediaRole.REFERENCE_IMAGE, TestMedia.IMAGE_WEBP);
        MediaInput gif = local(MediaRole.REFERENCE_IMAGE, TestMedia.IMAGE_GIF);

        assertThat(validator.validate(request("animate", List.of(webp, gif))).problems()).isEmpty();
    }

    @Test
    void validate_imageOverThirtyMegabytes_namesLimit() throws IOException {
        MediaInput input = padded(MediaRole.REFERENCE_IMAGE, TestMedia.IMAGE_PNG, "huge.png", 31 * MB);

        ValidationResult result = validator.validate(request("animate", List.of(input)));

        // 31 MB is also over the body limit once in base64; the file's own limit is named all the same
        assertThat(result.problems()).anySatisfy(p -> assertThat(p)
                .contains("huge.png").contains("31.0 MB").contains("up to 30 MB"));
    }

    @Test
    void validate_imagesOverThirtyTwoMegabyteBody_namesBodyLimit() throws IOException {
        List<MediaInput> images = List.of(
                padded(MediaRole.REFERENCE_IMAGE, TestMedia.IMAGE_PNG, "a.png", 12 * MB),
                padded(MediaRole.REFERENCE_IMAGE, TestMedia.IMAGE_PNG, "b.png", 12 * MB + 1));

        ValidationResult result = validator.validate(request("animate", images));

        assertThat(result.problems()).singleElement().asString().contains("at most 32 MB").contains("videos don't count");
    }

    // --- videos ---

    @Test
    void validate_sixteenSecondVideo_namesVideoAndRange() {
        MediaInput first = local(MediaRole.REFERENCE_VIDEO, TestMedia.VIDEO_3S);
        MediaInput clip = local(MediaRole.REFERENCE_VIDEO, TestMedia.VIDEO_16S, "clip.mp4");

        ValidationResult result = validator.validate(request("combine", List.of(first, clip)));

        assertThat(result.problems()).first().asString()
                .startsWith("Reference video 2 (clip.mp4) is 16 s long; Seedance accepts 2–15 s per video");
    }

    @Test
    void validate_twoEightSecondVideos_namesTotalOverFifteen() {
        MediaInput a = distinct(MediaRole.REFERENCE_VIDEO, TestMedia.VIDEO_8S, "a.mp4", 1);
        MediaInput b = distinct(MediaRole.REFERENCE_VIDEO, TestMedia.VIDEO_8S, "b.mp4", 2);

        ValidationResult result = validator.validate(request("combine", List.of(a, b)));

        assertThat(result.problems()).singleElement().asString()
                .contains("videos add up to 16 s (a.mp4 8 s, b.mp4 8 s)").contains("at most 15 s");
        assertThat(result.totalVideoSeconds()).isCloseTo(16.0, within(0.1));
    }

    @Test
    void validate_threeVideosOfThreeSeconds_isOk() {
        List<MediaInput> videos = List.of(
                distinct(MediaRole.REFERENCE_VIDEO, TestMedia.VIDEO_3S, "a.mp4", 1),
                distinct(MediaRole.REFERENCE_VIDEO, TestMedia.VIDEO_3S, "b.mp4", 2),
                local(MediaRole.REFERENCE_VIDEO, TestMedia.VIDEO_5S_MOV));

        ValidationResult result = validator.validate(request("combine", videos));

        assertThat(result.problems()).isEmpty();
        assertThat(result.totalVideoSeconds()).isCloseTo(11.0, within(0.1));
    }

    @Test
    void validate_320x240Video_namesPixelRange() {
        MediaInput input = local(MediaRole.REFERENCE_VIDEO, TestMedia.VIDEO_TOO_FEW_PIXELS);

        ValidationResult result = validator.validate(request("restyle", List.of(input)));

        assertThat(result.problems()).singleElement().asString()
                .contains("320×240").contains("76,800 pixels").contains("409,600–927,408");
    }

    @Test
    void validate_twelveFpsVideo_namesFpsRange() throws IOException {
        byte[] bytes = TestMedia.bytes(TestMedia.VIDEO_3S);
        int sampleCount = indexOf(bytes, "stts") + 15; // low byte of the only entry's sample count: 72 frames in 3 s
        bytes[sampleCount] = (byte) ((bytes[sampleCount] & 0xFF) / 2);
        Path file = Files.write(dir.resolve("slow.mp4"), bytes);
        MediaInput input = new MediaInput(MediaRole.REFERENCE_VIDEO, new MediaSource.LocalFile(file), "slow.mp4");

        ValidationResult result = validator.validate(request("restyle", List.of(input)));

        assertThat(result.problems()).singleElement().asString().contains("12 fps").contains("24–60 fps");
    }

    @Test
    void validate_videoOverFiftyMegabytes_namesLimit() throws IOException {
        MediaInput input = padded(MediaRole.REFERENCE_VIDEO, TestMedia.VIDEO_3S, "long.mp4", 51 * MB);

        ValidationResult result = validator.validate(request("restyle", List.of(input)));

        assertThat(result.problems()).singleElement().asString().contains("51.0 MB").contains("up to 50 MB");
    }

    // --- audio ---

    @Test
    void validate_oneSecondWav_namesAudioRange() {
        MediaInput image = local(MediaRole.REFERENCE_IMAGE, TestMedia.IMAGE_PNG);
        MediaInput audio = local(MediaRole.REFERENCE_AUDIO, TestMedia.AUDIO_WAV_1S);

        ValidationResult result = validator.validate(request("sing", List.of(image, audio)));

        assertThat(result.problems()).singleElement().asString()
                .contains("Reference audio 1 (audio-1s.wav) is 1 s long").contains("2–15 s per audio file")
                .contains("longer clip");
    }

    @Test
    void validate_seventeenSecondMp3_namesAudioRange() {
        MediaInput image = local(MediaRole.REFERENCE_IMAGE, TestMedia.IMAGE_PNG);
        MediaInput audio = local(MediaRole.REFERENCE_AUDIO, TestMedia.AUDIO_MP3_17S);

        ValidationResult result = validator.validate(request("sing", List.of(image, audio)));

        assertThat(result.problems()).singleElement().asString()
                .contains("Reference audio 1 (audio-17s.mp3) is 1").contains("2–15 s per audio file").contains("trim it");
    }

    @Test
    void validate_audiosSummingOverFifteenSeconds_namesTotal() {
        List<MediaInput> media = List.of(
                local(MediaRole.REFERENCE_IMAGE, TestMedia.IMAGE_PNG),
                distinct(MediaRole.REFERENCE_AUDIO, TestMedia.AUDIO_MP3_6S, "a.mp3", 1),
                distinct(MediaRole.REFERENCE_AUDIO, TestMedia.AUDIO_MP3_6S, "b.mp3", 2),
                local(MediaRole.REFERENCE_AUDIO, TestMedia.AUDIO_WAV_3S, "c.wav"),
                local(MediaRole.REFERENCE_AUDIO, TestMedia.AUDIO_MP3_3S, "d.mp3"));

        ValidationResult result = validator.validate(request("sing", media));

        assertThat(result.problems()).contains(
                "You attached 4 reference audio files; Seedance takes at most 3, so remove 1.");
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).contains("audio files add up to").contains("at most 15 s"));
    }

    @Test
    void validate_audioOverFifteenMegabytes_namesLimit() throws IOException {
        MediaInput image = local(MediaRole.REFERENCE_IMAGE, TestMedia.IMAGE_PNG);
        MediaInput audio = padded(MediaRole.REFERENCE_AUDIO, TestMedia.AUDIO_WAV_3S, "voice.wav", 16 * MB);

        ValidationResult result = validator.validate(request("sing", List.of(image, audio)));

        assertThat(result.problems()).singleElement().asString().contains("16.0 MB").contains("up to 15 MB");
    }

    // --- all at once ---

    @Test
    void validate_severalBrokenRules_reportsEveryOne() {
        MediaInput last = local(MediaRole.LAST_FRAME, TestMedia.IMAGE_TOO_SMALL);
        MediaInput video = local(MediaRole.REFERENCE_VIDEO, TestMedia.VIDEO_16S);

        ValidationResult result = validator.validate(request(
                "x".repeat(6000), List.of(last, video), VideoOptions.DEFAULTS.withDuration(20).withWebSearch(true)));

        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).hasSize(7);
    }

    private VideoRequest text(String prompt, VideoOptions options) {
        return VideoRequest.text(prompt, options, USER, CHAT);
    }

    private VideoRequest request(String prompt, List<MediaInput> media) {
        return request(prompt, media, VideoOptions.DEFAULTS);
    }

    private VideoRequest request(String prompt, List<MediaInput> media, VideoOptions options) {
        return new VideoRequest(prompt, media, options, Intent.GENERATE, USER, CHAT);
    }

    private MediaInput local(MediaRole role, String fixture) {
        return local(role, fixture, fixture);
    }

    private MediaInput local(MediaRole role, String fixture, String name) {
        Path file = TestMedia.copyTo(dir, fixture, name);
        return new MediaInput(role, new MediaSource.LocalFile(file), name);
    }

    /**
     * A copy with {@code salt} extra trailing bytes, so its bytes are unique; players ignore them, and for MP4 fewer
     * than 8 bytes cannot form a box.
     */
    private MediaInput distinct(MediaRole role, String fixture, String name, int salt) {
        MediaInput input = local(role, fixture, name);
        try {
            Files.write(((MediaSource.LocalFile) input.source()).path(), new byte[salt], StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return input;
    }

    /** A real fixture grown to {@code size} bytes with a sparse zero tail, which the header readers never reach. */
    private MediaInput padded(MediaRole role, String fixture, String name, long size) throws IOException {
        MediaInput input = local(role, fixture, name);
        try (RandomAccessFile file = new RandomAccessFile(((MediaSource.LocalFile) input.source()).path().toFile(), "rw")) {
            file.setLength(size);
        }
        return input;
    }

    private static int indexOf(byte[] bytes, String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException(ascii + " not found");
    }
}
