package dev.seedancebot.telegram;

import static dev.seedancebot.telegram.TelegramRig.ALICE;
import static dev.seedancebot.telegram.TelegramRig.BOB;
import static dev.seedancebot.telegram.TelegramRig.GROUP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.content.ContentTexts;
import dev.seedancebot.testkit.telegram.BotMessage;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group's content controls end to end: real TelegramBots against the fake Bot API, the real core against the fake
 * Seedance. Bob administers the group.
 */
class TelegramContentE2ETest {
    @TempDir
    Path dir;
    private TelegramRig rig;

    @BeforeEach
    void start() {
        rig = TelegramRig.start(dir);
        rig.telegram.setAdministrators(GROUP, BOB);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void video_withAWordTheAdminBlocked_refusedWithoutRepeatingItAndNotCharged() {
        rig.telegram.message(GROUP, BOB).text("/videomod words add nud*").send();
        rig.awaitText(GROUP, "are now refused here");

        rig.telegram.message(GROUP, ALICE).text("/video a Nude statue in the rain").send();

        BotMessage refused = rig.awaitText(GROUP, "do not allow");
        assertThat(refused.text()).isEqualTo(ContentTexts.BLOCKED).doesNotContainIgnoringCase("nud");
        assertThat(rig.tasksOf(ALICE)).isEmpty();
        assertThat(rig.ledgerRows()).isZero();
        assertThat(rig.seedance.createRequests()).isEmpty();
    }

    @Test
    void words_memberWhoIsNoAdmin_refused() {
        rig.telegram.message(GROUP, ALICE).text("/videomod words add gore").send();

        rig.awaitText(GROUP, "moderators");
        rig.telegram.message(GROUP, ALICE).text("/video some gore").send();
        rig.awaitText(GROUP, "Video ");
    }
}
