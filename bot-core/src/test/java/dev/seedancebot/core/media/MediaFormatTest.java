package dev.seedancebot.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.testkit.TestMedia;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaFormatTest {

    @ParameterizedTest
    @CsvSource({
        "image-640x480.png, PNG, IMAGE",
        "image-1024x1024.jpg, JPEG, IMAGE",
        "image-800x600.webp, WEBP, IMAGE",
        "image-400x400.gif, GIF, IMAGE",
        "video-3s-640x640.mp4, MP4, VIDEO",
        "video-5s-1280x720.mov, MOV, VIDEO",
        "audio-3s.wav, WAV, AUDIO",
        "audio-3s.mp3, MP3, AUDIO"
    })
    void detect_fixture_returnsFormatAndKind(String name, MediaFormat format, MediaFormat.Kind kind) {
        byte[] bytes = TestMedia.bytes(name);

        MediaFormat detected = MediaFormat.detect(bytes, bytes.length);

        assertThat(detected).isEqualTo(format);
        assertThat(detected.kind()).isEqualTo(kind);
    }

    @Test
    void detect_bmpHeader_returnsBmp() {
        byte[] bmp = new byte[32];
        bmp[0] = 'B';
        bmp[1] = 'M';
        bmp[14] = 40; // BITMAPINFOHEADER

        assertThat(MediaFormat.detect(bmp, bmp.length)).isEqualTo(MediaFormat.BMP);
    }

    @Test
    void detect_textStartingWithBm_returnsUnknown() {
        byte[] text = "BMW drives along the coast at dusk".getBytes(StandardCharsets.US_ASCII);

        assertThat(MediaFormat.detect(text, text.length)).isEqualTo(MediaFormat.UNKNOWN);
    }

    @Test
    void detect_tiffBothByteOrders_returnsTiff() {
        byte[] little = {'I', 'I', 0x2A, 0, 8, 0, 0, 0};
        byte[] big = {'M', 'M', 0, 0x2A, 0, 0, 0, 8};

        assertThat(MediaFormat.detect(little, little.length)).isEqualTo(MediaFormat.TIFF);
        assertThat(MediaFormat.detect(big, big.length)).isEqualTo(MediaFormat.TIFF);
    }

    @Test
    void detect_heicBrand_returnsHeifImage() {
        byte[] heic = ftyp("heic");

        assertThat(MediaFormat.detect(heic, heic.length)).isEqualTo(MediaFormat.HEIF);
        assertThat(MediaFormat.HEIF.kind()).isEqualTo(MediaFormat.Kind.IMAGE);
    }

    @Test
    void detect_quickTimeBrand_returnsMov() {
        byte[] mov = ftyp("qt  ");

        assertThat(MediaFormat.detect(mov, mov.length)).isEqualTo(MediaFormat.MOV);
    }

    @Test
    void detect_mp3WithoutId3Tag_returnsMp3FromFrameSync() {
        byte[] frame = {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64};

        assertThat(MediaFormat.detect(frame, frame.length)).isEqualTo(MediaFormat.MP3);
    }

    @Test
    void detect_tooFewBytes_returnsUnknown() {
        byte[] two = {(byte) 0x89, 'P'};

        assertThat(MediaFormat.detect(two, two.length)).isEqualTo(MediaFormat.UNKNOWN);
        assertThat(MediaFormat.UNKNOWN.kind()).isEqualTo(MediaFormat.Kind.UNKNOWN);
    }

    private static byte[] ftyp(String brand) {
        byte[] box = new byte[16];
        box[3] = 16;
        System.arraycopy("ftyp".getBytes(StandardCharsets.US_ASCII), 0, box, 4, 4);
        System.arraycopy(brand.getBytes(StandardCharsets.US_ASCII), 0, box, 8, 4);
        return box;
    }
}
