package dev.seedancebot.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.seedancebot.core.media.CraftedMp3.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MP3 durations through {@link MediaProber}, on files built in code by {@link CraftedMp3}: every MPEG version and
 * layer, with and without Xing, Info and VBRI headers, tags at both ends and garbage between frames. A duration may
 * be off by at most one frame.
 */
class Mp3ReaderTest {

    @TempDir
    Path dir;

    private final MediaProber prober = new MediaProber();

    @Test
    void probe_mpeg1Layer3ConstantBitrateWithoutXing_countsEveryFrame() throws IOException {
        CraftedMp3 mp3 = new CraftedMp3(Version.MPEG_1, 3, 44_100, false);
        byte[] bytes = mp3.id3(1_000).frames(128, 575).build();

        assertSeconds(bytes, 15.02, mp3);
    }

    /** mp3agic 0.9.1 measured this file as 0.157 s. */
    @Test
    void probe_mpeg2Layer3WithInfoHeader_readsFrameCount() throws IOException {
        CraftedMp3 mp3 = new CraftedMp3(Version.MPEG_2, 3, 22_050, false);
        byte[] bytes = mp3.id3(40).xing("Info", 56, 156).frames(56, 156).build();

        assertSeconds(bytes, 4.07, mp3);
    }

    @Test
    void probe_ffmpegInfoHeaderWithEncoderDelay_leavesDelayAndPaddingOut() throws IOException {
        CraftedMp3 mp3 = new CraftedMp3(Version.MPEG_2, 3, 22_050, false);
        byte[] bytes = mp3.ffmpegInfo(56, 156, 0, 576, 1_000).frames(56, 156).build();

        assertThat(seconds(bytes)).isCloseTo((156 * 576 - 1_576) / 22_050.0, within(1e-9));
    }

    @Test
    void probe_mpeg25Layer3At8kHzMono_countsEveryFrame() throws IOException {
        CraftedMp3 mp3 = new CraftedMp3(Version.MPEG_2_5, 3, 8_000, true);
        byte[] bytes = mp3.frames(8, 200).build();

        assertSeconds(bytes, 14.4, mp3);
    }

    @Test
    void probe_variableBitrateWithXingHeader_readsFrameCount() throws IOException {
        CraftedMp3 mp3 = new CraftedMp3(Version.MPEG_1, 3, 44_100, true);
        byte[] bytes = mp3.xing("Xing", 64, 300).frames(64, 100).frames(192, 100).frames(320, 100).build();

        assertSeconds(bytes, 300 * 1152 / 44_100.0, mp3);
    }

    @Test
    void probe_variableBitrateWithoutHeader_countsEveryFrame() throws IOException {
        CraftedMp3 mp3 = new CraftedMp3(Version.MPEG_2, 3, 24_000, false);
        byte[] bytes = mp3.frames(32, 50).frames(160, 50).frames(8, 50).build();

        assertSeconds(bytes, 150 * 576 / 24_000.0, mp3);
    }

    @Test
    void probe_vbriHeader_readsFrameCount() throws IOException {
        CraftedMp3 mp3 = new CraftedMp3(Version.MPEG_1, 3, 48_000, false);
        byte[] bytes = mp3.vbri(128, 250).frames(128, 125).frames(256, 125).build();

        assertSeconds(bytes, 6.0, mp3);
    }

    /** Only Layer III files are recognised from their first frame; Layers I and II need the ID3 tag to be found. */
    @Test
    void probe_mpeg1Layer2AfterId3_countsEveryFrame() throws IOException {
        CraftedMp3 mp3 = new CraftedMp3(Version.MPEG_1, 2, 48_000, false);
        byte[] bytes = mp3.id3(10).frames(192, 100).build();

        assertSeconds(bytes, 2.4, mp3);
    }

    @Test
    void probe_mpeg1Layer1AfterId3_countsEveryFrame() throws IOException {
        CraftedMp3 mp3 = new CraftedMp3(Version.MPEG_1, 1, 44_100, false);
        byte[] bytes = mp3.id3(10).frames(128, 400).build();

        assertSeconds(bytes, 400 * 384 / 44_100.0, mp3);
    }

    @Test
    void probe_mpeg2Layer1AfterId3_countsEveryFrame() throws IOException {
        CraftedMp3 mp3 = new CraftedMp3(Version.MPEG_2, 1, 16_000, true);
        byte[] bytes = mp3.id3(10).frames(48, 200).build();

        assertSeconds(bytes, 4.8, mp3);
    }

    @Test
    void probe_apeAndId3v1TagsAfterFrames_measuresOnlyFrames() throws IOException {
        CraftedMp3 mp3 = new CraftedMp3(Version.MPEG_1, 3, 44_100, false);
        byte[] bytes = mp3.id3(100).frames(128, 100).apeTag(2_000).id3v1().build();

        assertSeconds(bytes, 100 * 1152 / 44_100.0, mp3);
    }

    @Test
    void probe_garbageBetweenFrames_findsFramesAgain() throws IOException {
        CraftedMp3 mp3 = new CraftedMp3(Version.MPEG_1, 3, 32_000, false);
        byte[] bytes = mp3.frames(96, 100).bytes(new byte[5_000]).frames(96, 100).build();

        assertSeconds(bytes, 200 * 1152 / 32_000.0, mp3);
    }

    @Test
    void probe_infoHeaderForMoreBytesThanPresent_countsFramesPresent() throws IOException {
        CraftedMp3 mp3 = new CraftedMp3(Version.MPEG_2, 3, 22_050, false);
        long streamBytes = 157L * mp3.frameBytes(56); // the header frame and 156 audio frames
        byte[] bytes = mp3.ffmpegInfo(56, 156, streamBytes, 0, 0).frames(56, 60).build();

        assertSeconds(bytes, 60 * 576 / 22_050.0, mp3);
    }

    @Test
    void probe_lastFrameCutShort_countsWholeFrames() throws IOException {
        CraftedMp3 mp3 = new CraftedMp3(Version.MPEG_1, 3, 44_100, false);
        byte[] whole = mp3.frames(128, 100).build();
        byte[] bytes = Arrays.copyOf(whole, whole.length - 200);

        assertSeconds(bytes, 99 * 1152 / 44_100.0, mp3);
    }

    private void assertSeconds(byte[] bytes, double expected, CraftedMp3 mp3) throws IOException {
        assertThat(seconds(bytes)).isCloseTo(expected, within(mp3.frameSeconds()));
    }

    private double seconds(byte[] bytes) throws IOException {
        Path file = Files.write(dir.resolve("audio.mp3"), bytes);
        AtomicReference<Double> seconds = new AtomicReference<>();

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(MediaInfo.class, info -> {
            assertThat(info.format()).isEqualTo(MediaFormat.MP3);
            seconds.set(info.durationSeconds());
        });
        return seconds.get();
    }
}
