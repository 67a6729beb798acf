package dev.seedancebot.core.media.heif;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the primary image of a HEIF file (ISO/IEC 23008-12: what an iPhone's HEIC is) far enough for ffmpeg 6.1 to
 * decode it: the bundled build has the HEVC decoder but no HEIF demuxer (FFmpeg 7.0 added one, and 7.x cannot be
 * bundled, see the README). The primary item is a single {@code hvc1} image or a {@code grid} of them (iPhones store
 * 512×512 tiles); anything else (overlays, derived or protected items, external data) is refused.
 *
 * <p>Only the {@code meta} box is read into memory, at most {@value #MAX_META_BYTES} bytes; tile data stays on disk
 * and is copied by {@link HeifImage#writeAnnexB}. Every count and length is checked against the file, so a crafted
 * file is refused, never read past its end or looped over.
 */
public final class HeifReader {
    static final int MAX_META_BYTES = 4 * 1024 * 1024;
    private static final int MAX_TILES = 1024;
    private static final int MAX_ITEMS = 65_536;

    private HeifReader() {}

    /** The primary image's layout and where its data is, or an exception saying why it cannot be read. */
    public static HeifImage read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer meta = metaBox(channel);
            return new Meta(meta, channel).primary();
        } catch (RuntimeException e) { // a length that lies sends a read out of its box
            throw new IOException("damaged HEIF metadata: " + e, e);
        }
    }

    /** The payload of the top-level {@code meta} box (after its version and flags). */
    private static ByteBuffer metaBox(FileChannel channel) throws IOException {
        long position = 0;
        long size = channel.size();
        while (position + 8 <= size) {
            ByteBuffer header = read(channel, position, 16 <= size - position ? 16 : 8);
            long boxSize = header.getInt(0) & 0xFFFFFFFFL;
            String type = fourCc(header, 4);
            int headerSize = 8;
            if (boxSize == 1) {
                boxSize = header.getLong(8);
                headerSize = 16;
            } else if (boxSize == 0) {
                boxSize = size - position;
            }
            if (boxSize < headerSize || position + boxSize > size) {
                throw new IOException("box '" + type + "' runs past the end of the file");
            }
            if (type.equals("meta")) {
                if (boxSize - headerSize > MAX_META_BYTES) {
                    throw new IOException("HEIF metadata of " + boxSize + " bytes is too large");
                }
                ByteBuffer meta = read(channel, position + headerSize, (int) (boxSize - headerSize));
                meta.position(4); // version and flags
                return meta.slice();
            }
            position += boxSize;
        }
        throw new IOException("no HEIF metadata (meta box)");
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("file ends early");
            }
        }
        return buffer.flip();
    }

    static String fourCc(ByteBuffer buffer, int offset) {
        byte[] b = new byte[4];
        buffer.get(offset, b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** The boxes of {@code meta} that locate and describe items. */
    private static final class Meta {
        private final FileChannel channel;
        private final long fileSize;
        private int primary = -1;
        private final Map<Integer, String> types = new HashMap<>();
        private final Map<Integer, List<long[]>> extents = new HashMap<>();
        private final Map<Integer, Integer> construction = new HashMap<>();
        private final List<ByteBuffer> properties = new ArrayList<>();
        private final Map<Integer, List<Integer>> associations = new HashMap<>();
        private final Map<Integer, List<Integer>> derivedFrom = new HashMap<>();
        private ByteBuffer idat = ByteBuffer.allocate(0);

        Meta(ByteBuffer meta, FileChannel channel) throws IOException {
            this.channel = channel;
            this.fileSize = channel.size();
            for (Box box : Box.children(meta)) {
                switch (box.type()) {
                    case "pitm" -> primary = box.version() == 0 ? box.fullBody().getShort() & 0xFFFF
                            : box.fullBody().getInt();
                    case "iinf" -> itemInfo(box);
                    case "iloc" -> locations(box);
                    case "iprp" -> itemProperties(box.body());
                    case "iref" -> references(box);
                    case "idat" -> idat = box.body();
                    default -> {
                        // hdlr, dinf, grpl ...: nothing the picture depends on
                    }
                }
            }
        }

        private void itemInfo(Box box) throws IOException {
            ByteBuffer b = box.fullBody();
            int count = box.version() == 0 ? b.getShort() & 0xFFFF : b.getInt();
            if (count < 0 || count > MAX_ITEMS) {
                throw new IOException("too many HEIF items");
            }
            for (Box infe : Box.children(b.slice())) {
                if (infe.type().equals("infe") && infe.version() >= 2) {
                    ByteBuffer e = infe.fullBody();
                    int id = infe.version() == 2 ? e.getShort() & 0xFFFF : e.getInt();
                    e.getShort(); // protection index
                    types.put(id, fourCc(e, e.position()));
                }
            }
        }

        private void locations(Box box) throws IOException {
            int version = box.version();
            ByteBuffer b = box.fullBody();
            int sizes = b.get() & 0xFF;
            int offsetSize = sizes >> 4;
            int lengthSize = sizes & 0xF;
            int more = b.get() & 0xFF;
            int baseOffsetSize = more >> 4;
            int indexSize = version == 0 ? 0 : more & 0xF;
            int count = version < 2 ? b.getShort() & 0xFFFF : b.getInt();
            if (count < 0 || count > MAX_ITEMS) {
                throw new IOException("too many HEIF item locations");
            }
            for (int i = 0; i < count; i++) {
                int id = version < 2 ? b.getShort() & 0xFFFF : b.getInt();
                int method = version == 0 ? 0 : b.getShort() & 0xF;
                if (b.getShort() != 0) {
                    throw new IOException("HEIF item data in another file");
                }
                long base = sized(b, baseOffsetSize);
                int extentCount = b.getShort() & 0xFFFF;
                List<long[]> list = new ArrayList<>();
                for (int e = 0; e < extentCount; e++) {
                    sized(b, indexSize);
                    list.add(new long[] {base + sized(b, offsetSize), sized(b, lengthSize)});
                }
                extents.put(id, list);
                construction.put(id, method);
            }
        }

        private static long sized(ByteBuffer b, int size) throws IOException {
            return switch (size) {
                case 0 -> 0;
                case 4 -> b.getInt() & 0xFFFFFFFFL;
                case 8 -> b.getLong();
                default -> throw new IOException("unsupported HEIF field size " + size);
            };
        }

        private void itemProperties(ByteBuffer iprp) throws IOException {
            for (Box box : Box.children(iprp)) {
                if (box.type().equals("ipco")) {
                    for (Box property : Box.children(box.body())) {
                        properties.add(property.whole());
                    }
                } else if (box.type().equals("ipma")) {
                    ByteBuffer b = box.fullBody();
                    int entries = b.getInt();
                    if (entries < 0 || entries > MAX_ITEMS) {
                        throw new IOException("too many HEIF property associations");
                    }
                    for (int i = 0; i < entries; i++) {
                        int id = box.version() < 1 ? b.getShort() & 0xFFFF : b.getInt();
                        int n = b.get() & 0xFF;
                        List<Integer> list = associations.computeIfAbsent(id, k -> new ArrayList<>());
                        for (int a = 0; a < n; a++) {
                            list.add((box.flags() & 1) != 0 ? b.getShort() & 0x7FFF : b.get() & 0x7F);
                        }
                    }
                }
            }
        }

        private void references(Box box) throws IOException {
            for (Box reference : Box.children(box.fullBody().slice())) {
                ByteBuffer b = reference.body();
                int from = box.version() == 0 ? b.getShort() & 0xFFFF : b.getInt();
                int n = b.getShort() & 0xFFFF;
                List<Integer> to = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    to.add(box.version() == 0 ? b.getShort() & 0xFFFF : b.getInt());
                }
                if (reference.type().equals("dimg")) {
                    derivedFrom.put(from, to);
                }
            }
        }

        HeifImage primary() throws IOException {
            String type = types.get(primary);
            if (type == null) {
                throw new IOException("no primary HEIF image");
            }
            List<HeifImage.Transform> transforms = transforms(primary);
            if (type.equals("hvc1")) {
                HeifImage.Tile tile = tile(primary);
                int[] size = spatialExtent(primary);
                return new HeifImage(size[0], size[1], 1, 1, List.of(tile), transforms);
            }
            if (!type.equals("grid")) {
                throw new IOException("HEIF primary image of type '" + type + "' is not supported");
            }
            ByteBuffer grid = data(primary);
            grid.get(); // version
            int flags = grid.get() & 0xFF;
            int rows = (grid.get() & 0xFF) + 1;
            int columns = (grid.get() & 0xFF) + 1;
            long width = (flags & 1) == 0 ? grid.getShort() & 0xFFFF : grid.getInt() & 0xFFFFFFFFL;
            long height = (flags & 1) == 0 ? grid.getShort() & 0xFFFF : grid.getInt() & 0xFFFFFFFFL;
            List<Integer> tileIds = derivedFrom.getOrDefault(primary, List.of());
            if (tileIds.size() != rows * columns || tileIds.size() > MAX_TILES || width > 65_535 || height > 65_535) {
                throw new IOException("HEIF grid of " + columns + "×" + rows + " has " + tileIds.size() + " tiles");
            }
            List<HeifImage.Tile> tiles = new ArrayList<>();
            for (int id : tileIds) {
                if (!"hvc1".equals(types.get(id))) {
                    throw new IOException("HEIF grid tile of type '" + types.get(id) + "' is not supported");
                }
                tiles.add(tile(id));
            }
            return new HeifImage((int) width, (int) height, columns, rows, tiles, transforms);
        }

        private HeifImage.Tile tile(int id) throws IOException {
            ByteBuffer hvcC = property(id, "hvcC");
            if (hvcC == null) {
                throw new IOException("HEIF image item " + id + " has no decoder configuration");
            }
            if (construction.getOrDefault(id, 0) != 0) {
                throw new IOException("HEIF image data kept inside the metadata is not supported");
            }
            List<long[]> list = extents.get(id);
            if (list == null || list.isEmpty()) {
                throw new IOException("HEIF image item " + id + " has no data");
            }
            for (long[] extent : list) {
                if (extent[0] < 0 || extent[1] <= 0 || extent[0] + extent[1] > fileSize) {
                    throw new IOException("HEIF image data runs past the end of the file");
                }
            }
            return new HeifImage.Tile(HevcConfig.parse(hvcC), List.copyOf(list));
        }

        private int[] spatialExtent(int id) throws IOException {
            ByteBuffer ispe = property(id, "ispe");
            if (ispe == null) {
                throw new IOException("HEIF image without a size (ispe)");
            }
            long w = ispe.getInt(12) & 0xFFFFFFFFL;
            long h = ispe.getInt(16) & 0xFFFFFFFFL;
            if (w == 0 || h == 0 || w > 65_535 || h > 65_535) {
                throw new IOException("HEIF image size " + w + "×" + h + " is out of range");
            }
            return new int[] {(int) w, (int) h};
        }

        /** Rotations and mirrorings in the order the item lists them, which is the order they apply in. */
        private List<HeifImage.Transform> transforms(int id) {
            List<HeifImage.Transform> list = new ArrayList<>();
            for (int index : associations.getOrDefault(id, List.of())) {
                if (index < 1 || index > properties.size()) {
                    continue;
                }
                ByteBuffer p = properties.get(index - 1);
                String type = fourCc(p, 4);
                if (type.equals("irot") && p.limit() >= 9) {
                    list.add(new HeifImage.Transform.Rotate(p.get(8) & 3));
                } else if (type.equals("imir") && p.limit() >= 9) {
                    list.add(new HeifImage.Transform.Mirror((p.get(8) & 1) == 0));
                }
            }
            return list;
        }

        /** The whole property box of {@code type} associated with item {@code id}, or null. */
        private ByteBuffer property(int id, String type) {
            for (int index : associations.getOrDefault(id, List.of())) {
                if (index >= 1 && index <= properties.size()
                        && fourCc(properties.get(index - 1), 4).equals(type)) {
                    return properties.get(index - 1).duplicate();
                }
            }
            return null;
        }

        /** A small item's data (a grid's description), from {@code idat} or the file. */
        private ByteBuffer data(int id) throws IOException {
            List<long[]> list = extents.get(id);
            if (list == null || list.size() != 1 || list.get(0)[1] > 64) {
                throw new IOException("HEIF grid description missing or malformed");
            }
            long[] extent = list.get(0);
            if (construction.getOrDefault(id, 0) == 1) {
                return idat.duplicate().position((int) extent[0]).limit((int) (extent[0] + extent[1])).slice();
            }
            if (extent[0] < 0 || extent[0] + extent[1] > fileSize) {
                throw new IOException("HEIF grid description runs past the end of the file");
            }
            return read(channel, extent[0], (int) extent[1]);
        }
    }
}
