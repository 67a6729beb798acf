package dev.seedancebot.core.engine;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.engine.queue.QueueSettings;
import dev.seedancebot.core.generation.VideoGenerator;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.MediaSource;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.core.spend.SpendSettings;
import dev.seedancebot.core.storage.DiskFloor;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;

/** Builds a real core (H2 file, OkHttp, engine) against a fake Seedance server, with a recording platform. */
final class EngineHarness {
    static final UserKey ALICE = new UserKey(Platform.CONSOLE, "alice");
    static final UserKey BOB = new UserKey(Platform.CONSOLE, "bob");
    static final ChatRef CHAT = ChatRef.of(Platform.CONSOLE, "community-1", "chat-1");

    final Path dir;
    final FakeSeedanceServer fake;
    final RecordingPlatformPort port;
    EngineSettings settings;
    QuotaSettings quotaSettings = new QuotaSettings(ZoneId.of("UTC"), 0, 0, 0, 0);
    Duration readTimeout = Duration.ofSeconds(5);
    UnaryOperator<VideoGenerator> decorator = UnaryOperator.identity();
    ScheduledExecutorService tick;
    ExecutorService workers;
    DiskFloor.FreeSpace diskSpace;
    EngineListener listener = EngineListener.NONE;
    Duration taskNotFoundGrace = SeedanceSettings.DEFAULT_TASK_NOT_FOUND_GRACE;
    SpendSettings spend = SpendSettings.DEFAULTS;
    TrustSettings trust = TrustSettings.defaults();
    QueueSettings queue = QueueSettings.fast();
    Clock clock;

    EngineHarness(Path dir, FakeSeedanceServer fake, RecordingPlatformPort port) {
        this.dir = dir;
        this.fake = fake;
        this.port = port;
        this.settings = EngineSettings.fast(dir.resolve("work"));
    }

    /**
     * For a test that drives the engine one step at a time on {@code testClock}: the engine is never started, and each
     * step's provider and platform calls run on the test's thread.
     */
    EngineHarness stepped(Clock testClock) {
        this.clock = testClock;
        this.tick = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(); // given, never started
        this.workers = new CallerRuns();
        return this;
    }

    CoreAssembly build() {
        SeedanceSettings seedance = new SeedanceSettings(fake.baseUrl(), fake.apiKey(), SeedanceSettings.DEFAULT_MODEL,
                Duration.ofSeconds(2), readTimeout, 200L * 1024 * 1024, null, Duration.ofMillis(10),
                Duration.ofSeconds(5), 3, 3, Duration.ofMillis(10))
                .withGraces(SeedanceSettings.DEFAULT_ASSET_INACTIVE_TIMEOUT, taskNotFoundGrace);
        CoreAssembly.Builder builder = CoreAssembly.builder()
                .workDir(dir.resolve("work"))
                .seedance(seedance)
                .engineSettings(settings)
                .quotaSettings(quotaSettings)
                .decorateGenerator(decorator)
                .spend(spend)
                .trust(trust)
                .listener(listener)
                .queue(queue);
        if (tick != null) {
            builder.executors(tick, workers);
        }
        if (clock != null) {
            builder.clock(clock);
        }
        if (diskSpace != null) {
            builder.diskSpace(diskSpace);
        }
        CoreAssembly core = builder.build();
        core.router().register(port);
        return core;
    }

    static VideoRequest text(String prompt) {
        return VideoRequest.text(prompt, VideoOptions.DEFAULTS, ALICE, CHAT);
    }

    VideoRequest withImage(String prompt, String mediaName) {
        Path file = TestMedia.copyTo(dir.resolve("uploads"), mediaName);
        MediaInput image = new MediaInput(MediaRole.REFERENCE_IMAGE, new MediaSource.LocalFile(file), mediaName);
        return new VideoRequest(prompt, java.util.List.of(image), VideoOptions.DEFAULTS,
                dev.seedancebot.core.request.Intent.GENERATE, ALICE, CHAT);
    }

    VideoRequest withVideo(String prompt, String mediaName) {
        Path file = TestMedia.copyTo(dir.resolve("uploads"), mediaName);
        MediaInput video = new MediaInput(MediaRole.REFERENCE_VIDEO, new MediaSource.LocalFile(file), mediaName);
        return new VideoRequest(prompt, java.util.List.of(video), VideoOptions.DEFAULTS,
                dev.seedancebot.core.request.Intent.GENERATE, ALICE, CHAT);
    }
}
