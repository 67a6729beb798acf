package dev.seedancebot.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.engine.queue.QueueSettings;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.core.spend.SpendSettings;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.discord.CdnAttachment;
import dev.seedancebot.testkit.discord.FakeDiscord;
import dev.seedancebot.testkit.discord.Interaction;
import dev.seedancebot.testkit.discord.Member;
import dev.seedancebot.testkit.discord.RecordedCall;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;
import net.dv8tion.jda.api.JDA;

/**
 * The real adapter on the real JDA against {@link FakeDiscord}, with the real core (H2 file, engine, quota) against a
 * {@link FakeSeedanceServer}, plus the lookups the adapter-level tests share (interaction replies, posted videos and
 * ledger sums). Close it in {@code @AfterEach}: it shuts JDA down whatever happened.
 */
final class DiscordRig implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    final OffsetClock clock = new OffsetClock();
    final JdaLogWatcher logs;
    final FakeSeedanceServer seedance;
    final FakeDiscord discord;
    final CoreAssembly core;
    final DiscordAdapter adapter;

    private final Path dir;
    private final String token;
    private final TrustSettings trust;
    private final SpendSettings spend;

    private DiscordRig(Path dir, String token, FakeSeedanceServer seedance, TrustSettings trust,
            ExecutorService workers, SpendSettings spend) {
        this(dir, token, seedance, null, trust, workers, spend);
    }

    /** @param running the fake Discord of a rig that restarts, or {@code null} to start a new one */
    private DiscordRig(Path dir, String token, FakeSeedanceServer seedance, FakeDiscord running, TrustSettings trust,
            ExecutorService workers, SpendSettings spend) {
        this.dir = dir;
        this.token = token;
        this.trust = trust;
        this.spend = spend;
        this.logs = JdaLogWatcher.attach();
        this.seedance = seedance;
        this.discord = running != null ? running : FakeDiscord.start(clock);
        Path work = dir.resolve("work");
        this.core = CoreAssembly.builder()
                .workDir(work)
                .seedance(new SeedanceSettings(seedance.baseUrl(), seedance.apiKey(), SeedanceSettings.DEFAULT_MODEL,
                        Duration.ofSeconds(2), Duration.ofSeconds(10), 200L * 1024 * 1024, null, Duration.ofMillis(10),
                        Duration.ofSeconds(5), 3, 3, Duration.ofMillis(10)))
                .engineSettings(EngineSettings.fast(work))
                .queue(QueueSettings.fast())
                .trust(trust)
                .spend(spend)
                .clock(clock)
                .build();
        DiscordSettings settings = new DiscordSettings(token, discord.restBaseUrl(), discord.gatewayUrl(), false,
                List.of(FakeDiscord.GUILD_ID), Set.of(FakeDiscord.ROLE_MODERATORS));
        this.adapter = workers == null ? new DiscordAdapter(settings, core.ports(), core.router(), clock)
                : new DiscordAdapter(settings, core.ports(), core.router(), clock, workers);
    }

    /** Starts everything with the default Seedance fake and a plain token. */
    static DiscordRig start(Path dir) {
        return start(dir, "fake-token", FakeSeedanceServer.start());
    }

    /** Starts the adapter with {@code token} against {@code seedance}, which the rig then owns. */
    static DiscordRig start(Path dir, String token, FakeSeedanceServer seedance) {
        return start(dir, token, seedance, TrustSettings.defaults(), null);
    }

    /** Starts everything with the operator's trust settings (operators, private chats, rates). */
    static DiscordRig start(Path dir, TrustSettings trust) {
        return start(dir, "fake-token", FakeSeedanceServer.start(), trust, null);
    }

    /** Starts the adapter with its handlers on {@code workers} (the rig shuts it down with the adapter). */
    static DiscordRig start(Path dir, TrustSettings trust, ExecutorService workers) {
        return start(dir, "fake-token", FakeSeedanceServer.start(), trust, workers);
    }

    /** Starts everything with the operator's trust, price in money and alert settings. */
    static DiscordRig start(Path dir, TrustSettings trust, SpendSettings spend) {
        return new DiscordRig(dir, "fake-token", FakeSeedanceServer.start(), trust, null, spend).started();
    }

    private static DiscordRig start(Path dir, String token, FakeSeedanceServer seedance, TrustSettings trust,
            ExecutorService workers) {
        return new DiscordRig(dir, token, seedance, trust, workers, SpendSettings.DEFAULTS).started();
    }

    private DiscordRig started() {
        try {
            adapter.start();
            core.start();
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Stops this bot (adapter and core) as a restart would and starts a new one on the same work dir, against the
     * same fakes; close the returned rig instead of this one.
     */
    DiscordRig restart() {
        stopBot();
        return new DiscordRig(dir, token, seedance, discord, trust, null, spend).started();
    }

    private void stopBot() {
        try {
            if (adapter.shardManager() != null) {
                adapter.shardManager().getShards().forEach(JDA::shutdownNow);
            }
            adapter.close();
        } finally {
            core.close(Duration.ofSeconds(2));
            logs.close();
        }
    }

    @Override
    public void close() {
        try {
            stopBot();
        } finally {
            seedance.close();
            discord.close();
        }
    }

    // ---------------------------------------------------------------- media

    CdnAttachment png(String name) {
        return discord.hostAttachment(name, "image/png", TestMedia.bytes(TestMedia.IMAGE_PNG));
    }

    CdnAttachment media(String name, String type, String media) {
        return discord.hostAttachment(name, type, TestMedia.bytes(media));
    }

    // ---------------------------------------------------------------- interactions

    /**
     * The interaction's latest answer once one arrived: an edit of its response, or an ephemeral follow-up (how a
     * refusal of a public {@code /video}, Re-roll or Extend reaches its requester alone).
     */
    RecordedCall awaitReply(Interaction i) {
        await().atMost(WAIT).until(() -> !answers(discord, i).isEmpty());
        List<RecordedCall> answers = answers(discord, i);
        return answers.get(answers.size() - 1);
    }

    /** Waits until an answer to the interaction (edit or ephemeral follow-up) contains {@code text}; returns it. */
    RecordedCall awaitReplyContaining(Interaction i, String text) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(answers(discord, i))
                .anyMatch(c -> c.status() == 200 && c.content().contains(text)));
        return answers(discord, i).stream()
                .filter(c -> c.status() == 200 && c.content().contains(text)).reduce((a, b) -> b).orElseThrow();
    }

    /** Edits of the interaction's response and its ephemeral follow-ups (flag 64), in the order they arrived. */
    static List<RecordedCall> answers(FakeDiscord discord, Interaction i) {
        return discord.requests().stream()
                .filter(c -> c.path().matches(i.webhookPath()))
                .filter(c -> c.method().equals("PATCH") || c.method().equals("POST") && ephemeral(c))
                .toList();
    }

    /** A follow-up only its requester sees. */
    static boolean ephemeral(RecordedCall call) {
        return call.json() != null && (call.json().path("flags").asInt() & 64) != 0;
    }

    // ---------------------------------------------------------------- outcomes

    static UserKey key(Member m) {
        return new UserKey(Platform.DISCORD, m.id());
    }

    List<TaskView> tasksOf(Member m) {
        return core.engine().recentTasks(key(m), 100);
    }

    /**
     * The task has ended and its charge is settled. The engine changes the state first (the transition is what makes
     * settling happen once) and commits or refunds just after, so a test that checks the ledger waits for both.
     */
    boolean settled(TaskView task) {
        return task.state().isTerminal() && core.quota().entry(task.id())
                .map(e -> e.state() != ChargeState.RESERVED).orElse(true);
    }

    TaskView latestTask(Member m) {
        List<TaskView> recent = core.engine().recentTasks(key(m), 1);
        assertThat(recent).as("tasks of %s", m.username()).isNotEmpty();
        return recent.get(0);
    }

    /** Every message the fake keeps (bot posts, interaction responses and follow-ups) in the guild's channels and DMs. */
    List<JsonNode> allMessages() {
        return Stream.of(FakeDiscord.CHANNEL_GENERAL, FakeDiscord.CHANNEL_VIDEOS, FakeDiscord.CHANNEL_NO_SEND,
                        FakeDiscord.THREAD_IDEAS)
                .flatMap(c -> discord.messages(c).stream())
                .toList();
    }

    /** Stored channel messages (not webhook messages) that announce {@code taskId}'s finished video. */
    List<JsonNode> videoPosts(String taskId) {
        return allMessages().stream()
                .filter(m -> m.path("webhook_id").isMissingNode())
                .filter(m -> m.path("content").asText().contains("your video `" + taskId + "` is ready"))
                .toList();
    }

    /** Anything the bot wrote (channel message or interaction follow-up/edit that succeeded) mentioning {@code text}. */
    boolean botWrote(String text) {
        return discord.requests().stream()
                .filter(c -> c.status() == 200 && (c.method().equals("POST") || c.method().equals("PATCH")))
                .anyMatch(c -> c.content().contains(text));
    }

    // ---------------------------------------------------------------- ledger

    /** {@code SUM(amount)} of the ledger rows booked for these tasks (window and bonus buckets). */
    long ledgerSum(Collection<String> taskIds) {
        long sum = 0;
        for (String id : taskIds) {
            sum += queryLong("SELECT COALESCE(SUM(amount), 0) FROM quota_ledger WHERE task_id = ?", id);
        }
        return sum;
    }

    /** Rows in the ledger and the charge table together: 0 means nothing was ever reserved. */
    long ledgerRows() {
        return queryLong("SELECT COUNT(*) FROM quota_ledger", null) + queryLong("SELECT COUNT(*) FROM quota_charge", null);
    }

    long moderationAuditRows() {
        return queryLong("SELECT COUNT(*) FROM moderation_audit", null);
    }

    private long queryLong(String sql, String param) {
        try (Connection c = core.database().dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            if (param != null) {
                s.setString(1, param);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
