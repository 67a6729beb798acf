package dev.seedancebot.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.media.CraftedMp3.Version;
import dev.seedancebot.core.media.ProbeResult.Unreadable;
import dev.seedancebot.testkit.TestMedia;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Mutates every test media file (bit flips, box and chunk size rewrites, truncation, count field rewrites) and probes
 * each mutant: every one must end in a {@link MediaInfo} or an {@link Unreadable} with a reason, never in an escaping
 * exception or error, and within the prober's time limit.
 *
 * <p>The seed is fixed so that CI runs the same cases every time. Each property makes jqwik's default number of tries
 * (1,000); widen a run with {@code -Djqwik.tries.default=20000}, which jqwik reads as a JUnit Platform parameter.
 */
class MediaProberFuzzTest {

    /** A probe that is still working at its deadline has one second to notice before the case fails. */
    private static final Duration CASE_LIMIT = MediaProber.DEFAULT_TIME_LIMIT.plusSeconds(1);

    private static final List<Seed> SEEDS = allSeeds();

    private final MediaProber prober = new MediaProber();

    /** A file to mutate, with the offsets of every four-character code in it: box types and chunk ids. */
    record Seed(String name, byte[] bytes, int[] fourCcs) {
        @Override
        public String toString() {
            return name;
        }
    }

    @Property(seed = "20250611")
    void probe_fileWithFlippedBits_endsInVerdictOrRefusal(
            @ForAll("seeds") Seed seed, @ForAll @Size(min = 1, max = 16) List<@IntRange(min = 0) Integer> bits)
            throws IOException {
        byte[] mutant = seed.bytes().clone();
        for (int bit : bits) {
            int at = bit % (mutant.length * 8);
            mutant[at / 8] ^= (byte) (1 << (at % 8));
        }

        assertProbeEnds(seed, mutant);
    }

    @Property(seed = "20250612")
    void probe_fileCutShort_endsInVerdictOrRefusal(
            @ForAll("seeds") Seed seed, @ForAll @IntRange(min = 0, max = 9_999) int perTenThousand)
            throws IOException {
        byte[] mutant = Arrays.copyOf(seed.bytes(), (int) ((long) seed.bytes().length * perTenThousand / 10_000));

        assertProbeEnds(seed, mutant);
    }

    /** The 32-bit field before a four-character code is an ISO box size; the one after it, a RIFF chunk size. */
    @Property(seed = "20250613")
    void probe_fileWithRewrittenBoxSize_endsInVerdictOrRefusal(
            @ForAll("seeds") Seed seed, @ForAll @IntRange(min = 0) int which, @ForAll("hostileValues") int value)
            throws IOException {
        int fourCc = seed.fourCcs()[which % seed.fourCcs().length];
        byte[] mutant = seed.bytes().clone();
        if (fourCc >= 4) {
            ByteBuffer.wrap(mutant).putInt(fourCc - 4, value);
        }
        if (fourCc + 8 <= mutant.length) {
            ByteBuffer.wrap(mutant).order(ByteOrder.LITTLE_ENDIAN).putInt(fourCc + 4, value);
        }

        assertProbeEnds(seed, mutant);
    }

    /**
     * Counts sit a fixed distance after a box type (a full box's entry count 8 bytes on, its first entry 12 on) or at
     * a fixed offset in an image header (BMP, PNG, GIF, TIFF in the first 64 bytes); either is rewritten, in either
     * byte order.
     */
    @Property(seed = "20250614")
    void probe_fileWithRewrittenCount_endsInVerdictOrRefusal(
            @ForAll("seeds") Seed seed, @ForAll @IntRange(min = 0) int which, @ForAll @IntRange(max = 3) int where,
            @ForAll("hostileValues") int value, @ForAll boolean bigEndian) throws IOException {
        int at = switch (where) {
            case 0 -> seed.fourCcs()[which % seed.fourCcs().length] + 8;
            case 1 -> seed.fourCcs()[which % seed.fourCcs().length] + 12;
            default -> which % 64;
        };
        byte[] mutant = seed.bytes().clone();
        if (at + 4 <= mutant.length) {
            ByteBuffer.wrap(mutant).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        }

        assertProbeEnds(seed, mutant);
    }

    @Provide
    Arbitrary<Seed> seeds() {
        return Arbitraries.of(SEEDS);
    }

    /** Values that have broken parsers: zero, sizes smaller than a header, sign and width boundaries. */
    @Provide
    Arbitrary<Integer> hostileValues() {
        return Arbitraries.oneOf(
                Arbitraries.of(0, 1, 7, 8, 9, 16, 0x7FFF, 0xFFFF, 0x7FFFFFF0, Integer.MAX_VALUE, Integer.MIN_VALUE, -1),
                Arbitraries.integers());
    }

    private void assertProbeEnds(Seed seed, byte[] mutant) throws IOException {
        Path file = Files.createTempFile("fuzz-", "-" + seed.name());
        try {
            Files.write(file, mutant);
            long start = System.nanoTime();

            ProbeResult result = prober.probe(file);

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("probe of a mutant of %s", seed).isLessThan(CASE_LIMIT);
            if (result instanceof Unreadable unreadable) {
                assertThat(unreadable.reason()).isNotNull();
                assertThat(unreadable.detail()).isNotBlank();
            } else {
                assertThat(result).isInstanceOf(MediaInfo.class);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Every file in {@link TestMedia}, found by its constants so that new fixtures are fuzzed too, and four more. */
    private static List<Seed> allSeeds() {
        List<Seed> seeds = new ArrayList<>();
        for (Field field : TestMedia.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    String name = (String) field.get(null);
                    seeds.add(seed(name, TestMedia.bytes(name)));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        // TestMedia has no BMP or TIFF; these two are valid files of both, built in code.
        seeds.add(seed("image-4x4.bmp", CraftedMedia.bmpWithLinkedProfile(0)));
        seeds.add(seed("image-1200x900.tif", CraftedMedia.tiffWithTagsSharingOneRegion(0, 0)));
        // The MP3 fixtures all open with an Info header; these two take the frame walk past tags and the VBRI header.
        seeds.add(seed("audio-tagged.mp3", new CraftedMp3(Version.MPEG_1, 3, 44_100, false)
                .id3(64).frames(128, 40).apeTag(64).id3v1().build()));
        seeds.add(seed("audio-vbri.mp3", new CraftedMp3(Version.MPEG_2_5, 3, 11_025, true)
                .vbri(32, 30).frames(32, 30).build()));
        return List.copyOf(seeds);
    }

    private static Seed seed(String name, byte[] bytes) {
        List<Integer> fourCcs = new ArrayList<>();
        for (int i = 0; i + 4 <= bytes.length; i++) {
            if (isFourCcChar(bytes[i]) && isFourCcChar(bytes[i + 1]) && isFourCcChar(bytes[i + 2])
                    && isFourCcChar(bytes[i + 3])) {
                fourCcs.add(i);
            }
        }
        if (fourCcs.isEmpty()) {
            fourCcs.add(0);
        }
        return new Seed(name, bytes, fourCcs.stream().mapToInt(Integer::intValue).toArray());
    }

    private static boolean isFourCcChar(byte b) {
        return b >= 'a' && b <= 'z' || b == ' ';
    }
}
