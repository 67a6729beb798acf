package dev.seedancebot.core.media;

import dev.seedancebot.testkit.TestMedia;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Hostile media files, built in code so that no large or dangerous file is committed. Each one is a real attack on a
 * header parser: a count or size field that promises far more than the file holds.
 */
public final class CraftedMedia {

    /** An entry count no real movie has: 0x7FFFFFF0 time-to-sample entries would be 16 GB of table. */
    public static final long HUGE_COUNT = 0x7FFFFFF0L;

    private CraftedMedia() {}

    /** The 5 s MOV fixture whose {@code stts} box, 24 bytes with room for one entry, claims {@code entries}. */
    public static byte[] movWithSttsEntryCount(long entries) {
        byte[] mov = TestMedia.bytes(TestMedia.VIDEO_5S_MOV);
        int countAt = indexOf(mov, "stts") + 8; // after the type, version and flags
        ByteBuffer.wrap(mov).putInt(countAt, (int) entries);
        return mov;
    }

    /**
     * A 4×4 BMP with a version 5 info header that links a colour profile of {@code profileBytes} bytes, placed after
     * the pixels: 202 bytes in all.
     */
    public static byte[] bmpWithLinkedProfile(long profileBytes) {
        int infoBytes = 124;
        int pixelBytes = 4 * 4 * 4;
        ByteBuffer bmp = ByteBuffer.allocate(14 + infoBytes + pixelBytes).order(ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(bmp.capacity()).putInt(0).putInt(14 + infoBytes);
        bmp.putInt(infoBytes).putInt(4).putInt(4).putShort((short) 1).putShort((short) 32);
        bmp.putInt(3).putInt(pixelBytes).putInt(2835).putInt(2835).putInt(0).putInt(0); // BI_BITFIELDS
        bmp.putInt(0x00FF0000).putInt(0x0000FF00).putInt(0x000000FF).putInt(0xFF000000); // RGBA masks
        bmp.putInt(0x4C494E4B); // 'LINK': the profile is a file name stored in this file
        bmp.position(14 + 108);
        bmp.putInt(4); // intent
        bmp.putInt(infoBytes + pixelBytes).putInt((int) profileBytes).putInt(0); // profile offset, size, reserved
        return bmp.array();
    }

    /**
     * An MP4 whose movie header holds {@code tracks} tracks of {@code boxesPerTrack} empty {@code mdia} boxes each:
     * every box is legal on its own, only their number is hostile. 600 × 4,000 is 2.4 million boxes in 19.6 MB.
     */
    public static byte[] mp4OfEmptyBoxes(int tracks, int boxesPerTrack) {
        byte[] ftyp = {0, 0, 0, 16, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0};
        int trakSize = 8 + 8 * boxesPerTrack;
        int moovSize = 8 + tracks * trakSize;
        ByteBuffer mp4 = ByteBuffer.allocate(ftyp.length + moovSize);
        mp4.put(ftyp).putInt(moovSize).put(ascii("moov"));
        byte[] emptyMdia = {0, 0, 0, 8, 'm', 'd', 'i', 'a'};
        for (int t = 0; t < tracks; t++) {
            mp4.putInt(trakSize).put(ascii("trak"));
            for (int b = 0; b < boxesPerTrack; b++) {
                mp4.put(emptyMdia);
            }
        }
        return mp4.array();
    }

    /**
     * A TIFF of {@code regionBytes} bytes whose first directory, besides a 1200×900 size, has {@code tags} undefined
     * tags that all point at the same region: each tag is legal, but copying every value costs tags × region bytes.
     */
    public static byte[] tiffWithTagsSharingOneRegion(int tags, int regionBytes) {
        int directoryBytes = 2 + (tags + 2) * 12 + 4;
        ByteBuffer tiff = ByteBuffer.allocate(8 + directoryBytes + regionBytes).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put(new byte[] {'I', 'I', 0x2A, 0}).putInt(8);
        tiff.putShort((short) (tags + 2));
        tiff.putShort((short) 256).putShort((short) 3).putInt(1).putInt(1200); // ImageWidth, SHORT
        tiff.putShort((short) 257).putShort((short) 3).putInt(1).putInt(900); // ImageLength, SHORT
        for (int t = 0; t < tags; t++) {
            // private tag numbers from 0xC000 up, type UNDEFINED, all pointing at the region after the directory
            tiff.putShort((short) (0xC000 + t)).putShort((short) 7).putInt(regionBytes).putInt(8 + directoryBytes);
        }
        tiff.putInt(0);
        return tiff.array();
    }

    static int indexOf(byte[] bytes, String ascii) {
        byte[] needle = ascii(ascii);
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

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
