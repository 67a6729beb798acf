package dev.seedancebot.core.media;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * MP3 files built frame by frame in code: valid MPEG audio frame headers with zeroed payloads, which is all the prober
 * reads. The frame arithmetic is written out here independently of the prober, so that a slip in either shows up.
 * Without an {@link #id3} call the file starts with its first frame.
 */
final class CraftedMp3 {

    /** MPEG versions with their two header bits. */
    enum Version {
        MPEG_1(3, new int[] {44_100, 48_000, 32_000}),
        MPEG_2(2, new int[] {22_050, 24_000, 16_000}),
        MPEG_2_5(0, new int[] {11_025, 12_000, 8_000});

        final int bits;
        final int[] sampleRates;

        Version(int bits, int[] sampleRates) {
            this.bits = bits;
            this.sampleRates = sampleRates;
        }
    }

    private static final int[][] BITRATES_KBPS = {
        {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // MPEG-1 Layer I
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384}, // MPEG-1 Layer II
        {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}, // MPEG-1 Layer III
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256}, // MPEG-2/2.5 Layer I
        {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}, // MPEG-2/2.5 Layers II and III
    };

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Version version;
    private final int layer;
    private final int sampleRate;
    private final boolean mono;
    /** The encoder's running remainder of the exact frame length, which decides when a frame is padded. */
    private long remainder;

    CraftedMp3(Version version, int layer, int sampleRate, boolean mono) {
        this.version = version;
        this.layer = layer;
        this.sampleRate = sampleRate;
        this.mono = mono;
    }

    /** An ID3v2.4 tag with {@code bodyBytes} zero bytes, its size written syncsafe as the tag demands. */
    CraftedMp3 id3(int bodyBytes) {
        out.writeBytes(new byte[] {'I', 'D', '3', 4, 0, 0});
        out.writeBytes(syncsafe(bodyBytes));
        out.writeBytes(new byte[bodyBytes]);
        return this;
    }

    /** {@code count} audio frames at {@code kbps}, padded the way an encoder pads a constant bitrate. */
    CraftedMp3 frames(int kbps, int count) {
        for (int i = 0; i < count; i++) {
            long exact = (long) slotsNumerator() * kbps * 1000;
            remainder += exact % sampleRate;
            boolean padded = remainder >= sampleRate;
            if (padded) {
                remainder -= sampleRate;
            }
            out.writeBytes(frame(kbps, padded));
        }
        return this;
    }

    /** A Xing ({@code "Xing"} or {@code "Info"}) frame with only the frame count field, as a VBR encoder writes it. */
    CraftedMp3 xing(String id, int kbps, long frames) {
        byte[] frame = frame(kbps, false);
        ByteBuffer.wrap(frame, 4 + sideInfoBytes(), 12).put(ascii(id)).putInt(1).putInt((int) frames);
        out.writeBytes(frame);
        return this;
    }

    /**
     * An Info frame as ffmpeg writes it: frame count, byte count, table of contents, quality, then the LAME extension
     * with the encoder {@code delay} and end {@code padding} in samples.
     */
    CraftedMp3 ffmpegInfo(int kbps, long frames, long bytes, int delay, int padding) {
        byte[] frame = frame(kbps, false);
        ByteBuffer tag = ByteBuffer.wrap(frame, 4 + sideInfoBytes(), frame.length - 4 - sideInfoBytes());
        tag.put(ascii("Info")).putInt(0xF).putInt((int) frames).putInt((int) bytes).put(new byte[100]).putInt(0);
        tag.put(ascii("Lavc59.37")).put(new byte[12]);
        tag.put((byte) (delay >> 4)).put((byte) ((delay & 0xF) << 4 | padding >> 8)).put((byte) padding);
        out.writeBytes(frame);
        return this;
    }

    /** A Fraunhofer VBRI frame; its header sits 32 bytes after the frame header whatever the version. */
    CraftedMp3 vbri(int kbps, long frames) {
        byte[] frame = frame(kbps, false);
        ByteBuffer.wrap(frame, 36, 18).put(ascii("VBRI")).putShort((short) 1).putShort((short) 0)
                .putShort((short) 75).putInt(0).putInt((int) frames);
        out.writeBytes(frame);
        return this;
    }

    /** An APE tag of {@code itemBytes} zero bytes and a footer, without the optional header, as players append it. */
    CraftedMp3 apeTag(int itemBytes) {
        out.writeBytes(new byte[itemBytes]);
        ByteBuffer footer = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        footer.put(ascii("APETAGEX")).putInt(2000).putInt(itemBytes + 32).putInt(0).putInt(0);
        out.writeBytes(footer.array());
        return this;
    }

    /** An ID3v1 tag: "TAG" and 125 bytes of fields, the last 128 bytes of the file. */
    CraftedMp3 id3v1() {
        out.writeBytes(ascii("TAG"));
        out.writeBytes(new byte[125]);
        return this;
    }

    /** Arbitrary bytes, such as garbage between frames. */
    CraftedMp3 bytes(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] build() {
        return out.toByteArray();
    }

    /** How long one frame plays: 384, 576 or 1152 samples, by layer and version, at the sample rate. */
    double frameSeconds() {
        int samples = layer == 1 ? 384 : layer == 3 && version != Version.MPEG_1 ? 576 : 1152;
        return (double) samples / sampleRate;
    }

    /** The length of an unpadded frame at {@code kbps}. */
    int frameBytes(int kbps) {
        return frame(kbps, false).length;
    }

    private byte[] frame(int kbps, boolean padded) {
        int bitrateIndex = indexOf(BITRATES_KBPS[bitrateRow()], kbps);
        int sampleRateIndex = indexOf(version.sampleRates, sampleRate);
        int length = layer == 1
                ? (12 * kbps * 1000 / sampleRate + (padded ? 1 : 0)) * 4
                : slotsNumerator() * kbps * 1000 / sampleRate + (padded ? 1 : 0);
        byte[] frame = new byte[length];
        frame[0] = (byte) 0xFF;
        frame[1] = (byte) (0xE0 | version.bits << 3 | (4 - layer) << 1 | 1); // 1: no CRC
        frame[2] = (byte) (bitrateIndex << 4 | sampleRateIndex << 2 | (padded ? 2 : 0));
        frame[3] = (byte) ((mono ? 3 : 1) << 6); // mono, or joint stereo
        return frame;
    }

    /** The numerator of the frame length in bytes (Layer I: in 4-byte slots) over bitrate ÷ sample rate. */
    private int slotsNumerator() {
        if (layer == 1) {
            return 12;
        }
        return layer == 3 && version != Version.MPEG_1 ? 72 : 144;
    }

    private int bitrateRow() {
        if (version == Version.MPEG_1) {
            return layer - 1;
        }
        return layer == 1 ? 3 : 4;
    }

    private int sideInfoBytes() {
        if (version == Version.MPEG_1) {
            return mono ? 17 : 32;
        }
        return mono ? 9 : 17;
    }

    static byte[] syncsafe(int value) {
        return new byte[] {
            (byte) (value >> 21 & 0x7F), (byte) (value >> 14 & 0x7F), (byte) (value >> 7 & 0x7F), (byte) (value & 0x7F)
        };
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        throw new IllegalArgumentException(value + " is not in the table");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
