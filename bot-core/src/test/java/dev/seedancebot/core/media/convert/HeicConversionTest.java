package dev.seedancebot.core.media.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.media.GplFfmpeg;
import dev.seedancebot.core.media.HeicWriter;
import dev.seedancebot.core.media.MediaFormat;
import dev.seedancebot.core.media.MediaInfo;
import dev.seedancebot.core.media.MediaProber;
import dev.seedancebot.core.request.Intent;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.MediaSource;
import dev.seedancebot.core.request.RequestValidator;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HEIC photos as iPhones write them (one HEVC picture, or a grid of 512×512 tiles, with a rotation) and HEVC clips,
 * made at test time by the GPL ffmpeg (the bundled LGPL build cannot encode HEVC) and converted by the bot's bundled
 * ffmpeg: each ends as a JPEG or H.264 MP4 that meets every rule, or in a clear refusal.
 */
class HeicConversionTest {
    private static final UserKey USER = new UserKey(Platform.TELEGRAM, "42");
    private static final ChatRef CHAT = ChatRef.of(Platform.TELEGRAM, null, "chat");

    @TempDir
    Path dir;

    private GplFfmpeg gpl;
    private MediaConverter converter;
    private final MediaProber prober = new MediaProber();

    @BeforeEach
    void start() {
        gpl = new GplFfmpeg(dir);
        converter = new MediaConverter(new ConversionSettings("bundled", 2, Duration.ofSeconds(60)), prober);
    }

    @AfterEach
    void stop() {
        converter.close();
        gpl.close();
    }

    @Test
    void convert_heicPhoto_convertedToJpeg() throws Exception {
        Path heic = HeicWriter.picture(gpl.hevcPicture("p.hevc", "testsrc2=size=640x480"), 640, 480)
                .write(dir.resolve("IMG_0001.HEIC"));

        Conversion conversion = convertImage(heic);

        assertAccepted(conversion);
        assertThat(info(conversion).format()).isEqualTo(MediaFormat.JPEG);
        assertThat(info(conversion).width()).isEqualTo(640);
        assertThat(info(conversion).height()).isEqualTo(480);
        assertThat(conversion.notes()).singleElement().asString().contains("HEVC in HEIC").contains("JPEG");
    }

    /** Four coloured tiles cut to 500×400, as an iPhone stores a photo: each tile lands in its own corner. */
    @Test
    void convert_tiledHeicGrid_stitchedIntoOneJpeg() throws Exception {
        Path heic = HeicWriter.grid(tiles(), 2, 2, 256, 500, 400).write(dir.resolve("IMG_0002.HEIC"));

        Conversion conversion = convertImage(heic);

        assertAccepted(conversion);
        BufferedImage jpeg = ImageIO.read(path(conversion).toFile());
        assertThat(jpeg.getWidth()).isEqualTo(500);
        assertThat(jpeg.getHeight()).isEqualTo(400);
        assertThat(colour(jpeg, 60, 60)).isEqualTo("red");
        assertThat(colour(jpeg, 440, 60)).isEqualTo("green");
        assertThat(colour(jpeg, 60, 340)).isEqualTo("blue");
        assertThat(colour(jpeg, 440, 340)).isEqualTo("white");
    }

    /** irot 1 is a quarter turn anticlockwise: the top-left tile ends bottom-left, the picture upright 400×500. */
    @Test
    void convert_rotatedHeicGrid_turnedUpright() throws Exception {
        Path heic = HeicWriter.grid(tiles(), 2, 2, 256, 500, 400).rotated(1).write(dir.resolve("IMG_0003.HEIC"));

        Conversion conversion = convertImage(heic);

        assertAccepted(conversion);
        BufferedImage jpeg = ImageIO.read(path(conversion).toFile());
        assertThat(jpeg.getWidth()).isEqualTo(400);
        assertThat(jpeg.getHeight()).isEqualTo(500);
        assertThat(colour(jpeg, 60, 440)).isEqualTo("red");
        assertThat(colour(jpeg, 60, 60)).isEqualTo("green");
        assertThat(colour(jpeg, 340, 440)).isEqualTo("blue");
    }

    @Test
    void convert_mirroredHeic_flippedLeftToRight() throws Exception {
        Path heic = HeicWriter.grid(tiles(), 2, 2, 256, 500, 400).mirrored(0).write(dir.resolve("IMG_0004.HEIC"));

        Conversion conversion = convertImage(heic);

        assertAccepted(conversion);
        BufferedImage jpeg = ImageIO.read(path(conversion).toFile());
        assertThat(colour(jpeg, 440, 60)).isEqualTo("red");
        assertThat(colour(jpeg, 60, 60)).isEqualTo("green");
    }

    @Test
    void convert_heicCutShort_refusedAskingForJpeg() throws Exception {
        Path heic = HeicWriter.grid(tiles(), 2, 2, 256, 500, 400).write(dir.resolve("IMG_0005.HEIC"));
        byte[] bytes = Files.readAllBytes(heic);
        Files.write(heic, java.util.Arrays.copyOf(bytes, bytes.length - 2000));

        Conversion conversion = convertImage(heic);

        assertThat(conversion.problems()).singleElement().asString().contains("HEIC").contains("send it as JPEG");
    }

    @Test
    void convert_hevcClip_reencodedToH264For720p() throws Exception {
        Path clip = gpl.make("iphone-hevc.mov", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=2.1",
                "-f", "lavfi", "-i", "sine=frequency=440:duration=2.1", "-c:v", "libx265", "-x265-params",
                "log-level=error", "-preset", "ultrafast", "-tag:v", "hvc1", "-pix_fmt", "yuv420p", "-c:a", "aac",
                "-shortest");

        Conversion conversion = converter.convert(request(MediaRole.REFERENCE_VIDEO, clip), dir.resolve("scratch"));

        assertAccepted(conversion);
        assertThat(info(conversion).width()).isEqualTo(1280);
        assertThat(info(conversion).height()).isEqualTo(720);
        assertThat(conversion.notes()).singleElement().asString().contains("HEVC").contains("1280×720 H.264 MP4");
        String codec = gpl.probeVideoCodec(path(conversion));
        assertThat(codec).isEqualTo("h264");
    }

    // --- helpers ---

    private List<Path> tiles() {
        return List.of(
                gpl.hevcPicture("red.hevc", "color=c=red:size=256x256"),
                gpl.hevcPicture("green.hevc", "color=c=green:size=256x256"),
                gpl.hevcPicture("blue.hevc", "color=c=blue:size=256x256"),
                gpl.hevcPicture("white.hevc", "color=c=white:size=256x256"));
    }

    /** The nearest of the four tile colours to the pixel at x, y (JPEG shifts colours a little). */
    private static String colour(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        int r = rgb >> 16 & 0xFF;
        int g = rgb >> 8 & 0xFF;
        int b = rgb & 0xFF;
        if (r > 180 && g > 180 && b > 180) {
            return "white";
        }
        return r >= g && r >= b ? "red" : g >= b ? "green" : "blue";
    }

    private Conversion convertImage(Path image) {
        return converter.convert(request(MediaRole.REFERENCE_IMAGE, image), dir.resolve("scratch"));
    }

    private void assertAccepted(Conversion conversion) {
        assertThat(conversion.problems()).isEmpty();
        assertThat(new RequestValidator(prober).validate(conversion.request()).problems()).isEmpty();
    }

    private MediaInfo info(Conversion conversion) {
        return (MediaInfo) prober.probe(path(conversion));
    }

    private static Path path(Conversion conversion) {
        return ((MediaSource.LocalFile) conversion.request().media().get(0).source()).path();
    }

    private static VideoRequest request(MediaRole role, Path file) {
        return new VideoRequest("use these", List.of(new MediaInput(role, new MediaSource.LocalFile(file),
                file.getFileName().toString())), VideoOptions.DEFAULTS, Intent.GENERATE, USER, CHAT);
    }
}
