package dev.seedancebot.core.media.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.media.GeneratedMedia;
import dev.seedancebot.core.media.MediaFormat;
import dev.seedancebot.core.media.MediaInfo;
import dev.seedancebot.core.media.MediaProber;
import dev.seedancebot.core.request.Intent;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.MediaSource;
import dev.seedancebot.core.request.RequestValidator;
import dev.seedancebot.core.request.ValidationResult;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real conversions with the bundled ffmpeg, on clips, pictures and sounds it makes at test time: each request ends
 * either meeting every rule of {@link RequestValidator} or refused with what to fix. Clips are about 2 s and small.
 */
class MediaConverterTest {
    private static final UserKey USER = new UserKey(Platform.TELEGRAM, "42");
    private static final ChatRef CHAT = ChatRef.of(Platform.TELEGRAM, null, "chat");

    @TempDir
    Path dir;

    private GeneratedMedia media;
    private MediaConverter converter;
    private final MediaProber prober = new MediaProber();
    private final RequestValidator validator = new RequestValidator(prober);

    @BeforeEach
    void start() {
        media = new GeneratedMedia(dir);
        GeneratedMedia.tools();
        converter = new MediaConverter(new ConversionSettings("bundled", 2, Duration.ofSeconds(60)), prober);
    }

    @AfterEach
    void stop() {
        converter.close();
        media.close();
    }

    // --- videos ---

    @Test
    void convert_1080pClip_scaledTo720pH264() throws Exception {
        Path clip = media.clip("phone.mp4", 1920, 1080, 30, 2.1, true, "-c:v", "libopenh264", "-b:v", "500k");

        Conversion conversion = convertVideo(clip);

        assertAccepted(conversion);
        assertThat(info(conversion, 0)).satisfies(i -> {
            assertThat(i.width()).isEqualTo(1280);
            assertThat(i.height()).isEqualTo(720);
            assertThat(i.fps()).isCloseTo(30, within(0.1));
            assertThat(i.durationSeconds()).isCloseTo(2.1, within(0.15));
        });
        assertThat(conversion.notes()).singleElement().asString()
                .contains("1920×1080").contains("1280×720 H.264 MP4 at 30 fps");
    }

    @Test
    void convert_4kClipAt12Fps_scaledTo720pAt24Fps() throws Exception {
        Path clip = media.clip("4k.mp4", 3840, 2160, 12, 2.1, false, "-c:v", "libopenh264", "-b:v", "400k");

        Conversion conversion = convertVideo(clip);

        assertAccepted(conversion);
        assertThat(info(conversion, 0).width()).isEqualTo(1280);
        assertThat(info(conversion, 0).fps()).isCloseTo(24, within(0.1));
        assertThat(conversion.notes()).singleElement().asString().contains("3840×2160, 12 fps").contains("24 fps");
    }

    @Test
    void convert_120FpsSlowMotion_droppedTo60Fps() throws Exception {
        Path clip = media.clip("slowmo.mp4", 640, 640, 120, 2.1, false, "-c:v", "libopenh264", "-b:v", "300k");

        Conversion conversion = convertVideo(clip);

        assertAccepted(conversion);
        assertThat(info(conversion, 0).fps()).isCloseTo(60, within(0.1));
        assertThat(info(conversion, 0).pixels()).isEqualTo(640 * 640);
    }

    /** Phones store portrait clips as landscape pictures with a rotation beside them. */
    @Test
    void convert_rotatedPortraitPhoneClip_scaledUpright() throws Exception {
        Path landscape = media.clip("landscape.mp4", 1920, 1080, 24, 2.1, false, "-c:v", "libopenh264", "-b:v",
                "300k");
        Path portrait = dir.resolve("portrait.mp4");
        media.runner().ffmpeg(List.of("-display_rotation", "90", "-i", landscape.toString(), "-c", "copy",
                portrait.toString()), Duration.ofSeconds(30));

        Conversion conversion = convertVideo(portrait);

        assertAccepted(conversion);
        assertThat(info(conversion, 0).width()).isEqualTo(720);
        assertThat(info(conversion, 0).height()).isEqualTo(1280);
    }

    @Test
    void convert_360pVp9WebM_scaledUpToH264Mp4() throws Exception {
        Path clip = media.clip("small.webm", 640, 360, 30, 2.1, true, "-c:v", "libvpx-vp9", "-deadline",
                "realtime", "-cpu-used", "8", "-b:v", "200k", "-c:a", "libopus");

        Conversion conversion = convertVideo(clip);

        assertAccepted(conversion);
        assertThat(info(conversion, 0).format()).isEqualTo(MediaFormat.MP4);
        assertThat(info(conversion, 0).width()).isEqualTo(856);
        assertThat(info(conversion, 0).height()).isEqualTo(480);
        assertThat(conversion.notes()).singleElement().asString().contains("VP9 in WebM/MKV");
    }

    @Test
    void convert_clipLongerThan15Seconds_refusedAskingToTrim() throws Exception {
        Path clip = media.clip("long.webm", 160, 120, 5, 16.5, false, "-c:v", "libvpx-vp9", "-deadline",
                "realtime", "-cpu-used", "8");

        Conversion conversion = convertVideo(clip);

        assertThat(conversion.problems()).singleElement().asString()
                .contains("long.webm").contains("is 16.").contains("at most 15 s").contains("trim it");
        assertThat(conversion.notes()).isEmpty();
    }

    @Test
    void convert_clipWiderThan5To2_refusedAskingToCrop() throws Exception {
        Path clip = media.clip("wide.mp4", 960, 320, 24, 2.1, false, "-c:v", "libopenh264");

        Conversion conversion = convertVideo(clip);

        assertThat(conversion.problems()).singleElement().asString().contains("960×320").contains("crop it");
    }

    // --- audio ---

    @Test
    void convert_voiceNoteOggOpus_convertedToMp3() throws Exception {
        assertAudioConverted(media.tone("voice.oga", 3, "-ac", "1", "-c:a", "libopus", "-b:a", "24k",
                "-f", "ogg"), "OPUS in OGG");
    }

    @Test
    void convert_m4aAac_convertedToMp3() throws Exception {
        assertAudioConverted(media.tone("song.m4a", 3, "-c:a", "aac", "-b:a", "64k"), "AAC in MP4/MOV");
    }

    @Test
    void convert_flac_convertedToMp3() throws Exception {
        assertAudioConverted(media.tone("take.flac", 3, "-c:a", "flac"), "FLAC");
    }

    @Test
    void convert_webmAudio_convertedToMp3() throws Exception {
        assertAudioConverted(media.tone("clip.weba", 3, "-c:a", "libopus", "-f", "webm"), "OPUS in WebM/MKV");
    }

    @Test
    void convert_mpeg25Mp3AlreadyAccepted_keptByteIdentical() throws Exception {
        Path mp3 = media.tone("low.mp3", 3, "-ar", "8000", "-c:a", "libmp3lame", "-b:a", "8k");
        Path image = media.picture("face.jpg", 640, 480);
        byte[] before = Files.readAllBytes(mp3);

        Conversion conversion = converter.convert(request(List.of(input(MediaRole.REFERENCE_IMAGE, image),
                input(MediaRole.REFERENCE_AUDIO, mp3))), dir.resolve("scratch"));

        assertAccepted(conversion);
        assertThat(conversion.notes()).isEmpty();
        assertThat(path(conversion, 0)).isEqualTo(image);
        assertThat(path(conversion, 1)).isEqualTo(mp3);
        assertThat(Files.readAllBytes(path(conversion, 1))).isEqualTo(before);
    }

    // --- images ---

    @Test
    void convert_tinyPng_scaledUpTo300PixelsAsJpeg() throws Exception {
        Conversion conversion = convertImage(media.picture("tiny.png", 200, 150));

        assertAccepted(conversion);
        assertThat(info(conversion, 0).format()).isEqualTo(MediaFormat.JPEG);
        assertThat(info(conversion, 0).width()).isEqualTo(400);
        assertThat(info(conversion, 0).height()).isEqualTo(300);
        assertThat(conversion.notes()).singleElement().asString().contains("200×150").contains("400×300");
    }

    @Test
    void convert_avifPhoto_convertedToJpeg() throws Exception {
        Path avif = media.picture("photo.avif", 640, 480, "-c:v", "libaom-av1", "-still-picture", "1",
                "-cpu-used", "8");

        Conversion conversion = convertImage(avif);

        assertAccepted(conversion);
        assertThat(info(conversion, 0).format()).isEqualTo(MediaFormat.JPEG);
        assertThat(info(conversion, 0).width()).isEqualTo(640);
    }

    /** A HEIC brand over an AV1 picture is neither what ffmpeg 6.1 nor our HEIF reader reads (HEVC only). */
    @Test
    void convert_heicWithAnAv1Picture_refusedAskingForJpeg() throws Exception {
        Path avif = media.picture("photo.avif", 640, 480, "-c:v", "libaom-av1", "-still-picture", "1",
                "-cpu-used", "8");
        byte[] bytes = Files.readAllBytes(avif);
        System.arraycopy("heic".getBytes(), 0, bytes, 8, 4);
        System.arraycopy("heic".getBytes(), 0, bytes, 16, 4);
        Path heic = Files.write(dir.resolve("IMG_0001.HEIC"), bytes);

        Conversion conversion = convertImage(heic);

        assertThat(conversion.problems()).singleElement().asString().contains("HEIC").contains("send it as JPEG");
    }

    @Test
    void convert_acceptableJpeg_keptByteIdenticalWithoutRunningFfmpeg() throws Exception {
        Path jpeg = media.picture("ok.jpg", 1024, 768);
        byte[] before = Files.readAllBytes(jpeg);

        Conversion conversion = convertImage(jpeg);

        assertAccepted(conversion);
        assertThat(conversion.notes()).isEmpty();
        assertThat(path(conversion, 0)).isEqualTo(jpeg);
        assertThat(Files.readAllBytes(jpeg)).isEqualTo(before);
    }

    /** Three 27 MB bitmaps are each accepted, but together their base64 would pass the gateway's 32 MB. */
    @Test
    void convert_imagesOverThe32MbBody_recompressedToFit() throws Exception {
        List<MediaInput> inputs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            inputs.add(input(MediaRole.REFERENCE_IMAGE, media.picture("big" + i + ".bmp", 3000, 3000,
                    "-vf", "hue=h=" + i * 40)));
        }

        Conversion conversion = converter.convert(request(inputs), dir.resolve("scratch"));

        assertAccepted(conversion);
        assertThat(conversion.notes()).hasSizeGreaterThanOrEqualTo(1)
                .allSatisfy(note -> assertThat(note).contains("recompressed").contains("32 MB"));
    }

    // --- helpers ---

    private void assertAudioConverted(Path audio, String described) throws Exception {
        Path image = media.picture("face.jpg", 640, 480);
        Conversion conversion = converter.convert(request(List.of(input(MediaRole.REFERENCE_IMAGE, image),
                input(MediaRole.REFERENCE_AUDIO, audio))), dir.resolve("scratch"));

        assertAccepted(conversion);
        assertThat(info(conversion, 1).format()).isEqualTo(MediaFormat.MP3);
        assertThat(info(conversion, 1).durationSeconds()).isCloseTo(3, within(0.1));
        assertThat(conversion.notes()).singleElement().asString().contains(described).contains("MP3");
    }

    private Conversion convertVideo(Path clip) {
        return converter.convert(request(List.of(input(MediaRole.REFERENCE_VIDEO, clip))), dir.resolve("scratch"));
    }

    private Conversion convertImage(Path image) {
        return converter.convert(request(List.of(input(MediaRole.REFERENCE_IMAGE, image))), dir.resolve("scratch"));
    }

    /** Converted without refusals, and the validator finds nothing wrong with the result. */
    private void assertAccepted(Conversion conversion) {
        assertThat(conversion.problems()).isEmpty();
        ValidationResult validation = validator.validate(conversion.request());
        assertThat(validation.problems()).isEmpty();
    }

    private MediaInfo info(Conversion conversion, int index) {
        return (MediaInfo) prober.probe(path(conversion, index));
    }

    private static Path path(Conversion conversion, int index) {
        return ((MediaSource.LocalFile) conversion.request().media().get(index).source()).path();
    }

    private static MediaInput input(MediaRole role, Path file) {
        return new MediaInput(role, new MediaSource.LocalFile(file), file.getFileName().toString());
    }

    private static VideoRequest request(List<MediaInput> inputs) {
        return new VideoRequest("use these", inputs, VideoOptions.DEFAULTS, Intent.GENERATE, USER, CHAT);
    }
}
