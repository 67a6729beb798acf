package dev.seedancebot.core.media;

import dev.seedancebot.core.media.ProbeResult.Reason;

/**
 * Reads the image size of a BMP from its file and info headers.
 *
 * <p>Read here rather than by metadata-extractor: its BMP reader allocates whatever a version 5 header declares for a
 * linked or embedded colour profile, so a 200-byte file claiming a 2 GB profile would exhaust the heap. Every offset
 * and length the headers declare is checked against the file size instead, and nothing is allocated from them.
 */
final class BitmapHeader {

    private static final int FILE_HEADER_BYTES = 14;
    /** OS/2 1.x headers store 16-bit dimensions; every later header stores 32-bit signed ones. */
    private static final int CORE_HEADER_BYTES = 12;
    private static final int V5_HEADER_BYTES = 124;
    private static final long PROFILE_LINKED = 0x4C494E4BL; // 'LINK'
    private static final long PROFILE_EMBEDDED = 0x4D424544L; // 'MBED'

    private BitmapHeader() {}

    /** {@code head} is the start of the file, {@code size} the whole file's length. */
    static MediaInfo read(byte[] head, long size) throws MediaReadException {
        // MediaFormat.detect has already seen the info header size, so at least 18 bytes are present.
        int infoSize = (int) FileBytes.leUInt32(head, FILE_HEADER_BYTES);
        if (head.length < FILE_HEADER_BYTES + infoSize) {
            throw new MediaReadException(Reason.TRUNCATED, "BMP info header is cut off");
        }
        long pixelOffset = FileBytes.leUInt32(head, 10);
        if (pixelOffset > size) {
            throw new MediaReadException(Reason.TRUNCATED, "BMP pixel data at " + pixelOffset + " is past the end");
        }
        if (infoSize >= V5_HEADER_BYTES) {
            checkProfile(head, size);
        }
        if (infoSize == CORE_HEADER_BYTES) {
            return MediaProber.imageInfo(
                    MediaFormat.BMP, size, FileBytes.leUInt16(head, 18), FileBytes.leUInt16(head, 20));
        }
        // Top-down images store a negative height.
        return MediaProber.imageInfo(MediaFormat.BMP, size, (int) FileBytes.leUInt32(head, 18),
                Math.abs((long) (int) FileBytes.leUInt32(head, 22)));
    }

    /** A colour profile, linked (a file name) or embedded, must lie inside the file. */
    private static void checkProfile(byte[] head, long size) throws MediaReadException {
        long colourSpace = FileBytes.leUInt32(head, FILE_HEADER_BYTES + 56);
        if (colourSpace != PROFILE_LINKED && colourSpace != PROFILE_EMBEDDED) {
            return;
        }
        // The profile offset counts from the start of the info header.
        long offset = FILE_HEADER_BYTES + FileBytes.leUInt32(head, FILE_HEADER_BYTES + 112);
        long length = FileBytes.leUInt32(head, FILE_HEADER_BYTES + 116);
        if (offset + length > size) {
            throw new MediaReadException(Reason.CORRUPT,
                    "BMP colour profile of " + length + " bytes at " + offset + " runs past the end");
        }
    }
}
