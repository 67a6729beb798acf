package dev.seedancebot.core.seedance;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.request.Intent;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.MediaSource;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.testkit.MutableClock;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;

/** Shared wiring for the Seedance client tests: short timeouts, a clock that only moves when the client "sleeps". */
final class SeedanceTestSupport {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final UserKey USER = new UserKey(Platform.DISCORD, "42");
    static final ChatRef CHAT = ChatRef.of(Platform.DISCORD, "guild", "channel");
    /** Generous, because the suite shares the machine with other builds; only timeout tests use {@link #SHORT_TIMEOUT}. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    /** For tests that need the client to give up: the fake answers such calls only after {@link #LATE}. */
    static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);
    static final Duration LATE = Duration.ofSeconds(3);

    private SeedanceTestSupport() {}

    /** Where the tests' clocks start. */
    static final Instant START = Instant.parse("2026-03-12T23:11:29Z");

    /** Records every requested pause and moves the {@link MutableClock} by it instead of waiting. */
    static final class RecordingSleeper implements Sleeper {
        private final MutableClock clock;
        private final List<Duration> pauses = new CopyOnWriteArrayList<>();

        RecordingSleeper(MutableClock clock) {
            this.clock = clock;
        }

        @Override
        public void sleep(Duration duration) {
            pauses.add(duration);
            clock.advance(duration);
        }

        List<Duration> pauses() {
            return List.copyOf(pauses);
        }
    }

    /** Test settings: the fake's URL and key, 5 s timeouts, asset checks every 3 s for up to 60 s. */
    static SeedanceSettings settings(String baseUrl, String apiKey) {
        return new SeedanceSettings(
                baseUrl,
                apiKey,
                SeedanceSettings.DEFAULT_MODEL,
                READ_TIMEOUT,
                READ_TIMEOUT,
                10L * 1024 * 1024,
                null,
                Duration.ofSeconds(3),
                Duration.ofSeconds(60),
                3,
                2,
                Duration.ofSeconds(10));
    }

    static SeedanceSettings settings(FakeSeedanceServer fake) {
        return settings(fake.baseUrl(), fake.apiKey());
    }

    static SeedanceClient client(OkHttpClient http, SeedanceSettings settings, MutableClock clock, Sleeper sleeper) {
        return new SeedanceClient(http, MAPPER, settings, clock, sleeper, new Random(7));
    }

    static VideoRequest text(String prompt) {
        return VideoRequest.text(prompt, VideoOptions.DEFAULTS, USER, CHAT);
    }

    static VideoRequest withMedia(String prompt, VideoOptions options, MediaInput... media) {
        return new VideoRequest(prompt, List.of(media), options, Intent.GENERATE, USER, CHAT);
    }

    static MediaInput local(Path dir, String testMedia, MediaRole role) {
        return new MediaInput(role, new MediaSource.LocalFile(TestMedia.copyTo(dir, testMedia)), testMedia);
    }

    /** A loopback port that nothing listens on, for "connection refused". */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
