package dev.seedancebot.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.engine.RetentionSweeper;
import dev.seedancebot.core.seedance.SeedanceSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retention sweep on PostgreSQL, run by two instances at the same moment. */
class ClusterRetentionTest {
    private static final int TASKS = 1_500;

    @TempDir
    Path dir;

    @Test
    void sweep_twoInstancesAtOnce_eachRowDeletedOnceWithoutErrors() throws Exception {
        String url = TestPostgres.freshDatabase();
        try (CoreAssembly a = node(url, "a"); CoreAssembly b = node(url, "b")) {
            Instant finished = Instant.parse("2026-01-01T00:00:00Z");
            insertFinishedTasks(a, finished);
            Instant later = finished.plus(Duration.ofDays(91));

            CompletableFuture<RetentionSweeper.Result> first =
                    CompletableFuture.supplyAsync(() -> a.engine().retention().sweep(later));
            CompletableFuture<RetentionSweeper.Result> second =
                    CompletableFuture.supplyAsync(() -> b.engine().retention().sweep(later));

            List<RetentionSweeper.Result> results = List.of(first.get(), second.get());
            assertThat(results.stream().mapToInt(RetentionSweeper.Result::taskRows).sum()).isEqualTo(TASKS);
            assertThat(a.database().jdbc().query("SELECT COUNT(*) FROM task", r -> r.getLong(1)))
                    .containsExactly(0L);
            assertThat(a.database().jdbc().query("SELECT COUNT(*) FROM quota_charge", r -> r.getLong(1)))
                    .containsExactly((long) TASKS);
        }
    }

    private CoreAssembly node(String url, String name) {
        Path work = dir.resolve(name);
        SeedanceSettings seedance = new SeedanceSettings("http://127.0.0.1:9", "key",
                SeedanceSettings.DEFAULT_MODEL, Duration.ofSeconds(1), Duration.ofSeconds(1), 1024, null,
                Duration.ofMillis(10), Duration.ofSeconds(1), 1, 1, Duration.ofMillis(10));
        return CoreAssembly.builder()
                .workDir(work)
                .jdbc(url, TestPostgres.USER, "")
                .seedance(seedance)
                .engineSettings(EngineSettings.fast(work))
                .build();
    }

    /** Delivered tasks with a committed charge each, written straight to the tables. */
    private static void insertFinishedTasks(CoreAssembly core, Instant at) throws Exception {
        String task = "INSERT INTO task (id, platform, user_id, chat_id, role_ids, state, mode, intent, prompt,"
                + " options_json, media_json, cost, created_at, finished_at, updated_at)"
                + " VALUES (?, 'CONSOLE', 'alice', 'chat-1', '', 'DELIVERED', 'TEXT', 'GENERATE', 'p', '{}', '[]', 1,"
                + " ?, ?, ?)";
        String charge = "INSERT INTO quota_charge (task_id, user_key, scope_id, credits, window_credits,"
                + " bonus_credits, window_day, state, reserved_at) VALUES (?, 'console:alice', 'private', 1, 1, 0,"
                + " DATE '2026-01-01',"
                + " 'COMMITTED', ?)";
        try (Connection c = core.database().dataSource().getConnection();
                PreparedStatement t = c.prepareStatement(task);
                PreparedStatement q = c.prepareStatement(charge)) {
            for (int i = 0; i < TASKS; i++) {
                String id = String.format("tc%06d", i);
                t.setString(1, id);
                for (int column = 2; column <= 4; column++) {
                    t.setObject(column, at.atOffset(ZoneOffset.UTC));
                }
                t.addBatch();
                q.setString(1, id);
                q.setObject(2, at.atOffset(ZoneOffset.UTC));
                q.addBatch();
            }
            t.executeBatch();
            q.executeBatch();
        }
    }
}
