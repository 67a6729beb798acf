package dev.seedancebot.core.media;

/**
 * One MPEG audio frame header: the 32 bits before every frame of an MP3 (ISO 11172-3 for MPEG-1, ISO 13818-3 for
 * MPEG-2, and the unofficial MPEG-2.5 for the lowest sample rates). The header alone gives the frame's length in
 * bytes and the number of samples it holds, which is all a duration needs.
 *
 * @param version 1 for MPEG-1, 2 for MPEG-2, 25 for MPEG-2.5
 * @param layer 1, 2 or 3
 * @param bitrate bits per second; never 0, because a free-format frame has no length in its header and is refused
 * @param sampleRate samples per second
 * @param padded whether the frame carries one extra slot
 * @param mono whether the channel mode is single channel, which shortens the Layer III side information
 */
record MpegFrame(int version, int layer, int bitrate, int sampleRate, boolean padded, boolean mono) {

    private static final int[][] BITRATES_KBPS = {
        {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // MPEG-1 Layer I
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384}, // MPEG-1 Layer II
        {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}, // MPEG-1 Layer III
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256}, // MPEG-2/2.5 Layer I
        {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}, // MPEG-2/2.5 Layers II and III
    };

    private static final int[] MPEG_1_SAMPLE_RATES = {44_100, 48_000, 32_000};

    /**
     * Decodes {@code header}, or returns null when it is not a frame header: no sync, a reserved version, layer,
     * sample rate or emphasis, or the bad or free-format bitrate index. Rejecting every reserved value is what keeps
     * runs of 0xFF and random bytes from passing as frames.
     */
    static MpegFrame parse(int header) {
        if ((header >>> 21) != 0x7FF) {
            return null;
        }
        int versionBits = header >>> 19 & 3;
        int layerBits = header >>> 17 & 3;
        int bitrateIndex = header >>> 12 & 0xF;
        int sampleRateIndex = header >>> 10 & 3;
        if (versionBits == 1 || layerBits == 0 || bitrateIndex == 0 || bitrateIndex == 0xF || sampleRateIndex == 3
                || (header & 3) == 2) {
            return null;
        }
        int version = versionBits == 3 ? 1 : versionBits == 2 ? 2 : 25;
        int layer = 4 - layerBits;
        int row = version == 1 ? layer - 1 : layer == 1 ? 3 : 4;
        int sampleRate = MPEG_1_SAMPLE_RATES[sampleRateIndex] / (version == 1 ? 1 : version == 2 ? 2 : 4);
        return new MpegFrame(version, layer, BITRATES_KBPS[row][bitrateIndex] * 1000, sampleRate,
                (header >>> 9 & 1) == 1, (header >>> 6 & 3) == 3);
    }

    /** Samples per channel in this frame: 384 for Layer I, 1152 for Layer II, 1152 or 576 for Layer III. */
    int samples() {
        if (layer == 1) {
            return 384;
        }
        return layer == 3 && version != 1 ? 576 : 1152;
    }

    /** The frame's length in bytes, header included. Layer I counts in 4-byte slots. */
    int length() {
        return length(bitrate, padded);
    }

    /**
     * The length of the shortest frame this stream could hold, at its lowest bitrate: a bound on how many frames fit in
     * a number of bytes, whatever a header claims.
     */
    int minLength() {
        int row = version == 1 ? layer - 1 : layer == 1 ? 3 : 4;
        return length(BITRATES_KBPS[row][1] * 1000, false);
    }

    /**
     * Whether {@code next} can follow this frame in the same stream. Bitrate, padding and channel mode may change from
     * frame to frame; version, layer and sample rate may not, so a header that changes them is a false sync.
     */
    boolean sameStream(MpegFrame next) {
        return next.version == version && next.layer == layer && next.sampleRate == sampleRate;
    }

    /**
     * Where a Layer III frame's Xing or Info header starts, from the frame start: after the 4-byte header and the
     * side information, whose size depends on the version and on mono.
     */
    int xingOffset() {
        if (version == 1) {
            return 4 + (mono ? 17 : 32);
        }
        return 4 + (mono ? 9 : 17);
    }

    private int length(int bitsPerSecond, boolean withPadding) {
        int pad = withPadding ? 1 : 0;
        if (layer == 1) {
            return (12 * bitsPerSecond / sampleRate + pad) * 4;
        }
        return samples() / 8 * bitsPerSecond / sampleRate + pad;
    }
}
