package dev.seedancebot.discord;

import static dev.seedancebot.testkit.discord.FakeDiscord.ALICE;
import static dev.seedancebot.testkit.discord.FakeDiscord.BOB;
import static dev.seedancebot.testkit.discord.FakeDiscord.CHANNEL_GENERAL;
import static dev.seedancebot.testkit.discord.FakeDiscord.MONA_MODERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.LogCapture;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.discord.CdnAttachment;
import dev.seedancebot.testkit.discord.FakeDiscord;
import dev.seedancebot.testkit.discord.Interaction;
import dev.seedancebot.testkit.discord.RecordedCall;
import dev.seedancebot.testkit.discord.SlashCommand;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Faults;
import dev.seedancebot.testkit.seedance.RecordedRequest;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets, authorization and media fetching on Discord: the bot token and the Seedance key appear in no log line and
 * in no request except where they belong; members without Manage Server or the moderator role cannot moderate or
 * cancel another member's video; only attachments Discord's CDN serves are fetched.
 */
class DiscordSecurityTest {
    private static final String DISCORD_TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.GsEcRt.discord-bot-token-7f3a9c";
    private static final String SEEDANCE_KEY = "sk-seedance-SECRET-4b8e1d02";

    @TempDir
    Path dir;

    private DiscordRig rig;
    private HttpServer internal;
    private final List<String> internalHits = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        try {
            if (rig != null) {
                rig.close();
            }
        } finally {
            if (internal != null) {
                internal.stop(0);
            }
        }
    }

    @Test
    void mediaAndErrorPaths_secretsAppearOnlyInTheirAuthorizationHeaders() {
        RecordedCall[] calls;
        List<String> logs;
        try (LogCapture capture = LogCapture.start("dev.seedancebot", "net.dv8tion")) {
            rig = DiscordRig.start(dir, DISCORD_TOKEN, FakeSeedanceServer.builder().apiKey(SEEDANCE_KEY).start());
            FakeDiscord discord = rig.discord;
            // happy path with a downloaded input
            discord.dispatch(SlashCommand.of("video", "image").option("first_frame", rig.png("cat.png"))
                    .option("prompt", "the cat wakes up"));
            awaitTerminal(1);
            // Seedance refuses the key, then the request; Discord refuses the delivery; the CDN loses a file
            rig.seedance.failNextCreate(Faults.invalidApiKey());
            discord.dispatch(SlashCommand.of("video", "text").option("prompt", "auth error path"));
            awaitTerminal(2);
            rig.seedance.failNextCreate(Faults.invalidRequest("content[0] is not acceptable"));
            discord.dispatch(SlashCommand.of("video", "text").option("prompt", "invalid request path"));
            awaitTerminal(3);
            discord.dispatch(SlashCommand.of("video", "text").option("prompt", "no permission path")
                    .in(FakeDiscord.CHANNEL_NO_SEND));
            awaitTerminal(4);
            CdnAttachment gone = new CdnAttachment("1500000000000000777", "gone.png", "image/png", 100,
                    discord.restBaseUrl().replace("/api/v10/", "/attachments/1/2/gone.png?ex=1&hm=x"));
            Interaction lost = discord.dispatch(SlashCommand.of("video", "image").option("first_frame", gone));
            assertThat(rig.awaitReply(lost).content()).contains("could not download");
            assertThat(rig.tasksOf(ALICE)).extracting(TaskView::state)
                    .contains(TaskState.DELIVERED, TaskState.FAILED);
            calls = discord.requests().toArray(RecordedCall[]::new);
            logs = capture.rendered();
        }

        assertThat(logs).as("log lines captured").hasSizeGreaterThan(20);
        assertThat(logs).allSatisfy(line -> assertThat(line).doesNotContain(DISCORD_TOKEN, SEEDANCE_KEY));
        List<RecordedRequest> seedanceRequests = rig.seedance.requests();
        assertThat(seedanceRequests).isNotEmpty().allSatisfy(r -> {
            assertThat(r.path()).doesNotContain(DISCORD_TOKEN, SEEDANCE_KEY, "127.0.0.1:" + port(rig.discord));
            assertThat(r.bodyText()).doesNotContain(DISCORD_TOKEN, SEEDANCE_KEY, "/attachments/");
            r.headers().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Authorization")) {
                    assertThat(values.toString()).as("header %s", name).doesNotContain(DISCORD_TOKEN, SEEDANCE_KEY);
                }
            });
            if (r.path().startsWith("/v1/") || r.path().startsWith("/volc/")) {
                assertThat(r.header("Authorization")).contains("Bearer " + SEEDANCE_KEY);
            } else {
                // the pre-signed result URL must not be sent the key
                assertThat(r.header("Authorization")).as("auth on %s", r.path()).isEmpty();
            }
        });
        assertThat(rig.seedance.downloadRequests()).isNotEmpty();
        for (RecordedCall c : calls) {
            String everything = c.path() + " " + c.query() + " " + c.json() + " "
                    + c.parts().stream().map(RecordedCall.Part::text).toList();
            assertThat(everything).doesNotContain(SEEDANCE_KEY);
            if (c.path().startsWith("/attachments/")) {
                // CDN downloads carry no bot token
                assertThat(c.headers().toString()).doesNotContain(DISCORD_TOKEN);
            }
        }
    }

    @Test
    void videomodSubcommands_memberWithoutRights_allRefusedAndNothingChanges() {
        rig = DiscordRig.start(dir);
        List<String> subcommands = List.of("usage", "limit", "rolelimit", "grant", "reset", "block", "unblock",
                "refund", "audit", "top");

        for (String sub : subcommands) {
            Interaction i = rig.discord.dispatch(SlashCommand.of("videomod", sub).by(BOB).option("user", BOB)
                    .option("kind", "daily").option("value", "0").option("credits", 1000).option("task", "tabcdefg")
                    .roleOption("role", FakeDiscord.ROLE_HELPERS));
            assertThat(rig.awaitReply(i).content()).as("/videomod %s by bob", sub)
                    .contains("Only this community's moderators");
        }
        assertThat(rig.moderationAuditRows()).isZero();
        Interaction moderator = rig.discord.dispatch(SlashCommand.of("videomod", "top").by(MONA_MODERATOR));

        assertThat(rig.awaitReply(moderator).content()).doesNotContain("Only this community's moderators");
        assertThat(rig.core.quota().snapshot(DiscordRig.key(BOB), FakeDiscord.GUILD_ID, Set.of()).bonusRemaining())
                .isZero();
        assertThat(rig.core.quota().snapshot(DiscordRig.key(BOB), FakeDiscord.GUILD_ID, Set.of()).policy()
                .dailyLimit()).isNotEqualTo(0L);
    }

    @Test
    void cancelButton_otherMember_refusedTaskAndChargeUntouched_moderatorMayCancel() {
        rig = DiscordRig.start(dir);
        rig.seedance.scriptNextTask(TaskScript.of(Step.pending("QUEUED"), Step.stuck()));
        Interaction i = rig.discord.dispatch(SlashCommand.of("video", "text").option("prompt", "slow clouds"));
        await().atMost(DiscordRig.WAIT).until(() -> !rig.tasksOf(ALICE).isEmpty()
                && rig.latestTask(ALICE).state() == TaskState.SUBMITTED);
        String taskId = rig.latestTask(ALICE).id();
        rig.awaitReplyContaining(i, "video `" + taskId + "`");
        String messageId = rig.discord.messages(CHANNEL_GENERAL).stream()
                .filter(m -> m.toString().contains("sd:cancel:" + taskId)).findFirst().orElseThrow().get("id").asText();

        Interaction bob = rig.discord.clickButton(BOB, messageId, "sd:cancel:" + taskId);

        assertThat(rig.awaitReply(bob).content()).contains("Only the person who asked");
        assertThat(rig.core.engine().task(taskId).orElseThrow().state()).isEqualTo(TaskState.SUBMITTED);
        assertThat(rig.core.quota().entry(taskId).orElseThrow().state()).isEqualTo(ChargeState.RESERVED);
        Interaction mona = rig.discord.clickButton(MONA_MODERATOR, messageId, "sd:cancel:" + taskId);
        assertThat(rig.awaitReply(mona).content()).contains("Cancelled");
        assertThat(rig.core.engine().task(taskId).orElseThrow().state()).isEqualTo(TaskState.CANCELLED);
    }

    @Test
    void attachmentsOffDiscordCdnAndUrlsInPrompts_neverFetched() throws IOException {
        rig = DiscordRig.start(dir);
        String base = startInternalService();
        FakeDiscord discord = rig.discord;
        List<CdnAttachment> hostile = List.of(
                new CdnAttachment("1500000000000000901", "secret.png", "image/png", 100, base + "/secret.png"),
                new CdnAttachment("1500000000000000902", "trick.png", "image/png", 100,
                        base.replace("http://", "http://cdn.discordapp.com@") + "/trick.png"),
                new CdnAttachment("1500000000000000903", "meta.png", "image/png", 100,
                        "http://169.254.169.254/latest/meta-data/x.png"));

        for (CdnAttachment a : hostile) {
            Interaction i = discord.dispatch(SlashCommand.of("video", "image").option("first_frame", a));
            assertThat(rig.awaitReply(i).content()).as(a.url()).contains("not hosted by Discord", "Nothing was charged");
        }
        discord.dispatch(SlashCommand.of("video", "text").option("prompt", "make a video of " + base
                + "/admin.png and http://localhost:" + internal.getAddress().getPort() + "/x.mp4"));
        await().atMost(DiscordRig.WAIT).until(() -> !rig.tasksOf(ALICE).isEmpty()
                && rig.latestTask(ALICE).state().isTerminal());

        assertThat(rig.latestTask(ALICE).state()).isEqualTo(TaskState.DELIVERED);
        assertThat(internalHits).as("requests to the internal service").isEmpty();
        assertThat(discord.requests("GET", "/attachments/.*")).isEmpty();
        assertThat(rig.seedance.createRequests()).hasSize(1);
        assertThat(rig.seedance.createRequests().get(0).bodyText()).doesNotContain("image_url", "video_url");
    }

    @Test
    void attachmentUrlWithoutHost_refusedAsNotFromDiscord_noCharge() {
        rig = DiscordRig.start(dir);
        CdnAttachment local = new CdnAttachment("1500000000000000904", "passwd.png", "image/png", 100,
                "file:///etc/passwd");

        Interaction i = rig.discord.dispatch(SlashCommand.of("video", "image").option("first_frame", local));

        assertThat(rig.awaitReply(i).content()).contains("not hosted by Discord").doesNotContain("Something went wrong");
        assertThat(rig.ledgerRows()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    private void awaitTerminal(int tasks) {
        await().atMost(DiscordRig.WAIT).until(() -> rig.tasksOf(ALICE).size() == tasks
                && rig.tasksOf(ALICE).stream().allMatch(t -> t.state().isTerminal()));
    }

    private static int port(FakeDiscord discord) {
        return java.net.URI.create(discord.restBaseUrl()).getPort();
    }

    /** A service on another loopback address that records every request it gets. */
    private String startInternalService() throws IOException {
        internal = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        internal.createContext("/", exchange -> {
            internalHits.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            byte[] body = TestMedia.bytes(TestMedia.IMAGE_PNG);
            exchange.getResponseHeaders().putAll(Map.of("Content-Type", List.of("image/png")));
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        internal.start();
        return "http://127.0.0.2:" + internal.getAddress().getPort();
    }
}
