package dev.seedancebot.core.media.heif;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The primary image of a HEIF file as {@link HeifReader} found it: {@code columns}×{@code rows} HEVC tiles (1×1 for
 * a plain image) making a {@code width}×{@code height} picture before {@code transforms}.
 */
public record HeifImage(int width, int height, int columns, int rows, List<Tile> tiles, List<Transform> transforms) {
    private static final byte[] START_CODE = {0, 0, 0, 1};
    /** Longest NAL unit copied: far above a 512×512 tile's, below what a crafted length could make us allocate. */
    private static final int MAX_NAL_BYTES = 64 * 1024 * 1024;

    /** One coded picture: its decoder configuration and where its length-prefixed NAL units lie in the file. */
    public record Tile(HevcConfig config, List<long[]> extents) {}

    /** A rotation or a mirroring, applied after the tiles are put together. */
    public sealed interface Transform {
        /** Anticlockwise by {@code quarters} × 90°. */
        record Rotate(int quarters) implements Transform {}

        /** Left and right swapped when {@code leftRight}, else top and bottom. */
        record Mirror(boolean leftRight) implements Transform {}
    }

    /** The width as displayed, after any rotation. */
    public int displayWidth() {
        return quarterTurned() ? height : width;
    }

    /** The height as displayed, after any rotation. */
    public int displayHeight() {
        return quarterTurned() ? width : height;
    }

    private boolean quarterTurned() {
        int quarters = 0;
        for (Transform t : transforms) {
            if (t instanceof Transform.Rotate r) {
                quarters += r.quarters();
            }
        }
        return quarters % 2 == 1;
    }

    /**
     * Writes the tiles, in order, as one raw HEVC stream (Annex B: start codes, each tile's parameter sets before
     * it), which ffmpeg's {@code hevc} demuxer reads as one frame per tile.
     */
    public void writeAnnexB(Path heif, Path target) throws IOException {
        try (FileChannel in = FileChannel.open(heif, StandardOpenOption.READ);
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(target))) {
            for (Tile tile : tiles) {
                for (byte[] set : tile.config().parameterSets()) {
                    out.write(START_CODE);
                    out.write(set);
                }
                for (long[] extent : tile.extents()) {
                    copyNalUnits(in, extent[0], extent[1], tile.config().lengthSize(), out);
                }
            }
        }
    }

    private static void copyNalUnits(FileChannel in, long start, long length, int lengthSize, OutputStream out)
            throws IOException {
        long position = start;
        long end = start + length;
        ByteBuffer prefix = ByteBuffer.allocate(lengthSize);
        while (position + lengthSize <= end) {
            prefix.clear();
            readFully(in, prefix, position);
            long size = 0;
            for (int i = 0; i < lengthSize; i++) {
                size = size << 8 | (prefix.get(i) & 0xFF);
            }
            position += lengthSize;
            if (size == 0 || size > MAX_NAL_BYTES || position + size > end) {
                throw new IOException("HEVC NAL unit length " + size + " runs past its item");
            }
            ByteBuffer nal = ByteBuffer.allocate((int) size);
            readFully(in, nal, position);
            out.write(START_CODE);
            out.write(nal.array());
            position += size;
        }
    }

    private static void readFully(FileChannel in, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (in.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("file ends early");
            }
        }
    }

    /**
     * The ffmpeg filters that make the decoded tiles one upright picture: put side by side ({@code tile}), cut to
     * the grid's size (edge tiles may be padded), then rotated and mirrored as the file says.
     */
    public String filters() {
        List<String> filters = new ArrayList<>();
        if (tiles.size() > 1) {
            filters.add("tile=" + columns + "x" + rows);
        }
        filters.add("crop=" + width + ":" + height + ":0:0");
        for (Transform t : transforms) {
            if (t instanceof Transform.Rotate r) {
                switch (r.quarters()) {
                    case 1 -> filters.add("transpose=cclock");
                    case 2 -> filters.add("hflip,vflip");
                    case 3 -> filters.add("transpose=clock");
                    default -> {
                        // no turn
                    }
                }
            } else if (t instanceof Transform.Mirror m) {
                filters.add(m.leftRight() ? "hflip" : "vflip");
            }
        }
        return String.join(",", filters);
    }
}
