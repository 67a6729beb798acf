package dev.seedancebot.core.media.heif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedancebot.core.media.HeicWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HEIF container read without decoding: layout, transforms and the Annex B stream, on files written in the test
 * around stand-in HEVC units (the reader never looks inside them), and every single-byte corruption of one.
 */
class HeifReaderTest {
    /** VPS, SPS, PPS and one slice, as short stand-ins with the right NAL unit types. */
    private static final byte[] STREAM = {
        0, 0, 0, 1, 0x40, 0x01, 0x0C, 0x01,
        0, 0, 0, 1, 0x42, 0x01, 0x01, 0x01, 0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x5A, 0x7B,
        0, 0, 0, 1, 0x44, 0x01, (byte) 0xC1, 0x73,
        0, 0, 0, 1, 0x26, 0x01, (byte) 0xAF, 0x11, 0x22, 0x33,
    };

    @TempDir
    Path dir;

    @Test
    void read_rotatedGrid_layoutTransformsAndFilters() throws Exception {
        Path heic = HeicWriter.grid(tiles(4), 2, 2, 256, 500, 400).rotated(1).mirrored(1)
                .write(dir.resolve("grid.heic"));

        HeifImage image = HeifReader.read(heic);

        assertThat(image.columns()).isEqualTo(2);
        assertThat(image.rows()).isEqualTo(2);
        assertThat(image.tiles()).hasSize(4);
        assertThat(image.displayWidth()).isEqualTo(400);
        assertThat(image.displayHeight()).isEqualTo(500);
        assertThat(image.filters()).isEqualTo("tile=2x2,crop=500:400:0:0,transpose=cclock,vflip");
    }

    @Test
    void writeAnnexB_grid_eachTileWithItsParameterSetsAndStartCodes() throws Exception {
        Path heic = HeicWriter.grid(tiles(2), 2, 1, 256, 512, 256).write(dir.resolve("two.heic"));
        Path out = dir.resolve("out.hevc");

        HeifReader.read(heic).writeAnnexB(heic, out);

        byte[] one = STREAM;
        byte[] expected = new byte[one.length * 2];
        System.arraycopy(one, 0, expected, 0, one.length);
        System.arraycopy(one, 0, expected, one.length, one.length);
        assertThat(Files.readAllBytes(out)).isEqualTo(expected);
    }

    @Test
    void read_notHeif_refused() throws Exception {
        Path jpeg = Files.write(dir.resolve("x.heic"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 0, 0,
            0, 0});

        assertThatThrownBy(() -> HeifReader.read(jpeg)).isInstanceOf(IOException.class);
    }

    /** A crafted file is refused or read within bounds: never another exception, never a huge allocation. */
    @Test
    void corruptedHeic_everyByteChanged_readOrRefusedWithIoException() throws Exception {
        byte[] good = Files.readAllBytes(HeicWriter.grid(tiles(4), 2, 2, 256, 500, 400).rotated(3)
                .write(dir.resolve("good.heic")));
        Path bad = dir.resolve("bad.heic");
        Path out = dir.resolve("bad.hevc");
        int read = 0;
        for (int i = 0; i < good.length; i++) {
            for (byte value : new byte[] {(byte) 0xFF, (byte) (good[i] + 1)}) {
                byte[] copy = good.clone();
                copy[i] = value;
                Files.write(bad, copy);
                try {
                    HeifReader.read(bad).writeAnnexB(bad, out);
                    read++;
                } catch (IOException expected) {
                    // refused: what a damaged upload should get
                }
            }
        }
        assertThat(read).isPositive(); // changes inside the tile data leave the container readable
    }

    private List<Path> tiles(int n) throws IOException {
        List<Path> tiles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tiles.add(Files.write(dir.resolve("tile" + i + ".hevc"), STREAM));
        }
        return tiles;
    }
}
