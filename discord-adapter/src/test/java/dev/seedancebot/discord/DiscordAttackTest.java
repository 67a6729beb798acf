package dev.seedancebot.discord;

import static dev.seedancebot.testkit.discord.FakeDiscord.ADAM_ADMIN;
import static dev.seedancebot.testkit.discord.FakeDiscord.ALICE;
import static dev.seedancebot.testkit.discord.FakeDiscord.BOB;
import static dev.seedancebot.testkit.discord.FakeDiscord.CHANNEL_GENERAL;
import static dev.seedancebot.testkit.discord.FakeDiscord.MONA_MODERATOR;
import static dev.seedancebot.testkit.discord.FakeDiscord.ROLE_MODERATORS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.platform.UserTexts;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.request.Intent;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.discord.FakeDiscord;
import dev.seedancebot.testkit.discord.Interaction;
import dev.seedancebot.testkit.discord.RecordedCall;
import dev.seedancebot.testkit.discord.SlashCommand;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the Discord adapter, each test named after one: forged button and modal ids against tasks of another
 * guild or another member's private video, moderator actions across guilds, mention injection through prompts,
 * spending downloads before the policy said yes, private chats, floods and a full work queue. Real JDA against the
 * fake Discord, the real core on H2.
 */
class DiscordAttackTest {
    private static final String GUILD_2 = "1210000000000000001";
    private static final String GUILD_2_CHANNEL = "1210000000000000011";

    @TempDir
    Path dir;

    private DiscordRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    // ---------------------------------------------------------------- forged custom ids

    @Test
    void craftedCustomId_cancelAnotherGuildsTask_refusedAsUnknown() {
        rig = DiscordRig.start(dir);
        String button = aliceVideoMessage();
        TaskView foreign = otherGuildsTask();

        Interaction i = rig.discord.clickButton(MONA_MODERATOR, button, "sd:cancel:" + foreign.id());

        assertThat(rig.awaitReply(i).content()).isEqualTo("There is no video " + foreign.id() + " here.");
        assertThat(rig.core.engine().task(foreign.id()).orElseThrow().state()).isNotEqualTo(TaskState.CANCELLED);
        assertThat(rig.core.quota().entry(foreign.id()).orElseThrow().state()).isEqualTo(ChargeState.RESERVED);
    }

    @Test
    void craftedCustomId_rerollAnotherUsersPrivateVideo_refusedAndPromptNotReused() {
        rig = DiscordRig.start(dir);
        rig.discord.dispatch(SlashCommand.of("video", "text")
                .option("prompt", "alice's secret birthday plan").option("private", true));
        await().atMost(DiscordRig.WAIT).until(() -> !rig.tasksOf(ALICE).isEmpty()
                && rig.latestTask(ALICE).state() == TaskState.DELIVERED);
        String taskId = rig.latestTask(ALICE).id();
        String anyMessage = rig.discord.messages(CHANNEL_GENERAL).get(0).get("id").asText();

        Interaction bob = rig.discord.clickButton(BOB, anyMessage, "sd:reroll:" + taskId);

        assertThat(rig.awaitReply(bob).content()).isEqualTo("There is no video " + taskId + " here.");
        assertThat(rig.tasksOf(BOB)).isEmpty();
        assertThat(rig.seedance.createRequests()).hasSize(1);
        assertThat(rig.discord.requests().stream().filter(c -> c.path().contains(bob.token())))
                .noneMatch(c -> c.toString().contains("birthday"));
    }

    @Test
    void extendModal_forTaskOfAnotherGuild_refused() {
        rig = DiscordRig.start(dir);
        TaskView foreign = otherGuildsTask();

        Interaction i = rig.discord.submitModal(ALICE, CHANNEL_GENERAL, "sd:extend:" + foreign.id(),
                Map.of("instruction", "and then the secret is revealed"));

        assertThat(rig.awaitReply(i).content()).isEqualTo("There is no video " + foreign.id() + " here.");
        assertThat(rig.tasksOf(ALICE)).isEmpty();
        assertThat(rig.seedance.createRequests()).hasSize(1);
    }

    @Test
    void refundOfAnotherGuildsTask_byItsAdmin_refused() {
        rig = DiscordRig.start(dir);
        TaskView foreign = otherGuildsTask();

        Interaction i = rig.discord.dispatch(SlashCommand.of("videomod", "refund").by(ADAM_ADMIN)
                .option("task", foreign.id()).option("reason", "looks like mine"));

        assertThat(rig.awaitReply(i).content()).isEqualTo("There is no video " + foreign.id() + " here.");
        assertThat(rig.core.quota().entry(foreign.id()).orElseThrow().state()).isEqualTo(ChargeState.RESERVED);
        assertThat(rig.moderationAuditRows()).isZero();
    }

    @Test
    void budgetSetAndBlockEverywhere_byServerModerator_refusedAsOperatorsOnly() {
        rig = DiscordRig.start(dir);

        Interaction budget = rig.discord.dispatch(SlashCommand.of("videomod", "budget").by(MONA_MODERATOR)
                .option("window", "daily").option("value", "0"));
        Interaction block = rig.discord.dispatch(SlashCommand.of("videomod", "block").by(ADAM_ADMIN)
                .option("user", BOB).option("everywhere", true));

        assertThat(rig.awaitReply(budget).content()).contains("Only the bot's operators");
        assertThat(rig.awaitReply(block).content()).contains("Only the bot's operators");
        assertThat(rig.moderationAuditRows()).isZero();
        assertThat(rig.core.quota().snapshot(DiscordRig.key(BOB), FakeDiscord.GUILD_ID, Set.of()).policy().blocked())
                .isFalse();
    }

    // ---------------------------------------------------------------- mentions

    @Test
    void promptWithEveryoneAndRoleMentions_pingsOnlyTheRequester() {
        rig = DiscordRig.start(dir);
        String ping = "@everyone @here <@&" + ROLE_MODERATORS + "> <@" + BOB.id() + ">";
        rig.discord.dispatch(SlashCommand.of("video", "text").option("prompt", "dance " + ping));
        await().atMost(DiscordRig.WAIT).until(() -> !rig.tasksOf(ALICE).isEmpty()
                && !rig.videoPosts(rig.latestTask(ALICE).id()).isEmpty());
        // a moderator's answer that echoes what the moderator typed
        Interaction echo = rig.discord.dispatch(SlashCommand.of("videomod", "refund").by(MONA_MODERATOR)
                .option("task", ping));
        rig.awaitReply(echo);

        List<RecordedCall> echoing = rig.discord.requests().stream()
                .filter(c -> c.json() != null && c.content().contains("@everyone"))
                .toList();
        assertThat(echoing).as("messages quoting the mentions").hasSizeGreaterThanOrEqualTo(3)
                .anyMatch(c -> c.path().endsWith("/channels/" + CHANNEL_GENERAL + "/messages"))
                .allSatisfy(c -> {
                    JsonNode allowed = c.json().path("allowed_mentions");
                    assertThat(allowed.isObject()).as("allowed_mentions in %s", c).isTrue();
                    assertThat(allowed.path("parse")).as("parse in %s", c).isEmpty();
                    assertThat(allowed.path("roles")).as("roles in %s", c).isEmpty();
                    assertThat(allowed.path("users").toString()).as("users in %s", c).doesNotContain(BOB.id());
                });
        RecordedCall delivery = echoing.stream()
                .filter(c -> c.path().endsWith("/channels/" + CHANNEL_GENERAL + "/messages")).findFirst()
                .orElseThrow();
        assertThat(delivery.json().path("allowed_mentions").path("users")).singleElement()
                .satisfies(u -> assertThat(u.asText()).isEqualTo(ALICE.id()));
    }

    // ---------------------------------------------------------------- cheap checks first

    @Test
    void blockedUserAttachment_refusedBeforeAnyDownload() {
        rig = DiscordRig.start(dir);
        Interaction block = rig.discord.dispatch(SlashCommand.of("videomod", "block").by(MONA_MODERATOR)
                .option("user", BOB).option("reason", "spam"));
        rig.awaitReply(block);

        Interaction i = rig.discord.dispatch(SlashCommand.of("video", "image").by(BOB)
                .option("first_frame", rig.png("cat.png")).option("prompt", "the cat wakes up"));

        assertThat(rig.awaitReply(i).content()).contains("blocked");
        assertThat(rig.discord.requests("GET", "/attachments/.*")).as("CDN downloads").isEmpty();
        assertThat(rig.tasksOf(BOB)).isEmpty();
        assertThat(rig.ledgerRows()).isZero();
    }

    @Test
    void attachmentLargerThanDeclared_downloadStopsAtTheDeclaredSize_refused() {
        rig = DiscordRig.start(dir);
        var lying = rig.png("big.png");

        Interaction i = rig.discord.dispatch(SlashCommand.of("video", "image")
                .option("first_frame", lying.withDeclaredSize(lying.declaredSize() / 2)));

        assertThat(rig.awaitReply(i).content()).contains("larger than Discord said", "Nothing was charged");
        assertThat(rig.ledgerRows()).isZero();
    }

    // ---------------------------------------------------------------- private chats

    @Test
    void dmStranger_video_refusedByDefault() {
        rig = DiscordRig.start(dir);

        Interaction i = rig.discord.dispatch(SlashCommand.of("video", "text").by(BOB).inDirectMessage()
                .option("prompt", "a free video on the operator's bill"));

        assertThat(rig.awaitReply(i).content()).contains("only the bot's operators", "Nothing was charged");
        assertThat(rig.tasksOf(BOB)).isEmpty();
        assertThat(rig.seedance.createRequests()).isEmpty();
    }

    @Test
    void dmOperator_video_madeAndPostedInTheDm() {
        rig = DiscordRig.start(dir, TrustSettings.defaults().withOperators(Set.of(DiscordRig.key(ALICE))));

        rig.discord.dispatch(SlashCommand.of("video", "text").inDirectMessage().option("prompt", "operator's test"));

        await().atMost(DiscordRig.WAIT).until(() -> !rig.tasksOf(ALICE).isEmpty()
                && rig.latestTask(ALICE).state() == TaskState.DELIVERED);
        String dm = rig.discord.dmChannelOf(ALICE.id()).orElseThrow();
        assertThat(rig.discord.messages(dm)).anyMatch(m -> m.path("content").asText().contains("is ready"));
        assertThat(rig.latestTask(ALICE).chat().communityId()).isNull();
    }

    // ---------------------------------------------------------------- floods

    @Test
    void commandFlood_rateLimited() throws InterruptedException {
        // one handler thread: the commands are judged in the order they were sent
        ThreadPoolExecutor one = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(16));
        rig = DiscordRig.start(dir, TrustSettings.defaults().withRates(3, 100, Duration.ofMinutes(10)), one);
        List<Interaction> flood = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            flood.add(rig.discord.dispatch(SlashCommand.of("video", "text").by(BOB)
                    .option("prompt", "flood " + n)));
        }
        Interaction alice = rig.discord.dispatch(SlashCommand.of("quota"));
        rig.awaitReply(alice);

        for (Interaction i : flood.subList(0, 3)) {
            assertThat(rig.awaitReply(i).content()).doesNotContain("too fast");
        }
        assertThat(rig.awaitReply(flood.get(3)).content()).contains("You are sending commands too fast",
                "Nothing was charged");
        // past its warning a flood is not answered: answering would let it make the bot spam
        assertThat(rig.discord.requests("PATCH", flood.get(4).webhookPath())).isEmpty();
        assertThat(rig.awaitReply(alice).content()).doesNotContain("too fast");
        assertThat(rig.tasksOf(BOB)).extracting(TaskView::prompt).doesNotContain("flood 3", "flood 4");
    }

    @Test
    void workQueueFull_answersBusy() throws InterruptedException {
        ThreadPoolExecutor small = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1));
        rig = DiscordRig.start(dir, TrustSettings.defaults(), small);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        small.execute(() -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(running.await(DiscordRig.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        small.execute(() -> { }); // the one queue slot

        Interaction busy = rig.discord.dispatch(SlashCommand.of("video", "image")
                .option("first_frame", rig.png("cat.png")).option("prompt", "while the bot is swamped"));

        assertThat(rig.awaitReply(busy).content()).isEqualTo(UserTexts.busy());
        release.countDown();
        // the freed thread must have taken the queued task too, or the next command still finds the queue full
        await().atMost(DiscordRig.WAIT).until(() -> small.getActiveCount() == 0 && small.getQueue().isEmpty());
        Interaction later = rig.discord.dispatch(SlashCommand.of("quota"));
        assertThat(rig.awaitReply(later).content()).isNotEqualTo(UserTexts.busy());
        assertThat(rig.discord.requests("GET", "/attachments/.*")).isEmpty();
        assertThat(rig.ledgerRows()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    /** Alice's delivered video in the general channel: a real message with buttons to press on. */
    private String aliceVideoMessage() {
        rig.discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a harmless video"));
        await().atMost(DiscordRig.WAIT).until(() -> !rig.tasksOf(ALICE).isEmpty()
                && !rig.videoPosts(rig.latestTask(ALICE).id()).isEmpty());
        return rig.videoPosts(rig.latestTask(ALICE).id()).get(0).get("id").asText();
    }

    /** A running task Bob asked for in another guild (made through the core: this fake serves one guild). */
    private TaskView otherGuildsTask() {
        rig.seedance.scriptNextTask(TaskScript.of(Step.pending("QUEUED"), Step.stuck()));
        Actor bob = Actor.member(DiscordRig.key(BOB), GUILD_2, List.of(GUILD_2_CHANNEL), Set.of(),
                Actor.AdminCheck.NO);
        SubmitOutcome outcome = rig.core.ports().requests().submit(bob, new VideoRequest("guild two's own video",
                List.of(), VideoOptions.DEFAULTS, Intent.GENERATE, bob.user(),
                ChatRef.of(Platform.DISCORD, GUILD_2, GUILD_2_CHANNEL)), null);
        assertThat(outcome).isInstanceOf(SubmitOutcome.Accepted.class);
        String id = ((SubmitOutcome.Accepted) outcome).task().id();
        await().atMost(DiscordRig.WAIT).until(() -> rig.core.engine().task(id).orElseThrow().state()
                == TaskState.SUBMITTED);
        return rig.core.engine().task(id).orElseThrow();
    }
}
