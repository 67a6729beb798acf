package dev.seedancebot.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * MP3 durations of files written by the bundled ffmpeg (libmp3lame), which writes an Info header for a constant and a
 * Xing header for a variable bitrate, with its encoder delay and padding: MPEG-1, MPEG-2 and MPEG-2.5 sample rates.
 */
class Mp3FromFfmpegTest {
    @TempDir
    Path dir;

    private GeneratedMedia media;
    private final MediaProber prober = new MediaProber();

    @BeforeEach
    void start() {
        media = new GeneratedMedia(dir);
    }

    @AfterEach
    void stop() {
        media.close();
    }

    /** The file: 4.07 s, 22.05 kHz, 56 kbps with an Info header, once measured as 1.3 s. */
    @ParameterizedTest(name = "{0} Hz, {1} channel(s), {2}")
    @CsvSource({
        "22050, 1, -b:a 56k, 4.07",
        "22050, 2, -q:a 5, 4.07",
        "24000, 2, -b:a 32k, 2.5",
        "16000, 1, -q:a 7, 3.3",
        "11025, 1, -b:a 24k, 4.07",
        "11025, 2, -q:a 6, 2.2",
        "8000, 1, -b:a 8k, 5.5",
        "8000, 2, -q:a 9, 14.9",
        "44100, 2, -q:a 4, 4.07",
        "48000, 1, -b:a 128k, 2.0",
    })
    void probe_ffmpegWrittenMp3_measuresDurationWithinATenthOfASecond(int rate, int channels, String quality,
            double seconds) throws Exception {
        String[] q = quality.split(" ");
        Path mp3 = media.tone("tone-" + rate + "-" + channels + q[0].substring(1, 2) + ".mp3", seconds, "-ac",
                String.valueOf(channels), "-ar", String.valueOf(rate), "-c:a", "libmp3lame", q[0], q[1]);

        ProbeResult result = prober.probe(mp3);

        assertThat(result).isInstanceOf(MediaInfo.class);
        assertThat(((MediaInfo) result).durationSeconds()).isCloseTo(seconds, within(0.1));
    }

    /**
     * Without LAME's header ({@code -write_xing 0}) the frames are counted; the encoder's delay and padding, which
     * only that header records, make them longer than the tone: up to 2 frames measured, 3 allowed. (ffprobe guesses
     * such VBR files from the first frame's bitrate, up to 1.9 s short: docs/BENCHMARKS.md, mp3.)
     */
    @ParameterizedTest(name = "{0} Hz, {1}, no header")
    @CsvSource({
        "44100, -q:a 4, 14.9",
        "22050, -b:a 56k, 4.07",
        "22050, -q:a 5, 14.9",
        "11025, -b:a 24k, 4.07",
        "8000, -q:a 9, 14.9",
    })
    void probe_ffmpegWrittenMp3WithoutXingHeader_countsTheFrames(int rate, String quality, double seconds)
            throws Exception {
        String[] q = quality.split(" ");
        Path mp3 = media.tone("bare-" + rate + q[0].substring(1, 2) + ".mp3", seconds, "-ar", String.valueOf(rate),
                "-c:a", "libmp3lame", q[0], q[1], "-write_xing", "0");
        double frame = (rate >= 32000 ? 1152.0 : 576.0) / rate;

        ProbeResult result = prober.probe(mp3);

        assertThat(result).isInstanceOf(MediaInfo.class);
        assertThat(((MediaInfo) result).durationSeconds()).isBetween(seconds - 0.01, seconds + 3 * frame);
    }
}
