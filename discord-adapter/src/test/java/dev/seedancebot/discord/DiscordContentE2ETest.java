package dev.seedancebot.discord;

import static dev.seedancebot.testkit.discord.FakeDiscord.ALICE;
import static dev.seedancebot.testkit.discord.FakeDiscord.MONA_MODERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.content.ContentTexts;
import dev.seedancebot.testkit.discord.Interaction;
import dev.seedancebot.testkit.discord.RecordedCall;
import dev.seedancebot.testkit.discord.SlashCommand;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server's content controls end to end: real JDA against the fake Discord, the real core against the fake Seedance.
 */
class DiscordContentE2ETest {
    @TempDir
    Path dir;
    private DiscordRig rig;

    @BeforeEach
    void start() {
        rig = DiscordRig.start(dir);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void video_withAWordTheModeratorsBlocked_refusedPrivatelyWithoutNamingItAndNotCharged() {
        Interaction add = rig.discord.dispatch(SlashCommand.of("videomod", "words").option("action", "add")
                .option("value", "Gore").by(MONA_MODERATOR));
        rig.awaitReplyContaining(add, "are now refused here");

        Interaction video = rig.discord.dispatch(SlashCommand.of("video", "text")
                .option("prompt", "a knight, lots of GORE, at dawn"));

        RecordedCall reply = rig.awaitReplyContaining(video, "do not allow");
        assertThat(reply.content()).isEqualTo(ContentTexts.BLOCKED).doesNotContainIgnoringCase("gore");
        assertThat(rig.tasksOf(ALICE)).isEmpty();
        assertThat(rig.ledgerRows()).isZero();
        assertThat(rig.seedance.createRequests()).isEmpty();
    }

    @Test
    void words_listedByAModerator_showsTheEntries() {
        rig.awaitReplyContaining(rig.discord.dispatch(SlashCommand.of("videomod", "words").option("action", "add")
                .option("value", "blood bath").by(MONA_MODERATOR)), "now refused");

        Interaction list = rig.discord.dispatch(SlashCommand.of("videomod", "words").option("action", "list")
                .by(MONA_MODERATOR));

        assertThat(rig.awaitReplyContaining(list, "Blocked here (1)").content()).contains("blood bath");
    }
}
