package dev.seedancebot.core.engine;

import static dev.seedancebot.core.engine.EngineHarness.ALICE;
import static dev.seedancebot.core.engine.EngineHarness.CHAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.storage.DiskFloor;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the engine leaves on disk: owner-only files, and nothing new while the disk is below its floor. */
class EngineDataLimitsTest {
    private static final long GB = 1024L * 1024 * 1024;

    @TempDir
    Path dir;

    private FakeSeedanceServer fake;
    private EngineHarness harness;
    private CoreAssembly core;

    @BeforeEach
    void setUp() {
        fake = FakeSeedanceServer.start();
        harness = new EngineHarness(dir, fake, new RecordingPlatformPort());
    }

    @AfterEach
    void tearDown() {
        if (core != null) {
            core.close(Duration.ofSeconds(2));
        }
        fake.close();
    }

    @Test
    void submit_diskBelowFloor_refusedBeforeChargeStoreOrCreate() {
        AtomicLong free = new AtomicLong(GB / 2);
        harness.diskSpace = free::get;
        harness.settings = harness.settings.withRetention(RetentionSettings.DEFAULTS);
        core = harness.build();
        core.start();

        SubmitOutcome outcome = core.engine().submit(harness.withImage("dance", TestMedia.IMAGE_PNG), Set.of());

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.Denied.class, d -> assertThat(d.message())
                .isEqualTo("The bot's disk is nearly full; the operator has been told. Nothing was charged."));
        assertThat(core.diskFloor().below()).isTrue();
        assertThat(core.engine().recentTasks(ALICE, 10)).isEmpty();
        assertThat(core.quota().snapshot(ALICE, CHAT.communityId(), Set.of()).reservedCredits()).isZero();
        assertThat(dir.resolve("work").resolve("tasks")).isEmptyDirectory();
        assertThat(fake.createRequests()).isEmpty();

        free.set(2 * GB);

        assertThat(core.engine().submit(EngineHarness.text("now there is room"), Set.of()))
                .isInstanceOf(SubmitOutcome.Accepted.class);
    }

    @Test
    void submit_withInput_dataFoldersAndFilesOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        core = harness.build();
        core.start();

        SubmitOutcome outcome = core.engine().submit(harness.withImage("dance", TestMedia.IMAGE_PNG), Set.of());
        String id = ((SubmitOutcome.Accepted) outcome).task().id();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> core.engine().task(id).orElseThrow().state() == TaskState.DELIVERED);

        Path work = dir.resolve("work");
        Path task = work.resolve("tasks").resolve(id);
        assertThat(mode(work)).isEqualTo("rwx------");
        assertThat(mode(work.resolve("db"))).isEqualTo("rwx------");
        assertThat(mode(work.resolve("tasks"))).isEqualTo("rwx------");
        assertThat(mode(task)).isEqualTo("rwx------");
        assertThat(mode(task.resolve("input-1-image"))).isEqualTo("rw-------");
        assertThat(mode(task.resolve("result.mp4"))).isEqualTo("rw-------");
    }

    @Test
    void build_olderInstallWithOpenFolders_tightensDbAndTasks() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path work = dir.resolve("work");
        for (String sub : new String[] {"db", "tasks"}) {
            Files.createDirectories(work.resolve(sub));
            Files.setPosixFilePermissions(work.resolve(sub), PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        core = harness.build();

        assertThat(mode(work.resolve("db"))).isEqualTo("rwx------");
        assertThat(mode(work.resolve("tasks"))).isEqualTo("rwx------");
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
