package dev.seedancebot.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.seedancebot.core.media.ProbeResult.Reason;
import dev.seedancebot.core.media.ProbeResult.Unreadable;
import dev.seedancebot.testkit.TestMedia;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaProberTest {

    @TempDir
    Path dir;

    private final MediaProber prober = new MediaProber();

    @ParameterizedTest
    @CsvSource({
        "image-640x480.png, PNG, 640, 480",
        "image-1024x1024.jpg, JPEG, 1024, 1024",
        "image-800x600.webp, WEBP, 800, 600",
        "image-400x400.gif, GIF, 400, 400",
        "image-200x200.png, PNG, 200, 200",
        "image-3000x500.png, PNG, 3000, 500"
    })
    void probe_imageFixture_readsFormatAndSize(String name, MediaFormat format, int width, int height) {
        Path file = TestMedia.copyTo(dir, name);

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(MediaInfo.class, info -> {
            assertThat(info.format()).isEqualTo(format);
            assertThat(info.width()).isEqualTo(width);
            assertThat(info.height()).isEqualTo(height);
            assertThat(info.sizeBytes()).isEqualTo(TestMedia.bytes(name).length);
            assertThat(info.durationSeconds()).isZero();
            assertThat(info.fps()).isNull();
        });
    }

    @ParameterizedTest
    @CsvSource({
        "video-3s-640x640.mp4, MP4, 640, 640, 3",
        "video-8s-640x640.mp4, MP4, 640, 640, 8",
        "video-16s-640x640.mp4, MP4, 640, 640, 16",
        "video-3s-320x240.mp4, MP4, 320, 240, 3",
        "video-5s-1280x720.mov, MOV, 1280, 720, 5",
        "result-5s-640x640.mp4, MP4, 640, 640, 5"
    })
    void probe_videoFixture_readsDurationSizeAndFps(
            String name, MediaFormat format, int width, int height, double seconds) {
        Path file = TestMedia.copyTo(dir, name);

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(MediaInfo.class, info -> {
            assertThat(info.format()).isEqualTo(format);
            assertThat(info.width()).isEqualTo(width);
            assertThat(info.height()).isEqualTo(height);
            assertThat(info.durationSeconds()).isCloseTo(seconds, within(0.1));
            assertThat(info.fps()).isCloseTo(24.0, within(0.01));
        });
    }

    @ParameterizedTest
    @CsvSource({
        "audio-1s.wav, WAV, 1",
        "audio-3s.wav, WAV, 3",
        "audio-3s.mp3, MP3, 3",
        "audio-6s.mp3, MP3, 6",
        "audio-17s.mp3, MP3, 17"
    })
    void probe_audioFixture_readsDuration(String name, MediaFormat format, double seconds) {
        Path file = TestMedia.copyTo(dir, name);

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(MediaInfo.class, info -> {
            assertThat(info.format()).isEqualTo(format);
            assertThat(info.durationSeconds()).isCloseTo(seconds, within(0.1));
            assertThat(info.width()).isZero();
            assertThat(info.fps()).isNull();
        });
    }

    @Test
    void probe_littleEndianTiff_readsSizeFromFirstDirectory() throws IOException {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 2 * 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put(new byte[] {'I', 'I', 0x2A, 0}).putInt(8);
        tiff.putShort((short) 2);
        tiff.putShort((short) 256).putShort((short) 3).putInt(1).putInt(1200); // ImageWidth, SHORT
        tiff.putShort((short) 257).putShort((short) 3).putInt(1).putInt(900); // ImageLength, SHORT
        tiff.putInt(0);
        Path file = Files.write(dir.resolve("scan.tif"), tiff.array());

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(MediaInfo.class, info -> {
            assertThat(info.format()).isEqualTo(MediaFormat.TIFF);
            assertThat(info.width()).isEqualTo(1200);
            assertThat(info.height()).isEqualTo(900);
        });
    }

    @Test
    void probe_topDownBmp_readsPositiveHeight() throws IOException {
        ByteBuffer bmp = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
        bmp.put(new byte[] {'B', 'M'}).putInt(54).putInt(0).putInt(54);
        bmp.putInt(40).putInt(800).putInt(-600).putShort((short) 1).putShort((short) 24);
        Path file = Files.write(dir.resolve("paint.bmp"), bmp.array());

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(MediaInfo.class, info -> {
            assertThat(info.format()).isEqualTo(MediaFormat.BMP);
            assertThat(info.width()).isEqualTo(800);
            assertThat(info.height()).isEqualTo(600);
        });
    }

    @Test
    void probe_videoNamedPng_detectsMp4FromBytes() {
        Path file = TestMedia.copyTo(dir, TestMedia.VIDEO_3S, "photo.png");

        ProbeResult result = prober.probe(file);

        assertThat(result.format()).isEqualTo(MediaFormat.MP4);
        assertThat(result).isInstanceOf(MediaInfo.class);
    }

    @Test
    void probe_zeroBytes_returnsEmpty() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.png"));

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(Unreadable.class, u -> assertThat(u.reason()).isEqualTo(Reason.EMPTY));
    }

    @Test
    void probe_missingFile_returnsNotFound() {
        ProbeResult result = prober.probe(dir.resolve("nothing.mp4"));

        assertThat(result).isInstanceOfSatisfying(
                Unreadable.class, u -> assertThat(u.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @Test
    void probe_directory_returnsNotFound() {
        ProbeResult result = prober.probe(dir);

        assertThat(result).isInstanceOfSatisfying(
                Unreadable.class, u -> assertThat(u.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @Test
    void probe_textFileNamedJpg_returnsUnrecognised() throws IOException {
        Path file = Files.writeString(dir.resolve("photo.jpg"), "hello, I am not a picture");

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(Unreadable.class, u -> {
            assertThat(u.reason()).isEqualTo(Reason.UNRECOGNISED);
            assertThat(u.format()).isEqualTo(MediaFormat.UNKNOWN);
        });
    }

    @Test
    void probe_mp4CutInHalf_returnsTruncated() throws IOException {
        byte[] bytes = TestMedia.bytes(TestMedia.VIDEO_8S);
        Path file = Files.write(dir.resolve("half.mp4"), Arrays.copyOf(bytes, bytes.length / 2));

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(Unreadable.class, u -> {
            assertThat(u.reason()).isEqualTo(Reason.TRUNCATED);
            assertThat(u.format()).isEqualTo(MediaFormat.MP4);
        });
    }

    @Test
    void probe_mp4WithLyingBoxSize_returnsUnreadableWithoutHugeAllocation() throws IOException {
        byte[] bytes = TestMedia.bytes(TestMedia.VIDEO_3S);
        int mvhd = indexOf(bytes, "mvhd") - 4;
        bytes[mvhd] = 0x7F; // mvhd now claims ~2 GB inside a small moov
        Path file = Files.write(dir.resolve("lying.mp4"), bytes);

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(
                Unreadable.class, u -> assertThat(u.reason()).isEqualTo(Reason.CORRUPT));
    }

    @Test
    void probe_mp4WithoutMoov_returnsTruncated() throws IOException {
        byte[] bytes = TestMedia.bytes(TestMedia.VIDEO_3S);
        int moov = indexOf(bytes, "moov");
        bytes[moov] = 'f';
        bytes[moov + 1] = 'r';
        bytes[moov + 2] = 'e';
        bytes[moov + 3] = 'e';
        Path file = Files.write(dir.resolve("nomoov.mp4"), bytes);

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(
                Unreadable.class, u -> assertThat(u.reason()).isEqualTo(Reason.TRUNCATED));
    }

    @Test
    void probe_pngSignatureOnly_returnsTruncated() throws IOException {
        byte[] png = Arrays.copyOf(TestMedia.bytes(TestMedia.IMAGE_PNG), 12);
        Path file = Files.write(dir.resolve("cut.png"), png);

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(Unreadable.class, u -> {
            assertThat(u.reason()).isEqualTo(Reason.TRUNCATED);
            assertThat(u.format()).isEqualTo(MediaFormat.PNG);
        });
    }

    @Test
    void probe_jpegHeaderCutBeforeFrame_returnsCorrupt() throws IOException {
        byte[] jpeg = Arrays.copyOf(TestMedia.bytes(TestMedia.IMAGE_JPG), 40);
        Path file = Files.write(dir.resolve("cut.jpg"), jpeg);

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(Unreadable.class, u -> assertThat(u.format()).isEqualTo(MediaFormat.JPEG));
    }

    @Test
    void probe_wavWithoutDataChunk_returnsTruncated() throws IOException {
        byte[] wav = Arrays.copyOf(TestMedia.bytes(TestMedia.AUDIO_WAV_3S), 36);
        Path file = Files.write(dir.resolve("cut.wav"), wav);

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(
                Unreadable.class, u -> assertThat(u.reason()).isEqualTo(Reason.TRUNCATED));
    }

    @Test
    void probe_mp3HeaderFollowedByGarbage_returnsCorrupt() throws IOException {
        byte[] bytes = new byte[4096];
        bytes[0] = 'I';
        bytes[1] = 'D';
        bytes[2] = '3';
        bytes[3] = 4;
        Path file = Files.write(dir.resolve("fake.mp3"), bytes);

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(Unreadable.class, u -> {
            assertThat(u.reason()).isEqualTo(Reason.CORRUPT);
            assertThat(u.format()).isEqualTo(MediaFormat.MP3);
        });
    }

    @Test
    void probe_pngPaddedToThirtyOneMegabytes_readsHeaderAndRealSize() throws IOException {
        Path file = TestMedia.copyTo(dir, TestMedia.IMAGE_PNG, "big.png");
        long size = 31L * 1024 * 1024;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(MediaInfo.class, info -> {
            assertThat(info.sizeBytes()).isEqualTo(size);
            assertThat(info.width()).isEqualTo(640);
        });
    }

    @Test
    void probe_fileOverProbeLimit_returnsTooLargeWithFormat() throws IOException {
        Path file = TestMedia.copyTo(dir, TestMedia.VIDEO_3S, "huge.mp4");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(MediaProber.MAX_PROBE_BYTES + 1);
        }

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(Unreadable.class, u -> {
            assertThat(u.reason()).isEqualTo(Reason.TOO_LARGE);
            assertThat(u.format()).isEqualTo(MediaFormat.MP4);
            assertThat(u.sizeBytes()).isEqualTo(MediaProber.MAX_PROBE_BYTES + 1);
        });
    }

    @Test
    void probe_mp4WithFortyMegabytesOfTrailingZeros_stillReadsMovieHeader() throws IOException {
        Path file = TestMedia.copyTo(dir, TestMedia.VIDEO_3S, "padded.mp4");
        // A zero-size box at the end means "to the end of the file": legal, and must be seeked over, not read.
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() + 40L * 1024 * 1024);
        }

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(
                MediaInfo.class, info -> assertThat(info.durationSeconds()).isCloseTo(3.0, within(0.1)));
    }

    @Test
    void probe_videoWithTwoTimeToSampleEntries_countsAllFramesForFps() throws IOException {
        byte[] bytes = TestMedia.bytes(TestMedia.VIDEO_3S);
        int stts = indexOf(bytes, "stts");
        // Split the single entry (72 samples) into 1 + 71 samples of the same delta: the frame rate must stay 24.
        byte[] split = new byte[bytes.length + 8];
        System.arraycopy(bytes, 0, split, 0, stts + 8);
        System.arraycopy(bytes, stts + 16, split, stts + 24, bytes.length - stts - 16);
        split[stts + 7] = 2; // entry count
        System.arraycopy(new byte[] {0, 0, 0, 1}, 0, split, stts + 8, 4);
        System.arraycopy(bytes, stts + 12, split, stts + 12, 4); // same delta
        System.arraycopy(new byte[] {0, 0, 0, 71}, 0, split, stts + 16, 4);
        growBox(split, stts - 4, 8);
        for (String parent : new String[] {"stbl", "minf", "mdia", "trak", "moov"}) {
            growBox(split, indexOf(split, parent) - 4, 8);
        }
        Path file = Files.write(dir.resolve("vfr.mp4"), split);

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(
                MediaInfo.class, info -> assertThat(info.fps()).isCloseTo(24.0, within(0.01)));
    }

    private static void growBox(byte[] bytes, int at, int by) {
        long size = FileBytes.beUInt32(bytes, at) + by;
        bytes[at] = (byte) (size >>> 24);
        bytes[at + 1] = (byte) (size >>> 16);
        bytes[at + 2] = (byte) (size >>> 8);
        bytes[at + 3] = (byte) size;
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
