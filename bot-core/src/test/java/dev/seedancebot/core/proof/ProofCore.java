package dev.seedancebot.core.proof;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.engine.EngineListener;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.platform.PlatformPort;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.request.Intent;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.MediaSource;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real core (H2 file, OkHttp, engine with fast settings) against a fake Seedance server, with a console platform
 * that records deliveries and notices, and ledger sums read straight from SQL. The proof tests only use the core's
 * public surface, so they build it here rather than through the engine package's own harness.
 */
final class ProofCore implements AutoCloseable {
    static final ChatRef CHAT = ChatRef.of(Platform.CONSOLE, "community-1", "chat-1");

    record Delivered(String taskId, Delivery delivery) {}

    record Noticed(String taskId, Notice notice) {}

    final CoreAssembly core;
    final List<Delivered> deliveries = new CopyOnWriteArrayList<>();
    final List<Noticed> notices = new CopyOnWriteArrayList<>();
    /** Every provider error kind the engine met on create and poll calls, to show which faults really fired. */
    final Set<ErrorKind> providerErrors = ConcurrentHashMap.newKeySet();

    ProofCore(Path dir, FakeSeedanceServer fake, Duration readTimeout) {
        SeedanceSettings seedance = new SeedanceSettings(fake.baseUrl(), fake.apiKey(), SeedanceSettings.DEFAULT_MODEL,
                Duration.ofSeconds(2), readTimeout, 200L * 1024 * 1024, null, Duration.ofMillis(10),
                Duration.ofSeconds(5), 3, 3, Duration.ofMillis(10));
        this.core = CoreAssembly.builder()
                .workDir(dir.resolve("work"))
                .seedance(seedance)
                .engineSettings(EngineSettings.fast(dir.resolve("work")))
                .quotaSettings(new QuotaSettings(ZoneId.of("UTC"), 0, 0, 0, 0))
                .listener(new EngineListener() {
                    @Override
                    public void providerError(ErrorKind kind, String code) {
                        providerErrors.add(kind);
                    }
                })
                .build();
        core.router().register(new Recorder());
        core.start();
    }

    static UserKey user(String id) {
        return new UserKey(Platform.CONSOLE, id);
    }

    static VideoRequest request(String prompt, VideoOptions options, UserKey user, MediaInput... media) {
        return new VideoRequest(prompt, List.of(media), options, Intent.GENERATE, user, CHAT);
    }

    static MediaInput input(MediaRole role, Path file) {
        return new MediaInput(role, new MediaSource.LocalFile(file), file.getFileName().toString());
    }

    List<Delivered> deliveriesOf(String taskId) {
        return deliveries.stream().filter(d -> d.taskId().equals(taskId)).toList();
    }

    List<Noticed> noticesOf(String taskId) {
        return notices.stream().filter(n -> n.taskId().equals(taskId)).toList();
    }

    /** SUM(amount) of the user's window ledger rows: what the user has been charged, reserved credits included. */
    long ledgerSum(UserKey user) {
        return queryLong("SELECT COALESCE(SUM(amount), 0) FROM quota_ledger WHERE user_key = ? AND bucket = 'WINDOW'",
                user.toString());
    }

    long count(String sql) {
        return queryLong(sql, null);
    }

    private long queryLong(String sql, String parameter) {
        try (Connection c = core.database().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        core.close(Duration.ofSeconds(5));
    }

    /** The console platform: every call succeeds and is recorded. */
    private final class Recorder implements PlatformPort {
        private final AtomicInteger messageIds = new AtomicInteger();

        @Override
        public Platform platform() {
            return Platform.CONSOLE;
        }

        @Override
        public String showProgress(TaskView task) {
            return "progress-" + task.id();
        }

        @Override
        public long uploadLimitBytes(TaskView task) {
            return 10L * 1024 * 1024;
        }

        @Override
        public String deliver(TaskView task, Delivery delivery) {
            deliveries.add(new Delivered(task.id(), delivery));
            return "m" + messageIds.incrementAndGet();
        }

        @Override
        public void notify(TaskView task, Notice notice) {
            notices.add(new Noticed(task.id(), notice));
        }
    }
}
