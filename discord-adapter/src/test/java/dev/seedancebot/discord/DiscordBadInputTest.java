package dev.seedancebot.discord;

import static dev.seedancebot.testkit.discord.FakeDiscord.ADAM_ADMIN;
import static dev.seedancebot.testkit.discord.FakeDiscord.ALICE;
import static dev.seedancebot.testkit.discord.FakeDiscord.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.discord.CdnAttachment;
import dev.seedancebot.testkit.discord.FakeDiscord;
import dev.seedancebot.testkit.discord.Interaction;
import dev.seedancebot.testkit.discord.RecordedCall;
import dev.seedancebot.testkit.discord.SlashCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the real JDA: unknown commands, subcommands and values, wrong attachments, huge and exotic
 * prompts. Every refusal is a clear answer in the interaction, books nothing in the ledger and sends nothing to
 * Seedance. Discord itself enforces option types, ranges and choices for its clients; these interactions are what a
 * stale command registration or a modified client can still send.
 */
class DiscordBadInputTest {
    private static final String OOPS = "Something went wrong";

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
    void unknownCommand_repliesItIsNotKnown_noCharge() {
        Interaction i = discord.dispatch(SlashCommand.of("frobnicate").option("prompt", "x"));

        assertThat(rig.awaitReply(i).content()).contains("does not know /frobnicate");
        assertNothingCharged();
    }

    @Test
    void videoUnknownSubcommand_repliesWithTheModes_noCharge() {
        Interaction i = discord.dispatch(SlashCommand.of("video", "dance").option("prompt", "a cat"));

        assertThat(rig.awaitReply(i).content()).contains("Choose a mode").contains("/video text");
        assertNothingCharged();
    }

    @Test
    void videoTextDurationOutOfRange_clearMessageNamingTheRange_noCharge() {
        Interaction i = discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a cat").option("duration", 99));

        assertThat(rig.awaitReply(i).content()).contains("99 s", "4 to 15", "Nothing was charged").doesNotContain(OOPS);
        assertNothingCharged();
    }

    @Test
    void videoTextUnknownRatioValue_clearMessageNamingRatio_noCharge() {
        Interaction i = discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a cat")
                .option("ratio", "5:4"));

        assertThat(rig.awaitReply(i).content()).containsIgnoringCase("ratio").doesNotContain(OOPS);
        assertNothingCharged();
    }

    @Test
    void wrongAttachmentTypes_refusedByDeclaredTypeBeforeDownload_noCharge() {
        CdnAttachment audio = rig.media("song.mp3", "audio/mpeg", TestMedia.AUDIO_MP3_3S);
        CdnAttachment text = discord.hostAttachment("notes.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
        CdnAttachment untyped = rig.png("mystery.png").withContentType(null);

        Interaction audioAsFrame = discord.dispatch(SlashCommand.of("video", "image").option("first_frame", audio));
        Interaction textAsVideo = discord.dispatch(SlashCommand.of("video", "edit").option("video", text)
                .option("instruction", "make it pop"));
        Interaction noType = discord.dispatch(SlashCommand.of("video", "reference").option("prompt", "@image1 jumps")
                .option("image1", untyped));

        assertThat(rig.awaitReply(audioAsFrame).content()).contains("song.mp3", "audio/mpeg", "takes an image",
                "Nothing was charged");
        assertThat(rig.awaitReply(textAsVideo).content()).contains("notes.txt", "text/plain", "takes a video");
        assertThat(rig.awaitReply(noType).content()).contains("mystery.png", "unknown type");
        assertThat(discord.requests("GET", "/attachments/.*")).isEmpty();
        assertNothingCharged();
    }

    @Test
    void attachmentLyingAboutItsType_rejectedAfterReadingTheBytes_noCharge() {
        CdnAttachment fake = discord.hostAttachment("photo.png", "image/png", TestMedia.bytes(TestMedia.AUDIO_MP3_3S));

        Interaction i = discord.dispatch(SlashCommand.of("video", "image").option("first_frame", fake)
                .option("prompt", "go"));

        RecordedCall reply = rig.awaitReply(i);
        assertThat(reply.content()).contains("photo.png").doesNotContain(OOPS);
        assertThat(discord.requests("GET", "/attachments/.*")).hasSize(1);
        assertNothingCharged();
    }

    @Test
    void prompt20000Chars_refusedAsTooLong_noCharge() {
        Interaction i = discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a".repeat(20_000)));

        assertThat(rig.awaitReply(i).content()).containsIgnoringCase("prompt").contains("20,000", "5,000").doesNotContain(OOPS)
                .hasSizeLessThanOrEqualTo(2000);
        assertNothingCharged();
    }

    @Test
    void emojiAndRightToLeftPrompt_acceptedAndSentToSeedanceUnchanged() throws Exception {
        String prompt = "🦊‍🔥 שועל אדום רץ בשלג — ثعلب أحمر 🌨️ «test» \u202Eabc";

        discord.dispatch(SlashCommand.of("video", "text").option("prompt", prompt));

        await().atMost(DiscordRig.WAIT).until(() -> !rig.tasksOf(ALICE).isEmpty()
                && rig.latestTask(ALICE).state() == TaskState.DELIVERED);
        assertThat(rig.latestTask(ALICE).prompt()).isEqualTo(prompt);
        JsonNode body = new ObjectMapper().readTree(rig.seedance.createRequests().get(0).body());
        assertThat(body.path("content").get(0).path("text").asText()).contains(prompt);
        assertThat(rig.videoPosts(rig.latestTask(ALICE).id())).singleElement()
                .satisfies(p -> assertThat(p.path("content").asText()).contains("שועל אדום"));
    }

    @Test
    void registration_videomodOnlyInGuilds_videoAndQuotaAlsoInTheBotsDms() {
        JsonNode commands = discord.registeredCommands(FakeDiscord.GUILD_ID).orElseThrow();

        // 0 = GUILD, 1 = BOT_DM; never 2 (group DMs and DMs between others, where nobody can moderate)
        assertThat(commands).isNotEmpty().allSatisfy(c -> assertThat(c.path("contexts").toString())
                .as("contexts of /%s", c.path("name").asText())
                .isEqualTo(c.path("name").asText().equals("videomod") ? "[\"0\"]" : "[\"0\",\"1\"]"));
    }

    @Test
    void videomodBadValues_adminGetsTheProblem_nothingChanges() {
        Interaction badValue = discord.dispatch(SlashCommand.of("videomod", "limit").by(ADAM_ADMIN)
                .option("kind", "daily").option("value", "lots").option("user", BOB));
        Interaction badKind = discord.dispatch(SlashCommand.of("videomod", "limit").by(ADAM_ADMIN)
                .option("kind", "hourly").option("value", "5"));

        assertThat(rig.awaitReply(badValue).content()).contains("whole number", "'lots'");
        assertThat(rig.awaitReply(badKind).content()).contains("kind must be");
        assertThat(rig.moderationAuditRows()).isZero();
        assertNothingCharged();
    }

    private void assertNothingCharged() {
        assertThat(rig.ledgerRows()).as("ledger and charge rows").isZero();
        assertThat(rig.seedance.createRequests()).isEmpty();
        assertThat(rig.tasksOf(ALICE)).isEmpty();
    }
}
