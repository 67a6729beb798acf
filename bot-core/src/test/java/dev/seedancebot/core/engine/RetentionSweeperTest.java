package dev.seedancebot.core.engine;

import static dev.seedancebot.core.engine.EngineHarness.ALICE;
import static dev.seedancebot.core.engine.EngineHarness.CHAT;
import static dev.seedancebot.core.engine.EngineHarness.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.request.Intent;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionSweeperTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private FakeSeedanceServer fake;
    private RecordingPlatformPort port;
    private EngineHarness harness;
    private CoreAssembly core;

    @BeforeEach
    void setUp() {
        fake = FakeSeedanceServer.start();
        port = new RecordingPlatformPort();
        harness = new EngineHarness(dir, fake, port);
    }

    @AfterEach
    void tearDown() {
        if (core != null) {
            core.close(Duration.ofSeconds(2));
        }
        fake.close();
    }

    private String delivered(SubmitOutcome outcome) {
        assertThat(outcome).isInstanceOf(SubmitOutcome.Accepted.class);
        String id = ((SubmitOutcome.Accepted) outcome).task().id();
        await().atMost(WAIT).until(() -> core.engine().task(id).orElseThrow().state() == TaskState.DELIVERED);
        await().atMost(WAIT).until(() -> core.quota().entry(id).orElseThrow().state() == ChargeState.COMMITTED);
        return id;
    }

    private Path taskDir(String id) {
        return dir.resolve("work").resolve("tasks").resolve(id);
    }

    private long usedToday() {
        return core.quota().snapshot(ALICE, CHAT.communityId(), Set.of()).usedToday();
    }

    @Test
    void sweep_filesPeriodPassed_removesInputsAndResultButKeepsRowAndCharge() {
        core = harness.build();
        core.start();
        String id = delivered(core.engine().submit(harness.withImage("make it dance", TestMedia.IMAGE_PNG), Set.of()));
        Instant now = Instant.now();
        assertThat(taskDir(id).resolve("result.mp4")).isRegularFile();

        RetentionSweeper.Result early = core.engine().retention().sweep(now.plus(Duration.ofDays(6)));
        assertThat(early.taskFolders()).isZero();
        assertThat(taskDir(id)).isDirectory();

        RetentionSweeper.Result late = core.engine().retention().sweep(now.plus(Duration.ofDays(8)));

        assertThat(late).isEqualTo(new RetentionSweeper.Result(1, 0));
        assertThat(taskDir(id)).doesNotExist();
        assertThat(core.engine().task(id)).isPresent();
        assertThat(core.quota().entry(id).orElseThrow().state()).isEqualTo(ChargeState.COMMITTED);
    }

    @Test
    void rerollAndExtend_filesRemoved_refusedWithRetentionMessageAndNothingCharged() {
        core = harness.build();
        core.start();
        String id = delivered(core.engine().submit(harness.withImage("make it dance", TestMedia.IMAGE_PNG), Set.of()));
        core.engine().retention().sweep(Instant.now().plus(Duration.ofDays(8)));
        long used = usedToday();
        int created = fake.createRequests().size();

        SubmitOutcome reroll = core.engine().reroll(id, ALICE, CHAT, Set.of());
        SubmitOutcome extend = core.engine().followUp(id, Intent.EXTEND, "and then", ALICE, CHAT, Set.of());

        String expected = "Video " + id + " is no longer kept (videos are kept 7 days); send it again as a new /video.";
        assertThat(reroll).isInstanceOfSatisfying(SubmitOutcome.Invalid.class,
                i -> assertThat(i.text()).contains(expected));
        assertThat(extend).isInstanceOfSatisfying(SubmitOutcome.Invalid.class,
                i -> assertThat(i.text()).contains(expected));
        assertThat(usedToday()).isEqualTo(used);
        assertThat(core.engine().recentTasks(ALICE, 10)).hasSize(1);
        assertThat(fake.createRequests()).hasSize(created);
    }

    @Test
    void reroll_textOnlyTaskFilesRemoved_stillWorks() {
        core = harness.build();
        core.start();
        String id = delivered(core.engine().submit(text("no inputs at all"), Set.of()));
        core.engine().retention().sweep(Instant.now().plus(Duration.ofDays(8)));

        SubmitOutcome again = core.engine().reroll(id, ALICE, CHAT, Set.of());

        assertThat(again).isInstanceOf(SubmitOutcome.Accepted.class);
    }

    @Test
    void sweep_rowsPeriodPassed_removesRowButKeepsChargeAndLedger() throws Exception {
        core = harness.build();
        core.start();
        String id = delivered(core.engine().submit(text("a paper boat"), Set.of()));
        long used = usedToday();

        RetentionSweeper.Result result = core.engine().retention().sweep(Instant.now().plus(Duration.ofDays(91)));

        assertThat(result).isEqualTo(new RetentionSweeper.Result(1, 1));
        assertThat(core.engine().task(id)).isEmpty();
        assertThat(core.quota().entry(id).orElseThrow().state()).isEqualTo(ChargeState.COMMITTED);
        assertThat(usedToday()).isEqualTo(used);
        assertThat(core.engine().reroll(id, ALICE, CHAT, Set.of())).isInstanceOf(SubmitOutcome.Invalid.class);
    }

    @Test
    void sweep_unfinishedTask_neverTouched() {
        fake.scriptNextTask(TaskScript.of(Step.pending("QUEUED", 10)));
        core = harness.build();
        core.start();
        SubmitOutcome outcome = core.engine().submit(harness.withImage("slow", TestMedia.IMAGE_PNG), Set.of());
        String id = ((SubmitOutcome.Accepted) outcome).task().id();
        await().atMost(WAIT).until(() -> core.engine().task(id).orElseThrow().state() == TaskState.SUBMITTED);

        RetentionSweeper.Result result = core.engine().retention().sweep(Instant.now().plus(Duration.ofDays(3650)));

        assertThat(result).isEqualTo(new RetentionSweeper.Result(0, 0));
        assertThat(taskDir(id)).isDirectory();
        assertThat(core.engine().task(id).orElseThrow().state()).isEqualTo(TaskState.SUBMITTED);
    }

    @Test
    void sweep_folderWithoutRow_removedOnlyAfterGrace() throws Exception {
        core = harness.build();
        Path orphan = Files.createDirectories(taskDir("tnorow23"));
        Files.writeString(orphan.resolve("input-1-image"), "x");
        Instant made = Instant.now();
        Files.setLastModifiedTime(orphan, FileTime.from(made));

        RetentionSweeper.Result fresh = core.engine().retention().sweep(made.plus(Duration.ofHours(1)));
        assertThat(fresh.taskFolders()).isZero();
        assertThat(orphan).isDirectory();

        RetentionSweeper.Result old = core.engine().retention().sweep(made.plus(Duration.ofDays(2)));

        assertThat(old.taskFolders()).isEqualTo(1);
        assertThat(orphan).doesNotExist();
    }

    @Test
    void sweep_runTwice_secondFindsNothing() {
        core = harness.build();
        core.start();
        delivered(core.engine().submit(text("once"), Set.of()));
        Instant later = Instant.now().plus(Duration.ofDays(91));

        RetentionSweeper.Result first = core.engine().retention().sweep(later);
        RetentionSweeper.Result second = core.engine().retention().sweep(later);

        assertThat(first).isEqualTo(new RetentionSweeper.Result(1, 1));
        assertThat(second).isEqualTo(new RetentionSweeper.Result(0, 0));
    }

    @Test
    void sweep_manyFinishedTasks_removesAllInBatches() throws Exception {
        core = harness.build();
        int n = 2_000;
        Instant finished = Instant.parse("2026-01-01T00:00:00Z");
        insertFinishedTasks(n, finished);

        long started = System.nanoTime();
        RetentionSweeper.Result files = core.engine().retention().sweep(finished.plus(Duration.ofDays(8)));
        long filesMillis = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        RetentionSweeper.Result rows = core.engine().retention().sweep(finished.plus(Duration.ofDays(91)));
        long rowsMillis = (System.nanoTime() - started) / 1_000_000;

        System.out.printf("retention sweep: %d task folders in %d ms, %d task rows in %d ms%n",
                files.taskFolders(), filesMillis, rows.taskRows(), rowsMillis);
        assertThat(files).isEqualTo(new RetentionSweeper.Result(n, 0));
        assertThat(rows).isEqualTo(new RetentionSweeper.Result(0, n));
        assertThat(core.engine().recentTasks(ALICE, 10)).isEmpty();
    }

    /** Delivered tasks with a 1 KiB result each, written straight to the table (the engine would take minutes). */
    private void insertFinishedTasks(int n, Instant finishedAt) throws Exception {
        String sql = "INSERT INTO task (id, platform, user_id, chat_id, role_ids, state, mode, intent, prompt,"
                + " options_json, media_json, cost, created_at, finished_at, updated_at)"
                + " VALUES (?, 'CONSOLE', 'alice', 'chat-1', '', 'DELIVERED', 'TEXT', 'GENERATE', 'p', '{}', '[]', 1,"
                + " ?, ?, ?)";
        byte[] result = new byte[1024];
        try (Connection c = core.database().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < n; i++) {
                String id = String.format("tb%06d", i);
                ps.setString(1, id);
                for (int column = 2; column <= 4; column++) {
                    ps.setObject(column, finishedAt.atOffset(ZoneOffset.UTC));
                }
                ps.addBatch();
                Files.write(Files.createDirectories(taskDir(id)).resolve("result.mp4"), result);
            }
            ps.executeBatch();
        }
    }
}
