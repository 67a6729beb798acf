package dev.seedancebot.telegram;

import static dev.seedancebot.telegram.TelegramRig.ALICE;
import static dev.seedancebot.telegram.TelegramRig.BOB;
import static dev.seedancebot.telegram.TelegramRig.GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.testkit.MutableClock;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.loopback.IdleClosingFront;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telegram's file host closes keep-alive connections that stayed idle, like any server. The photo of a command sent
 * after such a pause must still be downloaded: a pooled connection the host closed may cost neither the request nor a
 * refusal. The file host is the fake's download route behind a front that closes idle connections on command; the
 * Bot API calls go to the fake directly.
 */
class TelegramFileHostIdleCloseTest {
    private final MutableClock frontClock = new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));
    private TelegramRig rig;
    private IdleClosingFront fileHost;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
        if (fileHost != null) {
            fileHost.close();
        }
    }

    @Test
    void fileDownload_afterTheHostClosedTheIdleConnection_fetchedOnANewOne(@TempDir Path dir) {
        FakeTelegramBotApi telegram = FakeTelegramBotApi.start();
        fileHost = new IdleClosingFront(telegram.port(), Duration.ofSeconds(6), frontClock);
        rig = TelegramRig.start(dir, telegram, s -> new TelegramSettings(s.token(), s.apiUrl(),
                "http://127.0.0.1:" + fileHost.port(), false, s.albumDebounce(), s.adminCacheTtl(), s.receiver()));

        telegram.message(GROUP, ALICE).photo(TestMedia.bytes(TestMedia.IMAGE_JPG))
                .caption("/video --first-frame the cat wakes up").send();
        await().atMost(TelegramRig.WAIT).until(() -> rig.seedance.createRequests().size() == 1);
        frontClock.advance(Duration.ofSeconds(30));
        int closed = fileHost.closeIdle();

        telegram.message(GROUP, BOB).photo(TestMedia.bytes(TestMedia.IMAGE_JPG))
                .caption("/video --first-frame the dog wakes up").send();
        await().atMost(TelegramRig.WAIT).until(() -> rig.seedance.createRequests().size() == 2);

        assertThat(closed).as("the first download's connection, closed while idle").isEqualTo(1);
        assertThat(fileHost.acceptedConnections()).as("the second download opened a new connection").isEqualTo(2);
        assertThat(rig.seedance.createRequests()).allSatisfy(r -> assertThat(r.bodyText()).contains("first_frame"));
    }
}
