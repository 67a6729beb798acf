package dev.seedancebot.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.seedancebot.core.media.CraftedMp3.Version;
import dev.seedancebot.core.media.ProbeResult.Reason;
import dev.seedancebot.core.media.ProbeResult.Unreadable;
import dev.seedancebot.testkit.TestMedia;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files crafted to make a header parser allocate gigabytes or loop for seconds. Each must be refused as
 * {@link Reason#CORRUPT} after little work. The work is asserted as the prober's own step count, which does not
 * depend on how loaded the machine is; the preemptive timeouts are only a generous net against a hang.
 */
class HostileMediaTest {

    /** Far above the milliseconds these take, far below the seconds they took before they were bounded. */
    private static final Duration NET = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final MediaProber prober = new MediaProber();

    @Test
    void probe_movWithHugeSttsEntryCount_refusedWithinMilliseconds() throws IOException {
        Path file = Files.write(dir.resolve("clip.mov"), CraftedMedia.movWithSttsEntryCount(CraftedMedia.HUGE_COUNT));
        ProbeBudget budget = budget();

        ProbeResult result = assertTimeoutPreemptively(NET, () -> prober.probe(file, budget));

        assertCorrupt(result, MediaFormat.MOV, "stts");
        assertThat(budget.steps()).isLessThan(50);
    }

    @Test
    void probe_movWithSttsEntryCountMatchingItsBox_readsFrameRate() throws IOException {
        Path file = Files.write(dir.resolve("clip.mov"), CraftedMedia.movWithSttsEntryCount(1));

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(MediaInfo.class, info -> assertThat(info.fps()).isNotNull());
    }

    @Test
    void probe_movWithHugeSampleDescriptionCount_refusedWithinMilliseconds() throws IOException {
        byte[] mov = TestMedia.bytes(TestMedia.VIDEO_5S_MOV);
        ByteBuffer.wrap(mov).putInt(CraftedMedia.indexOf(mov, "stsd") + 8, (int) CraftedMedia.HUGE_COUNT);
        Path file = Files.write(dir.resolve("clip.mov"), mov);

        ProbeResult result = assertTimeoutPreemptively(NET, () -> prober.probe(file));

        assertCorrupt(result, MediaFormat.MOV, "stsd");
    }

    @Test
    void probe_bmpWithHugeLinkedColourProfile_refusedWithoutAllocating() throws IOException {
        byte[] bmp = CraftedMedia.bmpWithLinkedProfile(CraftedMedia.HUGE_COUNT);
        Path file = Files.write(dir.resolve("photo.bmp"), bmp);

        ProbeResult result = assertTimeoutPreemptively(NET, () -> prober.probe(file));

        assertThat(bmp).hasSize(202);
        assertCorrupt(result, MediaFormat.BMP, "colour profile");
    }

    @Test
    void probe_bmpWithLinkedColourProfileInsideFile_readsSize() throws IOException {
        Path file = Files.write(dir.resolve("photo.bmp"), CraftedMedia.bmpWithLinkedProfile(0));

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(MediaInfo.class, info -> {
            assertThat(info.width()).isEqualTo(4);
            assertThat(info.height()).isEqualTo(4);
        });
    }

    @Test
    void probe_bmpWithPixelDataPastTheEnd_returnsTruncated() throws IOException {
        byte[] bmp = CraftedMedia.bmpWithLinkedProfile(0);
        ByteBuffer.wrap(bmp).putInt(10, Integer.reverseBytes(1 << 20)); // little-endian pixel offset: 1 MB
        Path file = Files.write(dir.resolve("photo.bmp"), bmp);

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(
                Unreadable.class, u -> assertThat(u.reason()).isEqualTo(Reason.TRUNCATED));
    }

    @Test
    void probe_tiffWithThousandsOfTagsSharingOneMegabyte_readsSizeWithoutCopyingTags() throws IOException {
        Path file = Files.write(dir.resolve("scan.tif"), CraftedMedia.tiffWithTagsSharingOneRegion(4_000, 1 << 20));

        ProbeResult result = assertTimeoutPreemptively(NET, () -> prober.probe(file));

        assertThat(result).isInstanceOfSatisfying(MediaInfo.class, info -> {
            assertThat(info.width()).isEqualTo(1200);
            assertThat(info.height()).isEqualTo(900);
        });
    }

    @Test
    void probe_tiffWithDirectoryPastTheEnd_returnsTruncated() throws IOException {
        byte[] tiff = CraftedMedia.tiffWithTagsSharingOneRegion(0, 0);
        ByteBuffer.wrap(tiff).putInt(4, Integer.reverseBytes(1 << 20)); // little-endian directory offset: 1 MB
        Path file = Files.write(dir.resolve("scan.tif"), tiff);

        ProbeResult result = prober.probe(file);

        assertThat(result).isInstanceOfSatisfying(
                Unreadable.class, u -> assertThat(u.reason()).isEqualTo(Reason.TRUNCATED));
    }

    @Test
    void probe_mp4OfMillionsOfEmptyBoxes_refusedQuickly() throws IOException {
        byte[] mp4 = CraftedMedia.mp4OfEmptyBoxes(600, 4_000);
        Path file = Files.write(dir.resolve("clip.mp4"), mp4);
        ProbeBudget budget = budget();

        ProbeResult result = assertTimeoutPreemptively(NET, () -> prober.probe(file, budget));

        assertThat(mp4.length).isGreaterThan(19_000_000);
        assertCorrupt(result, MediaFormat.MP4, "boxes");
        assertThat(budget.steps()).isEqualTo(ProbeBudget.MAX_STEPS + 1);
    }

    @Test
    void probe_realMp4_staysFarBelowStepBudget() {
        Path file = TestMedia.copyTo(dir, TestMedia.RESULT_MP4);
        ProbeBudget budget = budget();

        ProbeResult result = prober.probe(file, budget);

        assertThat(result).isInstanceOf(MediaInfo.class);
        assertThat(budget.steps()).isLessThan(100);
    }

    @Test
    void probe_clockPassesDeadlineDuringBoxWalk_refusedAsCorrupt() {
        Path file = TestMedia.copyTo(dir, TestMedia.VIDEO_3S);
        // Each reading of the clock is a second later: the 2 s limit runs out on the third box.
        MediaProber slow = new MediaProber(new TickingClock(Duration.ofSeconds(1)), Duration.ofSeconds(2));

        ProbeResult result = slow.probe(file);

        assertCorrupt(result, MediaFormat.MP4, "longer than 2000 ms");
    }

    /** mp3agic retried its sync at every byte of this file: 15.6 s of CPU, without a deadline. */
    @Test
    void probe_mp3OfFifteenMegabytesOfSyncBytes_refusedQuickly() throws IOException {
        byte[] syncBytes = new byte[15 * 1024 * 1024];
        Arrays.fill(syncBytes, (byte) 0xFF);
        byte[] mp3 = new CraftedMp3(Version.MPEG_1, 3, 44_100, false).id3(100).bytes(syncBytes).build();
        Path file = Files.write(dir.resolve("song.mp3"), mp3);
        ProbeBudget budget = budget();

        ProbeResult result = assertTimeoutPreemptively(NET, () -> prober.probe(file, budget));

        assertCorrupt(result, MediaFormat.MP3, "no MPEG audio frame in the 65536 bytes after byte 110");
        assertThat(budget.steps()).isEqualTo(1);
    }

    @Test
    void probe_mp3WithId3TagClaimingQuarterGigabyte_returnsTruncated() throws IOException {
        byte[] mp3 = new CraftedMp3(Version.MPEG_1, 3, 44_100, false).id3(100).frames(128, 10).build();
        System.arraycopy(CraftedMp3.syncsafe(0x0FFF_FFFF), 0, mp3, 6, 4);
        Path file = Files.write(dir.resolve("song.mp3"), mp3);

        ProbeResult result = assertTimeoutPreemptively(NET, () -> prober.probe(file));

        assertThat(result).isInstanceOfSatisfying(Unreadable.class, u -> {
            assertThat(u.reason()).isEqualTo(Reason.TRUNCATED);
            assertThat(u.detail()).contains("ID3v2 tag of 268435455 bytes");
        });
    }

    @Test
    void probe_mp3WithXingClaimingTwoToTheThirtyOneFrames_refusedAsCorrupt() throws IOException {
        byte[] mp3 = new CraftedMp3(Version.MPEG_1, 3, 44_100, false).xing("Xing", 128, 1L << 31)
                .frames(128, 100).build();
        Path file = Files.write(dir.resolve("song.mp3"), mp3);

        ProbeResult result = assertTimeoutPreemptively(NET, () -> prober.probe(file));

        assertCorrupt(result, MediaFormat.MP3, "claims 2147483648 frames");
    }

    /** A count of 0 is what an encoder writing to a pipe leaves; the frames are counted instead. */
    @Test
    void probe_mp3WithXingClaimingZeroFrames_countsFramesPresent() throws IOException {
        byte[] mp3 = new CraftedMp3(Version.MPEG_1, 3, 44_100, false).xing("Xing", 128, 0).frames(128, 100).build();
        Path file = Files.write(dir.resolve("song.mp3"), mp3);

        ProbeResult result = assertTimeoutPreemptively(NET, () -> prober.probe(file));

        assertThat(result).isInstanceOfSatisfying(MediaInfo.class,
                info -> assertThat(info.durationSeconds()).isCloseTo(100 * 1152 / 44_100.0, within(1e-9)));
    }

    @Test
    void probe_mp3OfFramePairsBetweenGarbage_refusedAfterStepBudget() throws IOException {
        CraftedMp3 crafted = new CraftedMp3(Version.MPEG_1, 3, 48_000, false);
        // Each gap costs one step to get past, except the last, which ends the file.
        for (int i = 0; i < ProbeBudget.MAX_STEPS + 2; i++) {
            crafted.frames(32, 2).bytes(new byte[3]);
        }
        Path file = Files.write(dir.resolve("song.mp3"), crafted.build());
        ProbeBudget budget = budget();

        ProbeResult result = assertTimeoutPreemptively(NET, () -> prober.probe(file, budget));

        assertCorrupt(result, MediaFormat.MP3, "resyncs");
        assertThat(budget.steps()).isEqualTo(ProbeBudget.MAX_STEPS + 1);
    }

    @Test
    void probe_clockPassesDeadlineDuringMp3Walk_refusedAsCorrupt() throws IOException {
        byte[] mp3 = new CraftedMp3(Version.MPEG_1, 3, 44_100, false).frames(128, 575).build();
        Path file = Files.write(dir.resolve("song.mp3"), mp3);
        // Each reading of the clock is a second later: the 2 s limit runs out at the third 64 KiB read.
        MediaProber slow = new MediaProber(new TickingClock(Duration.ofSeconds(1)), Duration.ofSeconds(2));

        ProbeResult result = slow.probe(file);

        assertThat(mp3.length).isGreaterThan(3 * Mp3Reader.MAX_SEARCH_BYTES);
        assertCorrupt(result, MediaFormat.MP3, "longer than 2000 ms");
    }

    private ProbeBudget budget() {
        return new ProbeBudget(Clock.systemUTC(), MediaProber.DEFAULT_TIME_LIMIT);
    }

    private static void assertCorrupt(ProbeResult result, MediaFormat format, String detail) {
        assertThat(result).isInstanceOfSatisfying(Unreadable.class, u -> {
            assertThat(u.format()).isEqualTo(format);
            assertThat(u.reason()).isEqualTo(Reason.CORRUPT);
            assertThat(u.detail()).contains(detail);
        });
    }

    /** A clock that moves on by {@code tick} each time it is read, so a deadline passes without waiting. */
    private static final class TickingClock extends Clock {
        private final Duration tick;
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        TickingClock(Duration tick) {
            this.tick = tick;
        }

        @Override
        public Instant instant() {
            Instant current = now;
            now = now.plus(tick);
            return current;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
