package dev.seedancebot.discord;

import static dev.seedancebot.testkit.discord.FakeDiscord.ADAM_ADMIN;
import static dev.seedancebot.testkit.discord.FakeDiscord.ALICE;
import static dev.seedancebot.testkit.discord.FakeDiscord.BOB;
import static dev.seedancebot.testkit.discord.FakeDiscord.CHANNEL_GENERAL;
import static dev.seedancebot.testkit.discord.FakeDiscord.CHANNEL_VIDEOS;
import static dev.seedancebot.testkit.discord.FakeDiscord.HELGA_HELPER;
import static dev.seedancebot.testkit.discord.FakeDiscord.MONA_MODERATOR;
import static dev.seedancebot.testkit.discord.FakeDiscord.ROLE_HELPERS;
import static dev.seedancebot.testkit.discord.FakeDiscord.THREAD_IDEAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.LimitKind;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.discord.CdnAttachment;
import dev.seedancebot.testkit.discord.FakeDiscord;
import dev.seedancebot.testkit.discord.Interaction;
import dev.seedancebot.testkit.discord.RecordedCall;
import dev.seedancebot.testkit.discord.SlashCommand;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import net.dv8tion.jda.api.JDA;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real adapter on the real JDA against {@link FakeDiscord}, with the real core (H2 file, engine, quota) against
 * {@link FakeSeedanceServer}: from slash command to the video in the channel.
 */
class DiscordAdapterE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final UserKey ALICE_KEY = new UserKey(Platform.DISCORD, ALICE.id());

    @TempDir
    Path dir;

    private final OffsetClock clock = new OffsetClock();
    private JdaLogWatcher logs;
    private FakeSeedanceServer seedance;
    private FakeDiscord discord;
    private CoreAssembly core;
    private DiscordAdapter adapter;

    @BeforeEach
    void start() {
        logs = JdaLogWatcher.attach();
        seedance = FakeSeedanceServer.start();
        discord = FakeDiscord.start(clock);
        Path work = dir.resolve("work");
        core = CoreAssembly.builder()
                .workDir(work)
                .seedance(new SeedanceSettings(seedance.baseUrl(), seedance.apiKey(), SeedanceSettings.DEFAULT_MODEL,
                        Duration.ofSeconds(2), Duration.ofSeconds(10), 200L * 1024 * 1024, null, Duration.ofMillis(10),
                        Duration.ofSeconds(5), 3, 3, Duration.ofMillis(10)))
                .engineSettings(EngineSettings.fast(work))
                .clock(clock)
                .build();
        adapter = new DiscordAdapter(new DiscordSettings("fake-token", discord.restBaseUrl(), discord.gatewayUrl(),
                false, List.of(FakeDiscord.GUILD_ID), Set.of(FakeDiscord.ROLE_MODERATORS)),
                core.ports(), core.router(), clock);
        adapter.start();
        core.start();
    }

    @AfterEach
    void stop() {
        // checked before shutting down: shutdownNow interrupts requests in flight, which JDA logs as errors
        try {
            logs.assertNoParseErrors();
        } finally {
            if (adapter.shardManager() != null) {
                adapter.shardManager().getShards().forEach(JDA::shutdownNow);
            }
            adapter.close();
            core.close(Duration.ofSeconds(2));
            seedance.close();
            discord.close();
            logs.close();
        }
    }

    @Test
    void start_guildConfigured_registersVideoQuotaHistoryLanguageAndVideomodInGuild() {
        JsonNode commands = discord.registeredCommands(FakeDiscord.GUILD_ID).orElseThrow();

        assertThat(commands).extracting(c -> c.get("name").asText())
                .containsExactly("video", "quota", "history", "language", "videomod");
        assertThat(commands.get(4).get("default_member_permissions").asText()).isEqualTo("32");
        assertThat(commands.get(0).get("options")).extracting(o -> o.get("name").asText())
                .containsExactly("text", "image", "reference", "edit", "extend");
    }

    @Test
    void videoText_slashCommand_defersThenPostsVideoInChannelMentioningUser() {
        Interaction i = discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a red fox in snow")
                .option("duration", 4).option("resolution", "480p"));

        RecordedCall ack = discord.awaitRequest("POST", i.callbackPath(), WAIT);
        RecordedCall posted = awaitDelivery(CHANNEL_GENERAL);

        assertThat(ack.json().get("type").asInt()).isEqualTo(5);
        assertThat(posted.content()).contains("<@" + ALICE.id() + ">").contains("a red fox in snow")
                .contains("4 s · 480p");
        assertThat(posted.files()).singleElement().satisfies(f -> assertThat(f.bytes()).hasSize(
                (int) seedance.resultSizeBytes()));
        assertThat(posted.json().get("nonce").asText()).startsWith("t");
        assertThat(posted.json().get("enforce_nonce").asBoolean()).isTrue();
        assertThat(posted.json().toString()).contains("sd:reroll:", "sd:extend:");
        assertThat(discord.requests("PATCH", i.webhookPath())).isNotEmpty();
        // the post is recorded when it arrives; the engine marks the task delivered once Discord's answer is back
        await().atMost(WAIT).until(() -> latestTask().state() == TaskState.DELIVERED);
    }

    @Test
    void videoImage_firstAndLastFrameInThread_videoPostedInThread() {
        CdnAttachment first = image("first.png", TestMedia.IMAGE_PNG);
        CdnAttachment last = image("last.png", TestMedia.IMAGE_PNG);

        discord.dispatch(SlashCommand.of("video", "image").option("first_frame", first).option("last_frame", last)
                .option("prompt", "morph").in(THREAD_IDEAS));

        RecordedCall posted = awaitDelivery(THREAD_IDEAS);
        assertThat(posted.files()).hasSize(1);
        assertThat(latestTask().chat().threadId()).isEqualTo(THREAD_IDEAS);
        assertThat(latestTask().chat().chatId()).isEqualTo(CHANNEL_GENERAL);
        assertThat(discord.requests("GET", "/attachments/.*")).hasSize(2);
    }

    @Test
    void videoReference_imageVideoAndAudio_videoPosted() {
        discord.dispatch(SlashCommand.of("video", "reference")
                .option("prompt", "@image1 dances to @audio1 like @video1")
                .option("image1", image("ref.jpg", TestMedia.IMAGE_JPG))
                .option("video1", media("ref.mp4", "video/mp4", TestMedia.VIDEO_3S))
                .option("audio1", media("ref.mp3", "audio/mpeg", TestMedia.AUDIO_MP3_3S)));

        awaitDelivery(CHANNEL_GENERAL);
        assertThat(latestTask().mode().name()).isEqualTo("REFERENCE");
    }

    @Test
    void videoEditAndExtend_videoAndInstruction_bothPosted() {
        discord.dispatch(SlashCommand.of("video", "edit").option("video", media("in.mp4", "video/mp4",
                TestMedia.VIDEO_3S)).option("instruction", "make it night"));
        awaitDeliveries(CHANNEL_GENERAL, 1);
        discord.dispatch(SlashCommand.of("video", "extend").option("video", media("in2.mp4", "video/mp4",
                TestMedia.VIDEO_3S)).option("instruction", "the fox jumps"));

        awaitDeliveries(CHANNEL_GENERAL, 2);
        assertThat(core.engine().recentTasks(ALICE_KEY, 2)).extracting(t -> t.mode().name())
                .containsExactlyInAnyOrder("EDIT", "EXTEND");
    }

    @Test
    void videoImage_imageTooSmall_convertedAndTheRequesterToldPrivately() throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB), "png", png);
        Interaction i = discord.dispatch(SlashCommand.of("video", "image")
                .option("first_frame", discord.hostAttachment("tiny.png", "image/png", png.toByteArray())));

        RecordedCall told = discord.awaitRequest("POST", i.webhookPath(), WAIT);
        awaitDelivery(CHANNEL_GENERAL);

        assertThat(told.json().get("flags").asInt() & 64).as("ephemeral").isEqualTo(64);
        assertThat(told.content()).contains("tiny.png", "200×200");
        assertThat(seedance.createRequests()).hasSize(1);
    }

    @Test
    void videoImage_imageTooWide_repliesWithProblemAndChargesNothing() {
        // a small image is scaled up before charging; only cropping could fix a 6:1 panorama, so it is refused
        Interaction i = discord.dispatch(SlashCommand.of("video", "image")
                .option("first_frame", image("wide.png", TestMedia.IMAGE_TOO_WIDE)));

        RecordedCall reply = awaitReply(i);
        assertThat(reply.content()).contains("Nothing was charged");
        assertThat(core.engine().recentTasks(ALICE_KEY, 5)).isEmpty();
        assertThat(seedance.createRequests()).isEmpty();
    }

    @Test
    void videoImage_declaredWrongTypeOrTooLarge_refusedBeforeDownload() {
        CdnAttachment video = media("clip.mp4", "video/mp4", TestMedia.VIDEO_3S);
        Interaction wrongType = discord.dispatch(SlashCommand.of("video", "image").option("first_frame", video));
        assertThat(awaitReply(wrongType).content()).contains("clip.mp4").contains("takes an image");

        CdnAttachment huge = image("huge.png", TestMedia.IMAGE_PNG).withDeclaredSize(900L * 1024 * 1024);
        Interaction tooLarge = discord.dispatch(SlashCommand.of("video", "image").option("first_frame", huge));

        assertThat(awaitReply(tooLarge).content()).contains("huge.png").contains("at most");
        assertThat(discord.requests("GET", "/attachments/.*")).isEmpty();
    }

    @Test
    void videoText_dailyLimitReached_repliesDeniedAndPostsNothing() {
        core.quota().setUserLimit(FakeDiscord.GUILD_ID, ALICE_KEY, LimitKind.DAILY, 1L);

        Interaction i = discord.dispatch(SlashCommand.of("video", "text").option("prompt", "too expensive"));

        assertThat(awaitReply(i).content()).isNotBlank();
        assertThat(seedance.createRequests()).isEmpty();
        assertThat(discord.messages(CHANNEL_GENERAL)).noneMatch(m -> m.path("webhook_id").isMissingNode()
                && m.get("content").asText().contains("ready"));
    }

    @Test
    void videomod_adminGrantsAndModeratorRoleReadsUsage_runnerAnswers() {
        Interaction grant = discord.dispatch(SlashCommand.of("videomod", "grant").by(ADAM_ADMIN)
                .option("user", BOB).option("credits", 50).option("reason", "contest winner"));
        assertThat(awaitReply(grant).content()).contains("50");

        Interaction usage = discord.dispatch(SlashCommand.of("videomod", "usage").by(MONA_MODERATOR)
                .option("user", BOB));

        assertThat(awaitReply(usage).content()).containsIgnoringCase("bonus");
        assertThat(core.quota().snapshot(new UserKey(Platform.DISCORD, BOB.id()), FakeDiscord.GUILD_ID, Set.of())
                .bonusRemaining()).isEqualTo(50);
    }

    @Test
    void videomod_memberWithoutPermission_isRefused() {
        Interaction i = discord.dispatch(SlashCommand.of("videomod", "grant").by(BOB).option("user", BOB)
                .option("credits", 500));

        assertThat(awaitReply(i).content()).contains("Only this community's moderators");
        assertThat(core.quota().snapshot(new UserKey(Platform.DISCORD, BOB.id()), FakeDiscord.GUILD_ID, Set.of())
                .bonusRemaining()).isZero();
    }

    @Test
    void videomodSet_maxResolution_refusesExplicit720pAndMakesDefaultsAt480p() {
        Interaction set = discord.dispatch(SlashCommand.of("videomod", "set").by(ADAM_ADMIN)
                .option("setting", "max-resolution").option("value", "480p"));
        assertThat(awaitReply(set).content()).contains("Set max-resolution to 480p");

        Interaction refused = discord.dispatch(SlashCommand.of("video", "text").option("prompt", "too sharp")
                .option("resolution", "720p"));
        assertThat(awaitReply(refused).content()).contains("up to 480p").contains("Nothing was charged");
        assertThat(seedance.createRequests()).isEmpty();

        discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a calm lake"));
        awaitDelivery(CHANNEL_GENERAL);
        assertThat(seedance.createRequests()).singleElement()
                .satisfies(r -> assertThat(r.bodyText()).contains("\"resolution\":\"480p\""));
        Interaction settings = discord.dispatch(SlashCommand.of("videomod", "settings").by(MONA_MODERATOR));
        assertThat(awaitReply(settings).content()).contains("max-resolution: 480p *").contains("resolution: 480p");
    }

    @Test
    void videomodChannel_allowOne_refusesVideoElsewhereAndAcceptsItThere() {
        Interaction allow = discord.dispatch(SlashCommand.of("videomod", "channel").by(ADAM_ADMIN)
                .option("action", "allow").channelOption("channel", CHANNEL_VIDEOS));
        assertThat(awaitReply(allow).content()).contains("<#" + CHANNEL_VIDEOS + ">");

        Interaction elsewhere = discord.dispatch(SlashCommand.of("video", "text").option("prompt", "wrong room"));
        assertThat(awaitReply(elsewhere).content()).contains("Videos are made in <#" + CHANNEL_VIDEOS + ">")
                .contains("Nothing was charged");
        assertThat(seedance.createRequests()).isEmpty();

        discord.dispatch(SlashCommand.of("video", "text").option("prompt", "right room").in(CHANNEL_VIDEOS));
        awaitDelivery(CHANNEL_VIDEOS);
        assertThat(core.quota().snapshot(ALICE_KEY, FakeDiscord.GUILD_ID, Set.of()).usedToday()).isPositive();
    }

    @Test
    void videomodModerator_roleAddedByAdmin_mayModerateButNotAppoint() {
        Interaction before = discord.dispatch(SlashCommand.of("videomod", "usage").by(HELGA_HELPER));
        assertThat(awaitReply(before).content()).contains("Only this community's moderators");

        Interaction add = discord.dispatch(SlashCommand.of("videomod", "moderator").by(ADAM_ADMIN)
                .option("action", "add").roleOption("role", ROLE_HELPERS));
        assertThat(awaitReply(add).content()).contains("<@&" + ROLE_HELPERS + "> can now use /videomod");

        Interaction usage = discord.dispatch(SlashCommand.of("videomod", "usage").by(HELGA_HELPER));
        assertThat(awaitReply(usage).content()).contains("Community " + FakeDiscord.GUILD_ID);
        Interaction appoint = discord.dispatch(SlashCommand.of("videomod", "moderator").by(HELGA_HELPER)
                .option("action", "add").roleOption("role", ROLE_HELPERS));
        assertThat(awaitReply(appoint).content()).contains("Only this community's admins");
    }

    @Test
    void cancelButton_strangerRefusedOwnerCancels_taskCancelled() {
        seedance.scriptNextTask(TaskScript.of(Step.pending("QUEUED"), Step.stuck()));
        Interaction i = discord.dispatch(SlashCommand.of("video", "text").option("prompt", "never finishes"));
        RecordedCall progress = awaitProgressWith(i, "sd:cancel:");
        String taskId = latestTask().id();
        String messageId = discord.messages(CHANNEL_GENERAL).stream()
                .filter(m -> m.toString().contains("sd:cancel:" + taskId)).findFirst().orElseThrow().get("id").asText();
        assertThat(progress.json().toString()).contains("sd:cancel:" + taskId);

        Interaction stranger = discord.clickButton(BOB, messageId, "sd:cancel:" + taskId);
        assertThat(awaitReply(stranger).content()).contains("Only the person who asked");
        Interaction owner = discord.clickButton(ALICE, messageId, "sd:cancel:" + taskId);

        assertThat(awaitReply(owner).content()).contains("Cancelled");
        assertThat(core.engine().task(taskId).orElseThrow().state()).isEqualTo(TaskState.CANCELLED);
    }

    @Test
    void rerollButton_onDeliveredVideo_postsSecondVideo() {
        discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a lighthouse"));
        awaitDeliveries(CHANNEL_GENERAL, 1);
        JsonNode delivered = deliveredMessages(CHANNEL_GENERAL).get(0);
        String first = latestTask().id();

        discord.clickButton(BOB, delivered.get("id").asText(), "sd:reroll:" + first);

        awaitDeliveries(CHANNEL_GENERAL, 2);
        TaskView reroll = core.engine().recentTasks(new UserKey(Platform.DISCORD, BOB.id()), 1).get(0);
        assertThat(reroll.parentId()).isEqualTo(first);
        assertThat(reroll.prompt()).isEqualTo("a lighthouse");
    }

    @Test
    void extendButton_opensModalAndSubmission_postsExtension() {
        discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a boat"));
        awaitDeliveries(CHANNEL_GENERAL, 1);
        JsonNode delivered = deliveredMessages(CHANNEL_GENERAL).get(0);
        String first = latestTask().id();

        Interaction click = discord.clickButton(ALICE, delivered.get("id").asText(), "sd:extend:" + first);
        RecordedCall modal = discord.awaitRequest("POST", click.callbackPath(), WAIT);
        assertThat(modal.json().get("type").asInt()).isEqualTo(9);
        discord.submitModal(ALICE, CHANNEL_GENERAL, "sd:extend:" + first, Map.of("instruction", "it sails away"));

        awaitDeliveries(CHANNEL_GENERAL, 2);
        assertThat(latestTask().parentId()).isEqualTo(first);
        assertThat(latestTask().mode().name()).isEqualTo("EXTEND");
    }

    @Test
    void deliver_afterInteractionTokenExpired_usesChannelMessageNotWebhook() {
        seedance.scriptNextTask(TaskScript.of(Step.pending("QUEUED"), Step.stuck()));
        Interaction i = discord.dispatch(SlashCommand.of("video", "text").option("prompt", "slow one"));
        awaitProgressWith(i, "sd:cancel:");

        // the first progress edit can come before the engine created the Seedance task
        await().atMost(WAIT).until(() -> !seedance.taskIds().isEmpty());
        clock.advance(Duration.ofMinutes(16));
        discord.expireInteractionTokens();
        seedance.completeTask(seedance.taskIds().get(0));

        // progress edits may still be on their way when the token expires (they are best effort and may fail);
        // what matters is where the video went: one channel message with the bot token, never the webhook
        RecordedCall posted = awaitDelivery(CHANNEL_GENERAL);
        assertThat(posted.files()).hasSize(1);
        assertThat(deliveredMessages(CHANNEL_GENERAL)).hasSize(1);
        List<RecordedCall> webhookCalls = new ArrayList<>(discord.requests("PATCH", i.webhookPath()));
        webhookCalls.addAll(discord.requests("POST", i.webhookPath()));
        assertThat(webhookCalls).as("interaction webhook calls").noneMatch(c -> !c.files().isEmpty()
                || c.content().contains("is ready"));
        // the engine records the delivery just after Discord took the post
        await().atMost(WAIT).until(() -> latestTask().state() == TaskState.DELIVERED);
    }

    @Test
    void deliver_botMayNotSendInChannel_tellsUserAndRefunds() {
        Interaction i = discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a quiet channel")
                .in(FakeDiscord.CHANNEL_NO_SEND));

        RecordedCall told = discord.awaitRequest("POST", i.webhookPath(), WAIT);
        await().atMost(WAIT).until(() -> latestTask().state() == TaskState.FAILED);

        assertThat(told.content()).contains("missing a permission").contains("<#" + FakeDiscord.CHANNEL_NO_SEND + ">");
        assertThat(discord.requests("POST", ".*/channels/" + FakeDiscord.CHANNEL_NO_SEND + "/messages")).isEmpty();
        assertThat(core.quota().snapshot(ALICE_KEY, FakeDiscord.GUILD_ID, Set.of()).usedToday()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    private CdnAttachment image(String name, String media) {
        String type = media.endsWith(".png") ? "image/png" : media.endsWith(".jpg") ? "image/jpeg" : "image/webp";
        return discord.hostAttachment(name, type, TestMedia.bytes(media));
    }

    private CdnAttachment media(String name, String type, String media) {
        return discord.hostAttachment(name, type, TestMedia.bytes(media));
    }

    private RecordedCall awaitDelivery(String channelId) {
        return awaitDeliveries(channelId, 1).get(0);
    }

    /** Channel messages sent with the bot token that carry a finished video. */
    private List<RecordedCall> awaitDeliveries(String channelId, int count) {
        await().atMost(WAIT).untilAsserted(() -> {
            logs.assertNoParseErrors();
            assertThat(deliveries(channelId)).hasSizeGreaterThanOrEqualTo(count);
        });
        return deliveries(channelId);
    }

    private List<RecordedCall> deliveries(String channelId) {
        return discord.requests("POST", ".*/channels/" + channelId + "/messages").stream()
                .filter(c -> c.status() == 200 && c.content().contains("is ready"))
                .toList();
    }

    private List<JsonNode> deliveredMessages(String channelId) {
        return discord.messages(channelId).stream()
                .filter(m -> m.path("webhook_id").isMissingNode() && m.get("content").asText().contains("is ready"))
                .toList();
    }

    /** The interaction's latest answer once one arrived: an edit of its response or an ephemeral follow-up. */
    private RecordedCall awaitReply(Interaction i) {
        await().atMost(WAIT).until(() -> !DiscordRig.answers(discord, i).isEmpty());
        List<RecordedCall> answers = DiscordRig.answers(discord, i);
        return answers.get(answers.size() - 1);
    }

    private RecordedCall awaitProgressWith(Interaction i, String text) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(discord.requests("PATCH", i.webhookPath()))
                .anyMatch(c -> c.json().toString().contains(text)));
        return discord.requests("PATCH", i.webhookPath()).stream().filter(c -> c.json().toString().contains(text))
                .findFirst().orElseThrow();
    }

    private TaskView latestTask() {
        List<TaskView> recent = core.engine().recentTasks(ALICE_KEY, 1);
        assertThat(recent).isNotEmpty();
        return recent.get(0);
    }
}
