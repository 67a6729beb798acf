package dev.seedancebot.discord;

import static dev.seedancebot.testkit.discord.FakeDiscord.ALICE;
import static dev.seedancebot.testkit.discord.FakeDiscord.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.testkit.MutableClock;
import dev.seedancebot.testkit.discord.CdnAttachment;
import dev.seedancebot.testkit.discord.SlashCommand;
import dev.seedancebot.testkit.loopback.IdleClosingFront;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discord's CDN, like any server, closes keep-alive connections that stayed idle. The attachment of a command that
 * comes after such a pause must still be fetched: a pooled connection the CDN closed may cost neither the request nor
 * a refusal. The CDN is played by the fake's own route behind a front that closes idle connections on command.
 */
class DiscordCdnIdleCloseTest {
    private final MutableClock frontClock = new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));
    private DiscordRig rig;
    private IdleClosingFront cdn;

    @AfterEach
    void stop() {
        if (cdn != null) {
            cdn.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void attachmentDownload_afterTheCdnClosedTheIdleConnection_fetchedOnANewOne(@TempDir Path dir) {
        rig = DiscordRig.start(dir);
        cdn = new IdleClosingFront(URI.create(rig.discord.restBaseUrl()).getPort(), Duration.ofSeconds(6), frontClock);

        rig.discord.dispatch(SlashCommand.of("video", "image").by(ALICE)
                .option("first_frame", throughFront(rig.png("first.png"))).option("prompt", "a cat wakes up"));
        await().atMost(DiscordRig.WAIT).until(() -> rig.seedance.createRequests().size() == 1);
        frontClock.advance(Duration.ofSeconds(30));
        int closed = cdn.closeIdle();

        rig.discord.dispatch(SlashCommand.of("video", "image").by(BOB)
                .option("first_frame", throughFront(rig.png("second.png"))).option("prompt", "a dog wakes up"));
        await().atMost(DiscordRig.WAIT).until(() -> rig.seedance.createRequests().size() == 2);

        assertThat(closed).as("the first download's connection, closed while idle").isEqualTo(1);
        assertThat(cdn.acceptedConnections()).as("the second download opened a new connection").isEqualTo(2);
        assertThat(rig.seedance.createRequests()).allSatisfy(r -> assertThat(r.bodyText()).contains("first_frame"));
    }

    /** The same attachment, fetched through the idle-closing front instead of the fake's own port. */
    private CdnAttachment throughFront(CdnAttachment a) {
        URI direct = URI.create(a.url());
        String url = "http://127.0.0.1:" + cdn.port() + direct.getRawPath() + "?" + direct.getRawQuery();
        return new CdnAttachment(a.id(), a.filename(), a.contentType(), a.declaredSize(), url);
    }
}
