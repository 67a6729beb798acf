package dev.seedancebot.core.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes HEIC files as phones do (ISO/IEC 23008-12), for tests: one HEVC picture, or a grid of HEVC tiles with the
 * grid's description in {@code idat}, optionally rotated ({@code irot}) and mirrored ({@code imir}). The pictures come
 * as raw HEVC streams (Annex B) from {@link GplFfmpeg}; ffmpeg 6.1 has no HEIF muxer.
 */
public final class HeicWriter {
    private final List<byte[]> tiles = new ArrayList<>();
    private int columns = 1;
    private int rows = 1;
    private int width;
    private int height;
    private int tileSide;
    private int rotation = -1;
    private int mirrorAxis = -1;

    /** A single picture of {@code width}×{@code height}. */
    public static HeicWriter picture(Path annexB, int width, int height) throws IOException {
        HeicWriter w = new HeicWriter();
        w.tiles.add(Files.readAllBytes(annexB));
        w.width = width;
        w.height = height;
        return w;
    }

    /** A grid of square tiles of {@code tileSide} in row order, cut to {@code width}×{@code height}. */
    public static HeicWriter grid(List<Path> annexB, int columns, int rows, int tileSide, int width, int height)
            throws IOException {
        HeicWriter w = new HeicWriter();
        w.tileSide = tileSide;
        for (Path tile : annexB) {
            w.tiles.add(Files.readAllBytes(tile));
        }
        w.columns = columns;
        w.rows = rows;
        w.width = width;
        w.height = height;
        return w;
    }

    /** Turned anticlockwise by {@code quarters} × 90° when displayed. */
    public HeicWriter rotated(int quarters) {
        rotation = quarters;
        return this;
    }

    /** Mirrored: axis 0 swaps left and right, 1 top and bottom. */
    public HeicWriter mirrored(int axis) {
        mirrorAxis = axis;
        return this;
    }

    public Path write(Path file) throws IOException {
        boolean grid = tiles.size() > 1;
        int primary = 1;
        int firstTile = grid ? 2 : 1;
        List<List<byte[]>> nals = new ArrayList<>();
        for (byte[] tile : tiles) {
            nals.add(nalUnits(tile));
        }
        // properties: one hvcC and one ispe per tile, the grid's ispe, then the transforms
        List<byte[]> properties = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        for (List<byte[]> units : nals) {
            properties.add(hvcC(units));
            properties.add(ispe(grid ? tileSide : width, grid ? tileSide : height));
            ByteArrayOutputStream picture = new ByteArrayOutputStream();
            for (byte[] nal : units) {
                int type = (nal[0] >> 1) & 0x3F;
                if (type < 32 || type > 34) {
                    picture.write(ByteBuffer.allocate(4).putInt(nal.length).array());
                    picture.write(nal);
                }
            }
            data.add(picture.toByteArray());
        }
        int gridIspe = 0;
        if (grid) {
            properties.add(ispe(width, height));
            gridIspe = properties.size();
        }
        int transforms = properties.size();
        if (rotation >= 0) {
            properties.add(box("irot", new byte[] {(byte) rotation}));
        }
        if (mirrorAxis >= 0) {
            properties.add(box("imir", new byte[] {(byte) mirrorAxis}));
        }

        byte[] ftyp = box("ftyp", concat("heic".getBytes(StandardCharsets.ISO_8859_1), new byte[4],
                "mif1heic".getBytes(StandardCharsets.ISO_8859_1)));
        byte[] gridData = grid ? gridDescription() : new byte[0];
        // the meta box's size does not depend on the offsets it holds, so write it once to measure, once for real
        byte[] meta = meta(primary, firstTile, grid, properties, gridIspe, transforms, data, gridData, 0);
        long mdatStart = ftyp.length + meta.length + 8;
        meta = meta(primary, firstTile, grid, properties, gridIspe, transforms, data, gridData, mdatStart);
        ByteArrayOutputStream mdat = new ByteArrayOutputStream();
        for (byte[] d : data) {
            mdat.write(d);
        }
        return Files.write(file, concat(ftyp, meta, box("mdat", mdat.toByteArray())));
    }

    private byte[] meta(int primary, int firstTile, boolean grid, List<byte[]> properties, int gridIspe,
            int transforms, List<byte[]> data, byte[] gridData, long mdatStart) throws IOException {
        ByteArrayOutputStream infos = new ByteArrayOutputStream();
        int items = tiles.size() + (grid ? 1 : 0);
        if (grid) {
            infos.write(infe(primary, "grid", 0));
        }
        for (int i = 0; i < tiles.size(); i++) {
            infos.write(infe(firstTile + i, "hvc1", grid ? 1 : 0)); // tiles are hidden
        }
        ByteBuffer iloc = ByteBuffer.allocate(8 + items * 20);
        iloc.put(new byte[] {1, 0, 0, 0}).put((byte) 0x44).put((byte) 0x00).putShort((short) items);
        if (grid) {
            iloc.putShort((short) primary).putShort((short) 1).putShort((short) 0).putShort((short) 1)
                    .putInt(0).putInt(gridData.length);
        }
        long offset = mdatStart;
        for (int i = 0; i < tiles.size(); i++) {
            iloc.putShort((short) (firstTile + i)).putShort((short) 0).putShort((short) 0).putShort((short) 1)
                    .putInt((int) offset).putInt(data.get(i).length);
            offset += data.get(i).length;
        }
        ByteArrayOutputStream ipco = new ByteArrayOutputStream();
        for (byte[] p : properties) {
            ipco.write(p);
        }
        ByteArrayOutputStream ipma = new ByteArrayOutputStream();
        ipma.write(ByteBuffer.allocate(4).putInt(items).array());
        List<Integer> primaryProps = new ArrayList<>();
        for (int i = transforms + 1; i <= properties.size(); i++) {
            primaryProps.add(i);
        }
        for (int i = 0; i < tiles.size(); i++) {
            List<Integer> props = new ArrayList<>(List.of(0x80 | (2 * i + 1), 2 * i + 2));
            if (!grid) {
                props.addAll(primaryProps);
            }
            ipma.write(association(firstTile + i, props));
        }
        if (grid) {
            List<Integer> props = new ArrayList<>(List.of(gridIspe));
            props.addAll(primaryProps);
            ipma.write(association(primary, props));
        }
        List<byte[]> children = new ArrayList<>(List.of(
                fullBox("hdlr", 0, concat(new byte[4], "pict".getBytes(StandardCharsets.ISO_8859_1), new byte[13])),
                fullBox("pitm", 0, new byte[] {0, (byte) primary}),
                fullBox("iinf", 0, concat(new byte[] {0, (byte) items}, infos.toByteArray())),
                box("iloc", java.util.Arrays.copyOf(iloc.array(), iloc.position())),
                box("iprp", concat(box("ipco", ipco.toByteArray()), fullBox("ipma", 0, ipma.toByteArray())))));
        if (grid) {
            ByteBuffer dimg = ByteBuffer.allocate(4 + 2 * tiles.size()).putShort((short) primary)
                    .putShort((short) tiles.size());
            for (int i = 0; i < tiles.size(); i++) {
                dimg.putShort((short) (firstTile + i));
            }
            children.add(fullBox("iref", 0, box("dimg", dimg.array())));
            children.add(box("idat", gridData));
        }
        return fullBox("meta", 0, concat(children.toArray(new byte[0][])));
    }

    private byte[] gridDescription() {
        return ByteBuffer.allocate(8).put((byte) 0).put((byte) 0).put((byte) (rows - 1)).put((byte) (columns - 1))
                .putShort((short) width).putShort((short) height).array();
    }

    private static byte[] association(int item, List<Integer> properties) {
        ByteBuffer b = ByteBuffer.allocate(3 + properties.size()).putShort((short) item)
                .put((byte) properties.size());
        properties.forEach(p -> b.put((byte) (int) p));
        return b.array();
    }

    private static byte[] infe(int id, String type, int flags) {
        return fullBox("infe", 2 << 24 | flags, concat(new byte[] {0, (byte) id, 0, 0},
                type.getBytes(StandardCharsets.ISO_8859_1), new byte[] {0}));
    }

    private static byte[] ispe(int width, int height) {
        return fullBox("ispe", 0, ByteBuffer.allocate(8).putInt(width).putInt(height).array());
    }

    /** hvcC with the profile fields copied from the SPS, 4-byte lengths, and the VPS, SPS and PPS arrays. */
    private static byte[] hvcC(List<byte[]> units) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] sps = units.stream().filter(n -> ((n[0] >> 1) & 0x3F) == 33).findFirst().orElseThrow();
        out.write(1);
        out.write(sps, 3, 12); // general profile space … general level idc
        out.write(new byte[] {(byte) 0xF0, 0, (byte) 0xFC, (byte) 0xFD, (byte) 0xF8, (byte) 0xF8, 0, 0, 0x0F});
        List<byte[]> sets = units.stream().filter(n -> ((n[0] >> 1) & 0x3F) >= 32 && ((n[0] >> 1) & 0x3F) <= 34)
                .toList();
        out.write(sets.size());
        for (byte[] set : sets) {
            out.write(0x80 | ((set[0] >> 1) & 0x3F));
            out.write(new byte[] {0, 1, (byte) (set.length >> 8), (byte) set.length});
            out.write(set);
        }
        return box("hvcC", out.toByteArray());
    }

    /** The NAL units of an Annex B stream, without their start codes. */
    static List<byte[]> nalUnits(byte[] stream) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 3 <= stream.length; i++) {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1) {
                starts.add(i + 3);
                i += 2;
            }
        }
        List<byte[]> units = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            int end = k + 1 < starts.size() ? starts.get(k + 1) - 3 : stream.length;
            while (end > starts.get(k) && stream[end - 1] == 0) {
                end--; // the zero before a 4-byte start code
            }
            units.add(java.util.Arrays.copyOfRange(stream, starts.get(k), end));
        }
        return units;
    }

    static byte[] box(String type, byte[] body) {
        return concat(ByteBuffer.allocate(4).putInt(8 + body.length).array(),
                type.getBytes(StandardCharsets.ISO_8859_1), body);
    }

    static byte[] fullBox(String type, int versionAndFlags, byte[] body) {
        return box(type, concat(ByteBuffer.allocate(4).putInt(versionAndFlags).array(), body));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
