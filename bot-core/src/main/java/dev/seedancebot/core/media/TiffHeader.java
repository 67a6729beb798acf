package dev.seedancebot.core.media;

import dev.seedancebot.core.media.ProbeResult.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Reads the image size from the first directory (IFD) of a TIFF.
 *
 * <p>Read here rather than by metadata-extractor: it copies the value of every tag in every directory, and many tags
 * may point at the same large region, so a small file can make it allocate gigabytes. Only the first directory is
 * read, once, and its entry count is checked against the file size before its entries are.
 */
final class TiffHeader {

    private static final int IMAGE_WIDTH = 256;
    private static final int IMAGE_LENGTH = 257;
    private static final int TYPE_SHORT = 3;
    private static final int TYPE_LONG = 4;
    private static final int ENTRY_BYTES = 12;

    private TiffHeader() {}

    /** {@code head} is the start of the file (at least the 8-byte header, as detection saw), {@code size} its length. */
    static MediaInfo read(FileChannel channel, byte[] head, long size) throws IOException, MediaReadException {
        if (head.length < 8) {
            throw new MediaReadException(Reason.TRUNCATED, "TIFF header is cut off");
        }
        ByteOrder order = head[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        long directory = Integer.toUnsignedLong(ByteBuffer.wrap(head).order(order).getInt(4));
        if (directory + 2 > size) {
            throw new MediaReadException(Reason.TRUNCATED, "TIFF directory at " + directory + " is past the end");
        }
        int entries = ByteBuffer.wrap(FileBytes.readAt(channel, directory, 2)).order(order).getShort() & 0xFFFF;
        if (directory + 2 + (long) entries * ENTRY_BYTES > size) {
            throw new MediaReadException(Reason.TRUNCATED, "TIFF directory of " + entries + " entries is cut off");
        }
        ByteBuffer table = ByteBuffer.wrap(FileBytes.readAt(channel, directory + 2, entries * ENTRY_BYTES)).order(order);
        long width = 0;
        long height = 0;
        for (int i = 0; i < entries; i++) {
            int at = i * ENTRY_BYTES;
            int tag = table.getShort(at) & 0xFFFF;
            int type = table.getShort(at + 2) & 0xFFFF;
            // A single SHORT or LONG value is stored in the entry itself, left-aligned.
            long value = switch (type) {
                case TYPE_SHORT -> table.getShort(at + 8) & 0xFFFF;
                case TYPE_LONG -> Integer.toUnsignedLong(table.getInt(at + 8));
                default -> 0;
            };
            if (tag == IMAGE_WIDTH) {
                width = value;
            } else if (tag == IMAGE_LENGTH) {
                height = value;
            }
        }
        return MediaProber.imageInfo(MediaFormat.TIFF, size, width, height);
    }
}
