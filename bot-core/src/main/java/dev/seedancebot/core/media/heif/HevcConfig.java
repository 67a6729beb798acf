package dev.seedancebot.core.media.heif;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An item's HEVC decoder configuration ({@code hvcC}, ISO/IEC 14496-15): the parameter set NAL units a decoder needs
 * before the picture, and the size of the length field before each NAL unit of the picture's data.
 */
record HevcConfig(List<byte[]> parameterSets, int lengthSize) {
    /** {@code hvcC} is the whole property box, header included. */
    static HevcConfig parse(ByteBuffer hvcC) throws IOException {
        try {
            ByteBuffer b = hvcC.duplicate().position(8).slice();
            int lengthSize = (b.get(21) & 3) + 1;
            if (lengthSize == 3) {
                throw new IOException("HEVC length size 3 is not allowed");
            }
            int arrays = b.get(22) & 0xFF;
            b.position(23);
            List<byte[]> sets = new ArrayList<>();
            for (int a = 0; a < arrays; a++) {
                b.get(); // completeness and NAL unit type
                int count = b.getShort() & 0xFFFF;
                for (int i = 0; i < count; i++) {
                    byte[] nal = new byte[b.getShort() & 0xFFFF];
                    b.get(nal);
                    sets.add(nal);
                }
            }
            return new HevcConfig(List.copyOf(sets), lengthSize);
        } catch (RuntimeException e) {
            throw new IOException("damaged HEVC configuration (hvcC)", e);
        }
    }
}
