package dev.seedancebot.discord;

import static dev.seedancebot.testkit.discord.FakeDiscord.ALICE;
import static dev.seedancebot.testkit.discord.FakeDiscord.BOB;
import static dev.seedancebot.testkit.discord.FakeDiscord.CHANNEL_GENERAL;
import static dev.seedancebot.testkit.discord.FakeDiscord.CHANNEL_VIDEOS;
import static dev.seedancebot.testkit.discord.FakeDiscord.MONA_MODERATOR;
import static dev.seedancebot.testkit.discord.FakeDiscord.THREAD_IDEAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.quota.QuotaSnapshot;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.discord.DiscordFault;
import dev.seedancebot.testkit.discord.FakeDiscord;
import dev.seedancebot.testkit.discord.Interaction;
import dev.seedancebot.testkit.discord.Member;
import dev.seedancebot.testkit.discord.SlashCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake Discord answers 429 (with Retry-After and Via), 500, 413 and 50013 to acknowledgements, progress edits
 * and deliveries of several concurrent tasks. Nothing may be lost, posted twice or charged for a failure.
 */
class DiscordChaosTest {
    private static final String ORIGINAL_EDIT = ".*/webhooks/\\d+/[^/]+/messages/@original";

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
    void faultsOnAckEditsAndDeliveries_threeConcurrentTasks_eachDeliveredOnceOrRefundedWithNotice() {
        // acknowledgement and progress edits: rate limit, server error, missing permission (any task may get them)
        discord.failNext("POST", ".*/interactions/\\d+/[^/]+/callback", DiscordFault.rateLimited(1));
        discord.failNext("PATCH", ORIGINAL_EDIT, DiscordFault.rateLimited(1));
        discord.failNext("PATCH", ORIGINAL_EDIT, DiscordFault.serverError());
        discord.failNext("PATCH", ORIGINAL_EDIT, DiscordFault.missingPermissions());
        // deliveries, one channel per task so that each fault hits a known task
        discord.failNext("POST", messagesOf(CHANNEL_GENERAL), DiscordFault.rateLimited(1));
        discord.failNext("POST", messagesOf(CHANNEL_GENERAL), DiscordFault.serverError());
        discord.failNext("POST", messagesOf(CHANNEL_VIDEOS), DiscordFault.uploadTooLarge());
        discord.failNext("POST", messagesOf(THREAD_IDEAS), DiscordFault.missingPermissions());

        Interaction alice = discord.dispatch(SlashCommand.of("video", "text").option("prompt", "alice in general")
                .in(CHANNEL_GENERAL));
        discord.dispatch(SlashCommand.of("video", "text").option("prompt", "bob in videos").by(BOB)
                .in(CHANNEL_VIDEOS));
        Interaction mona = discord.dispatch(SlashCommand.of("video", "text").option("prompt", "mona in a thread")
                .by(MONA_MODERATOR).in(THREAD_IDEAS));

        await().atMost(DiscordRig.WAIT).until(() -> List.of(ALICE, BOB, MONA_MODERATOR).stream()
                .allMatch(m -> !rig.tasksOf(m).isEmpty() && rig.settled(rig.latestTask(m))));

        TaskView a = rig.latestTask(ALICE);
        TaskView b = rig.latestTask(BOB);
        TaskView m = rig.latestTask(MONA_MODERATOR);
        // 429 then 500: JDA waits the rate limit out, the engine retries the 500, Discord's nonce keeps it to one post
        assertThat(a.state()).isEqualTo(TaskState.DELIVERED);
        assertThat(rig.videoPosts(a.id())).singleElement()
                .satisfies(p -> assertThat(p.path("attachments")).hasSize(1));
        assertThat(charge(a)).isEqualTo(ChargeState.COMMITTED);
        // 413: the result is posted as a link instead, once
        assertThat(b.state()).isEqualTo(TaskState.DELIVERED);
        assertThat(rig.videoPosts(b.id())).singleElement().satisfies(p -> {
            assertThat(p.path("attachments")).isEmpty();
            assertThat(p.path("content").asText()).contains(rig.seedance.baseUrl());
        });
        assertThat(charge(b)).isEqualTo(ChargeState.COMMITTED);
        // 50013: refunded, told privately through the interaction and in the thread once the bot may post again
        assertThat(m.state()).isEqualTo(TaskState.FAILED);
        assertThat(rig.videoPosts(m.id())).isEmpty();
        assertThat(charge(m)).isEqualTo(ChargeState.REFUNDED);
        await().atMost(DiscordRig.WAIT).untilAsserted(() -> {
            assertThat(discord.requests("POST", mona.webhookPath()))
                    .anyMatch(c -> c.status() == 200 && c.content().contains("missing a permission"));
            assertThat(rig.botWrote("Your video " + m.id() + " could not be made")).isTrue();
        });
        assertThat(rig.botWrote("You were not charged")).isTrue();
        // every injected fault was really answered
        assertThat(discord.requests().stream().map(c -> c.status()).toList())
                .contains(429, 500, 413, 403);
        assertThat(discord.requests("POST", alice.callbackPath())).extracting(c -> c.status()).contains(204);
        assertLedgerMatchesSnapshots(ALICE, BOB, MONA_MODERATOR);
    }

    @Test
    void slashCommand_acknowledgementRefusedAsTooLate_notHandledAndNothingCharged() {
        discord.failNext("POST", ".*/interactions/\\d+/[^/]+/callback", DiscordFault.unknownInteraction());
        Interaction late = discord.dispatch(SlashCommand.of("video", "text").option("prompt", "too late"));
        discord.awaitRequest("POST", late.callbackPath(), DiscordRig.WAIT);

        // the user tries again, and this time Discord takes the acknowledgement
        Interaction again = discord.dispatch(SlashCommand.of("video", "text").option("prompt", "in time"));
        await().atMost(DiscordRig.WAIT).until(() -> !rig.tasksOf(ALICE).isEmpty()
                && rig.settled(rig.latestTask(ALICE)));

        assertThat(discord.requests("POST", late.callbackPath())).extracting(c -> c.status()).containsExactly(404);
        assertThat(discord.requests("PATCH", late.webhookPath())).isEmpty();
        assertThat(rig.tasksOf(ALICE)).singleElement().satisfies(t -> assertThat(t.prompt()).isEqualTo("in time"));
        assertThat(discord.requests("POST", again.callbackPath())).extracting(c -> c.status()).containsExactly(204);
        assertLedgerMatchesSnapshots(ALICE);
    }

    @Test
    void deliveryServerErrorOnEveryAttempt_taskFailsRefundedAndUserToldInChannel() {
        for (int i = 0; i < 3; i++) { // EngineSettings.fast: 3 delivery attempts
            discord.failNext("POST", messagesOf(CHANNEL_GENERAL), DiscordFault.serverError());
        }

        discord.dispatch(SlashCommand.of("video", "text").option("prompt", "never posted"));

        await().atMost(DiscordRig.WAIT).until(() -> !rig.tasksOf(ALICE).isEmpty()
                && rig.settled(rig.latestTask(ALICE)));
        TaskView task = rig.latestTask(ALICE);
        assertThat(task.state()).isEqualTo(TaskState.FAILED);
        assertThat(charge(task)).isEqualTo(ChargeState.REFUNDED);
        assertThat(rig.videoPosts(task.id())).isEmpty();
        assertThat(discord.requests("POST", messagesOf(CHANNEL_GENERAL)).stream().filter(c -> c.status() == 500))
                .hasSize(3);
        await().atMost(DiscordRig.WAIT).until(() -> discord.messages(CHANNEL_GENERAL).stream()
                .anyMatch(msg -> msg.path("content").asText().contains("Your video " + task.id() + " could not be made")
                        && msg.path("content").asText().contains("not charged")));
        assertLedgerMatchesSnapshots(ALICE);
    }

    @Test
    void deliveryAndNoticeBothForbidden_refundedAndToldThroughTheInteraction() {
        discord.failNext("POST", messagesOf(CHANNEL_VIDEOS), DiscordFault.missingPermissions());
        discord.failNext("POST", messagesOf(CHANNEL_VIDEOS), DiscordFault.missingAccess());

        Interaction i = discord.dispatch(SlashCommand.of("video", "text").option("prompt", "closed channel")
                .in(CHANNEL_VIDEOS));

        await().atMost(DiscordRig.WAIT).until(() -> !rig.tasksOf(ALICE).isEmpty()
                && rig.settled(rig.latestTask(ALICE)));
        assertThat(rig.latestTask(ALICE).state()).isEqualTo(TaskState.FAILED);
        TaskView task = rig.latestTask(ALICE);
        assertThat(charge(task)).isEqualTo(ChargeState.REFUNDED);
        // the permission notice and the failure notice both reach the user as interaction follow-ups
        await().atMost(DiscordRig.WAIT).untilAsserted(() -> assertThat(discord.requests("POST", i.webhookPath()))
                .filteredOn(c -> c.status() == 200)
                .extracting(c -> c.content())
                .anyMatch(t -> t.contains("missing a permission"))
                .anyMatch(t -> t.contains("could not be made") && t.contains(task.id())));
        assertThat(rig.videoPosts(task.id())).isEmpty();
        assertLedgerMatchesSnapshots(ALICE);
    }

    @Test
    void everyUploadRejected_severalTasks_eachPostedOnceAsLink() {
        discord.uploadLimitBytes(1024);

        List<Member> members = List.of(ALICE, BOB, MONA_MODERATOR);
        for (Member member : members) {
            discord.dispatch(SlashCommand.of("video", "text").option("prompt", "link only for " + member.username())
                    .by(member));
        }

        await().atMost(DiscordRig.WAIT).until(() -> members.stream().allMatch(m -> rig.tasksOf(m).size() == 1
                && rig.settled(rig.latestTask(m))));
        for (TaskView t : members.stream().map(rig::latestTask).toList()) {
            assertThat(t.state()).isEqualTo(TaskState.DELIVERED);
            List<JsonNode> posts = rig.videoPosts(t.id());
            assertThat(posts).singleElement().satisfies(p -> {
                assertThat(p.path("attachments")).isEmpty();
                assertThat(p.path("content").asText()).contains("expires <t:");
            });
            assertThat(charge(t)).isEqualTo(ChargeState.COMMITTED);
        }
        assertThat(discord.requests("POST", messagesOf(CHANNEL_GENERAL)).stream().filter(c -> c.status() == 413))
                .hasSize(3);
        assertLedgerMatchesSnapshots(ALICE, BOB, MONA_MODERATOR);
    }

    // ---------------------------------------------------------------- helpers

    private static String messagesOf(String channel) {
        return ".*/channels/" + channel + "/messages";
    }

    private ChargeState charge(TaskView task) {
        return rig.core.quota().entry(task.id()).orElseThrow().state();
    }

    /** Each user's ledger rows add up to the snapshot's usage, and nothing is left reserved. */
    private void assertLedgerMatchesSnapshots(Member... members) {
        for (Member member : members) {
            List<String> ids = rig.tasksOf(member).stream().map(TaskView::id).toList();
            QuotaSnapshot snapshot = rig.core.quota().snapshot(DiscordRig.key(member), FakeDiscord.GUILD_ID,
                    Set.copyOf(member.roleIds()));
            long delivered = rig.tasksOf(member).stream().filter(t -> t.state() == TaskState.DELIVERED)
                    .mapToLong(TaskView::cost).sum();
            assertThat(rig.ledgerSum(ids)).as("ledger of %s", member.username()).isEqualTo(snapshot.usedToday())
                    .isEqualTo(delivered);
            assertThat(snapshot.reservedCredits()).isZero();
            assertThat(snapshot.runningTasks()).isZero();
        }
    }
}
