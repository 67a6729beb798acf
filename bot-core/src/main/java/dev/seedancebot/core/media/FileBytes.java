package dev.seedancebot.core.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Positional reads and fixed-width integer decoding for the hand-read headers. */
final class FileBytes {

    private FileBytes() {}

    /** Reads up to {@code length} bytes at {@code position}; fewer only at the end of the file. */
    static byte[] readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) <= 0) {
                break;
            }
        }
        return buffer.hasRemaining() ? Arrays.copyOf(buffer.array(), buffer.position()) : buffer.array();
    }

    static long beUInt32(byte[] b, int offset) {
        return (b[offset] & 0xFFL) << 24 | (b[offset + 1] & 0xFFL) << 16 | (b[offset + 2] & 0xFFL) << 8
                | (b[offset + 3] & 0xFFL);
    }

    static long beInt64(byte[] b, int offset) {
        return beUInt32(b, offset) << 32 | beUInt32(b, offset + 4);
    }

    static long leUInt32(byte[] b, int offset) {
        return (b[offset] & 0xFFL) | (b[offset + 1] & 0xFFL) << 8 | (b[offset + 2] & 0xFFL) << 16
                | (b[offset + 3] & 0xFFL) << 24;
    }

    static int leUInt16(byte[] b, int offset) {
        return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8;
    }

    static int leUInt24(byte[] b, int offset) {
        return leUInt16(b, offset) | (b[offset + 2] & 0xFF) << 16;
    }

    static String ascii(byte[] b, int offset, int length) {
        return new String(b, offset, length, StandardCharsets.ISO_8859_1);
    }
}
