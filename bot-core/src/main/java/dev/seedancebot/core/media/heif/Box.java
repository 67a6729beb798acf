package dev.seedancebot.core.media.heif;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** One ISOBMFF box held in memory: {@code whole} is the box from its size field on, big-endian. */
record Box(String type, ByteBuffer whole, int headerSize) {
    private static final int MAX_CHILDREN = 100_000;

    /** The boxes from {@code buffer}'s position to its limit; one whose size runs past the limit is refused. */
    static List<Box> children(ByteBuffer buffer) throws IOException {
        List<Box> boxes = new ArrayList<>();
        ByteBuffer b = buffer.duplicate();
        while (b.remaining() >= 8) {
            int start = b.position();
            long size = b.getInt(start) & 0xFFFFFFFFL;
            String type = HeifReader.fourCc(b, start + 4);
            int header = 8;
            if (size == 1) {
                if (b.remaining() < 16) {
                    throw new IOException("box '" + type + "' is cut short");
                }
                size = b.getLong(start + 8);
                header = 16;
            } else if (size == 0) {
                size = b.remaining();
            }
            if (size < header || size > b.remaining() || boxes.size() >= MAX_CHILDREN) {
                throw new IOException("box '" + type + "' runs past its parent");
            }
            boxes.add(new Box(type, b.duplicate().position(start).limit(start + (int) size).slice(), header));
            b.position(start + (int) size);
        }
        return boxes;
    }

    /** The payload after the header. */
    ByteBuffer body() {
        return whole.duplicate().position(headerSize).slice();
    }

    /** The payload after the header and a full box's version and flags. */
    ByteBuffer fullBody() {
        return whole.duplicate().position(headerSize + 4).slice();
    }

    int version() {
        return whole.get(headerSize) & 0xFF;
    }

    int flags() {
        return whole.getInt(headerSize) & 0xFFFFFF;
    }
}
