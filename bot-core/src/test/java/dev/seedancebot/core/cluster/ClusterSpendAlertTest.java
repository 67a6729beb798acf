package dev.seedancebot.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.engine.RecordingPlatformPort;
import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.engine.queue.Dispatcher;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.core.spend.OperatorAlerts;
import dev.seedancebot.core.spend.SpendPrices;
import dev.seedancebot.core.spend.SpendSettings;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily spend alert with two instances on one PostgreSQL database: the day is claimed in the shared table, so
 * the operators get one message however many instances see the threshold passed. Likewise the "model not found"
 * streak and its alert are shared: a refusal on one instance and an accepted create on the other are one story.
 */
class ClusterSpendAlertTest {
    private static final UserKey OPERATOR = new UserKey(Platform.CONSOLE, "op");

    @TempDir
    Path dir;

    @Test
    void dailySpendAlert_twoInstancesPassTheThreshold_operatorMessagedOnce() {
        onTwoInstances((a, portA, b, portB) -> {
            a.start();
            b.start();
            // USD 10 per million tokens, 1.089 a video: the second video passes the USD 2.00 alert
            video(a, "one");
            video(b, "two");
            video(a, "three");
            await().atMost(Duration.ofSeconds(30)).until(() -> a.engine().unfinishedCount() == 0);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> portA.directMessages().size() + portB.directMessages().size() >= 1);

            boolean againA = a.alerts().checkDailySpend();
            boolean againB = b.alerts().checkDailySpend();

            assertThat(againA).isFalse();
            assertThat(againB).isFalse();
            assertThat(a.alerts().alertsSent(OperatorAlerts.Kind.DAILY_SPEND)
                    + b.alerts().alertsSent(OperatorAlerts.Kind.DAILY_SPEND)).isEqualTo(1);
            assertThat(portA.directMessages().size() + portB.directMessages().size()).isEqualTo(1);
            assertThat(a.database().jdbc().query("SELECT COUNT(*) FROM operator_alert", r -> r.getLong(1)))
                    .containsExactly(1L);
        });
    }

    @Test
    void modelUnavailable_streakSharedByTwoInstances_operatorMessagedOnceAndAnAcceptedCreateEndsIt() {
        onTwoInstances((a, portA, b, portB) -> {
            Instant start = Instant.parse("2026-01-01T10:00:00Z");
            Dispatcher.ModelStreak onA = a.engine().queue().modelUnavailable(start);
            Dispatcher.ModelStreak onB = b.engine().queue().modelUnavailable(start.plus(Duration.ofMinutes(11)));
            a.alerts().modelUnavailable("model_not_found", onB.lasted());
            b.alerts().modelUnavailable("model_not_found", onB.lasted());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> portA.directMessages().size() + portB.directMessages().size() >= 1);
            b.engine().queue().accepted();
            Dispatcher.ModelStreak afterAccepted = a.engine().queue().modelUnavailable(
                    start.plus(Duration.ofMinutes(12)));

            assertThat(onA.lasted()).isZero();
            assertThat(onB.lasted()).isEqualTo(Duration.ofMinutes(11));
            assertThat(onB.alert()).isTrue();
            assertThat(onB.giveUp()).isFalse();
            assertThat(afterAccepted.lasted()).isZero();
            assertThat(a.alerts().alertsSent(OperatorAlerts.Kind.MODEL_UNAVAILABLE)
                    + b.alerts().alertsSent(OperatorAlerts.Kind.MODEL_UNAVAILABLE)).isEqualTo(1);
            assertThat(portA.directMessages().size() + portB.directMessages().size()).isEqualTo(1);
        });
    }

    private interface TwoInstances {
        void run(CoreAssembly a, RecordingPlatformPort portA, CoreAssembly b, RecordingPlatformPort portB);
    }

    /** Two instances on one fresh PostgreSQL database and one fake provider, each with its own platform port. */
    private void onTwoInstances(TwoInstances test) {
        try (FakeSeedanceServer fake = FakeSeedanceServer.start()) {
            String url = TestPostgres.freshDatabase();
            RecordingPlatformPort portA = new RecordingPlatformPort();
            RecordingPlatformPort portB = new RecordingPlatformPort();
            CoreAssembly a = node(fake, url, "a", portA);
            CoreAssembly b = node(fake, url, "b", portB);
            try {
                test.run(a, portA, b, portB);
            } finally {
                a.close(Duration.ofSeconds(2));
                b.close(Duration.ofSeconds(2));
            }
        }
    }

    private CoreAssembly node(FakeSeedanceServer fake, String url, String name, RecordingPlatformPort port) {
        Path work = dir.resolve(name);
        CoreAssembly core = CoreAssembly.builder()
                .workDir(work)
                .jdbc(url, TestPostgres.USER, "")
                .seedance(SeedanceSettings.defaults(fake.apiKey()).withBaseUrl(fake.baseUrl()))
                .engineSettings(EngineSettings.fast(work).withPollInterval(Duration.ofMillis(100)))
                .quotaSettings(new QuotaSettings(ZoneId.of("UTC"), 0, 0, 0, 0))
                .trust(TrustSettings.defaults().withOperators(Set.of(OPERATOR)))
                .spend(new SpendSettings(SpendPrices.flat(Currency.getInstance("USD"), BigDecimal.TEN),
                        new BigDecimal("2.00"), Duration.ofHours(1)))
                .build();
        core.router().register(port);
        return core;
    }

    private static void video(CoreAssembly core, String prompt) {
        ChatRef chat = ChatRef.of(Platform.CONSOLE, "community-1", "chat-1");
        var outcome = core.engine().submit(VideoRequest.text(prompt, VideoOptions.DEFAULTS,
                new UserKey(Platform.CONSOLE, "user-" + prompt), chat), Set.of());
        assertThat(outcome).isInstanceOf(SubmitOutcome.Accepted.class);
    }
}
