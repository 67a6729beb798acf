package dev.seedancebot.discord;

import static dev.seedancebot.testkit.discord.FakeDiscord.ADAM_ADMIN;
import static dev.seedancebot.testkit.discord.FakeDiscord.ALICE;
import static dev.seedancebot.testkit.discord.FakeDiscord.MONA_MODERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.core.spend.SpendPrices;
import dev.seedancebot.core.spend.SpendSettings;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.testkit.discord.Interaction;
import dev.seedancebot.testkit.discord.RecordedCall;
import dev.seedancebot.testkit.discord.SlashCommand;
import dev.seedancebot.testkit.seedance.Faults;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /videomod spend}, the operator's direct messages and {@code /videomod queue action:resume} end to end: real
 * JDA against the fake Discord, the real core against the fake Seedance (108,900 tokens a default video, USD 10 per
 * million here: USD 1.09).
 */
class DiscordSpendE2ETest {
    @TempDir
    Path dir;
    private DiscordRig rig;

    @BeforeEach
    void start() {
        rig = DiscordRig.start(dir,
                TrustSettings.defaults().withOperators(Set.of(new UserKey(Platform.DISCORD, ADAM_ADMIN.id()))),
                new SpendSettings(SpendPrices.flat(Currency.getInstance("USD"), BigDecimal.TEN), BigDecimal.ZERO,
                        Duration.ofHours(1)));
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void spend_moderatorInTheServer_seesMoneyAndCreditsPerUserAndPerDay() {
        rig.discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a kite"));
        await().atMost(DiscordRig.WAIT).until(() -> !rig.tasksOf(ALICE).isEmpty()
                && rig.latestTask(ALICE).state() == TaskState.DELIVERED);
        long cost = rig.latestTask(ALICE).cost();

        Interaction i = rig.discord.dispatch(SlashCommand.of("videomod", "spend").by(MONA_MODERATOR));

        RecordedCall reply = rig.awaitReplyContaining(i, "Spend in this community");
        assertThat(reply.content()).contains("1 video, " + cost + " credits, USD 1.09", "108,900 tokens",
                "discord:" + ALICE.id() + " — 1 video", "Per day");
    }

    /** The operator ends an out-of-balance pause from Discord; a moderator may not. */
    @Test
    void queueResume_pausedForBalance_moderatorRefusedOperatorResumes() {
        rig.core.engine().queue().pauseForBalance(Instant.now());

        Interaction byModerator = rig.discord.dispatch(SlashCommand.of("videomod", "queue").option("action", "resume")
                .by(MONA_MODERATOR));
        rig.awaitReplyContaining(byModerator, "Only the bot's operators");
        assertThat(rig.core.engine().queue().status().paused()).isTrue();
        Interaction byOperator = rig.discord.dispatch(SlashCommand.of("videomod", "queue").option("action", "resume")
                .by(ADAM_ADMIN));

        rig.awaitReplyContaining(byOperator, "The queue runs again");
        assertThat(rig.core.engine().queue().status().paused()).isFalse();
    }

    /**
     * The first refusal pauses the queue; the second request waits for the balance recheck (a second with the
     * rig's fast queue), is tried once and refused too. The operator hears of it once.
     */
    @Test
    void outOfBalance_twoRequestsRefused_operatorGetsOneDirectMessage() {
        rig.seedance.failNextCreate(Faults.quotaNotEnough());
        rig.seedance.failNextCreate(Faults.quotaNotEnough());

        rig.discord.dispatch(SlashCommand.of("video", "text").option("prompt", "one"));
        await().atMost(DiscordRig.WAIT).until(() -> rig.tasksOf(ALICE).size() == 1
                && rig.latestTask(ALICE).state() == TaskState.FAILED);
        rig.discord.dispatch(SlashCommand.of("video", "text").option("prompt", "two"));
        await().atMost(DiscordRig.WAIT).until(() -> rig.tasksOf(ALICE).size() == 2
                && rig.tasksOf(ALICE).stream().allMatch(t -> t.state() == TaskState.FAILED));

        await().atMost(DiscordRig.WAIT).until(() -> rig.discord.dmChannelOf(ADAM_ADMIN.id())
                .map(dm -> !rig.discord.messages(dm).isEmpty()).orElse(false));
        List<JsonNode> dms = rig.discord.messages(rig.discord.dmChannelOf(ADAM_ADMIN.id()).orElseThrow());
        assertThat(dms).singleElement().satisfies(m -> assertThat(m.path("content").asText())
                .contains("out of balance", "quota_not_enough"));
        assertThat(rig.core.alerts().alertsSent(dev.seedancebot.core.spend.OperatorAlerts.Kind.OUT_OF_BALANCE))
                .isEqualTo(1);
    }
}
