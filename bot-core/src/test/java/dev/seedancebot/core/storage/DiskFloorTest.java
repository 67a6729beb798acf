package dev.seedancebot.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.testkit.LogCapture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskFloorTest {
    private static final long GB = 1024L * 1024 * 1024;
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final AtomicLong free = new AtomicLong(5 * GB);

    private DiskFloor floor(long min, Clock clock) {
        return new DiskFloor(free::get, min, clock);
    }

    @Test
    void refusal_enoughSpace_empty() {
        DiskFloor floor = floor(GB, Clock.fixed(T0, ZoneOffset.UTC));

        assertThat(floor.refusal()).isEmpty();
        assertThat(floor.below()).isFalse();
    }

    @Test
    void refusal_belowFloor_saysDiskFullAndNothingCharged() {
        free.set(GB - 1);
        DiskFloor floor = floor(GB, Clock.fixed(T0, ZoneOffset.UTC));

        assertThat(floor.below()).isTrue();
        assertThat(floor.refusal()).hasValue(
                "The bot's disk is nearly full; the operator has been told. Nothing was charged.");
    }

    @Test
    void refusal_spaceFreedAgain_acceptsAtOnce() {
        free.set(10);
        DiskFloor floor = floor(GB, Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(floor.refusal()).isPresent();

        free.set(2 * GB);

        assertThat(floor.refusal()).isEmpty();
    }

    @Test
    void refusal_floorZero_neverRefuses() {
        free.set(0);

        assertThat(floor(0, Clock.fixed(T0, ZoneOffset.UTC)).refusal()).isEmpty();
    }

    @Test
    void refusal_spaceUnreadable_doesNotStopTheBot() {
        DiskFloor floor = new DiskFloor(() -> {
            throw new IOException("stale NFS handle");
        }, GB, Clock.fixed(T0, ZoneOffset.UTC));

        assertThat(floor.refusal()).isEmpty();
        assertThat(floor.freeBytes()).isEqualTo(-1);
    }

    @Test
    void refusal_manyRequestsBelowFloor_warnsOncePerMinute() {
        free.set(10);
        MutableClock clock = new MutableClock(T0);
        DiskFloor floor = floor(GB, clock);

        try (LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < 50; i++) {
                floor.refusal();
            }
            clock.now = T0.plus(Duration.ofSeconds(59));
            floor.refusal();
            clock.now = T0.plus(Duration.ofSeconds(60));
            floor.refusal();

            assertThat(logs.rendered()).filteredOn(line -> line.contains("refusing new requests")).hasSize(2);
        }
    }

    @Test
    void of_folderNotCreatedYet_readsTheDiskAboveIt(@TempDir Path dir) throws IOException {
        long bytes = DiskFloor.of(dir.resolve("not/yet/there")).usableBytes();

        assertThat(bytes).isPositive();
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
