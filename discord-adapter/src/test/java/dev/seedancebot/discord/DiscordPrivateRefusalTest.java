package dev.seedancebot.discord;

import static dev.seedancebot.testkit.discord.FakeDiscord.ALICE;
import static dev.seedancebot.testkit.discord.FakeDiscord.CHANNEL_GENERAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedancebot.testkit.discord.FakeDiscord;
import dev.seedancebot.testkit.discord.Interaction;
import dev.seedancebot.testkit.discord.RecordedCall;
import dev.seedancebot.testkit.discord.SlashCommand;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who sees a public {@code /video}'s answer, through the real JDA: a refusal concerns the requester alone, so the
 * public "thinking…" response is deleted and only they get the answer (an ephemeral follow-up); an accepted request
 * keeps its progress where everyone sees it.
 */
class DiscordPrivateRefusalTest {
    private static final String ORIGINAL = ".*/messages/@original";

    @TempDir
    Path dir;

    private DiscordRig rig;
    private FakeDiscord discord;

    @BeforeEach
    void start() {
        rig = DiscordRig.start(dir);
        discord = rig.discord;
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void publicVideo_refused_deletesThePublicResponseAndTellsOnlyTheRequester_noCharge() {
        Interaction i = discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a cat")
                .option("duration", 99));

        RecordedCall told = rig.awaitReplyContaining(i, "Nothing was charged");

        assertThat(told.method()).isEqualTo("POST");
        assertThat(DiscordRig.ephemeral(told)).as("follow-up flags 64").isTrue();
        assertThat(told.content()).contains("99 s", "4 to 15");
        assertThat(told.json().has("allowed_mentions")).as("pings nobody").isTrue();
        assertThat(told.json().path("allowed_mentions").path("parse")).isEmpty();
        List<RecordedCall> calls = discord.requests();
        RecordedCall deleted = discord.requests("DELETE", i.webhookPath()).stream().findFirst().orElseThrow();
        assertThat(deleted.path()).matches(ORIGINAL);
        assertThat(deleted.status()).isEqualTo(204);
        // a follow-up sent while the deferred response still loads would edit it, public, instead
        assertThat(calls.indexOf(deleted)).isLessThan(calls.indexOf(told));
        assertThat(discord.requests("PATCH", i.webhookPath())).as("no edit of the public response").isEmpty();
        assertThat(publicMessages()).as("public messages left in the channel").isEmpty();
        assertThat(rig.ledgerRows()).isZero();
        assertThat(rig.seedance.createRequests()).isEmpty();
        assertThat(rig.tasksOf(ALICE)).isEmpty();
    }

    @Test
    void privateVideo_refused_editsItsOwnPrivateResponse() {
        Interaction i = discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a cat")
                .option("duration", 99).option("private", true));

        RecordedCall told = rig.awaitReplyContaining(i, "Nothing was charged");

        assertThat(told.method()).isEqualTo("PATCH");
        assertThat(discord.requests("DELETE", i.webhookPath())).isEmpty();
        assertThat(publicMessages()).isEmpty();
    }

    @Test
    void publicVideo_accepted_showsItsProgressToEveryone() {
        Interaction i = discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a fox at dawn"));

        await().atMost(DiscordRig.WAIT).until(() -> discord.requests("PATCH", i.webhookPath()).stream()
                .anyMatch(c -> c.status() == 200));

        assertThat(discord.requests("DELETE", i.webhookPath())).isEmpty();
        assertThat(publicMessages()).as("the progress message").hasSize(1);
        assertThat(rig.tasksOf(ALICE)).hasSize(1);
    }

    /** Messages in the channel that everyone sees (not ephemeral). */
    private List<JsonNode> publicMessages() {
        return discord.messages(CHANNEL_GENERAL).stream()
                .filter(m -> (m.path("flags").asInt() & 64) == 0)
                .toList();
    }
}
