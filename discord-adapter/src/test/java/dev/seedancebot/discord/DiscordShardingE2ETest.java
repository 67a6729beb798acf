package dev.seedancebot.discord;

import static dev.seedancebot.testkit.discord.FakeDiscord.CHANNEL_GENERAL;
import static dev.seedancebot.testkit.discord.FakeDiscord.CHANNEL_GUILD_2;
import static dev.seedancebot.testkit.discord.FakeDiscord.GUILD_2_ID;
import static dev.seedancebot.testkit.discord.FakeDiscord.GUILD_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.discord.FakeDiscord;
import dev.seedancebot.testkit.discord.RecordedCall;
import dev.seedancebot.testkit.discord.ShardInfo;
import dev.seedancebot.testkit.discord.SlashCommand;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several adapters on one {@link FakeDiscord} with two shards: {@link FakeDiscord#GUILD_2_ID} is on shard 0 and
 * {@link FakeDiscord#GUILD_ID} on shard 1. Each instance has its own core (database sharing is covered by the core's
 * PostgreSQL tests); what is shown here is that each instance receives only its shards' guilds and that any instance
 * can post to any guild's channel.
 */
class DiscordShardingE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final UserKey ALICE = new UserKey(Platform.DISCORD, FakeDiscord.ALICE.id());

    @TempDir
    Path dir;

    private final OffsetClock clock = new OffsetClock();
    private final List<DiscordAdapter> adapters = new ArrayList<>();
    private final List<CoreAssembly> cores = new ArrayList<>();
    private JdaLogWatcher logs;
    private FakeSeedanceServer seedance;
    private FakeDiscord discord;

    @BeforeEach
    void start() {
        logs = JdaLogWatcher.attach();
        seedance = FakeSeedanceServer.start();
        discord = FakeDiscord.startSharded(clock, 2);
    }

    @AfterEach
    void stop() {
        try {
            logs.assertNoParseErrors();
        } finally {
            for (DiscordAdapter adapter : adapters) {
                if (adapter.shardManager() != null) {
                    adapter.shardManager().getShards().forEach(JDA::shutdownNow);
                }
                adapter.close();
            }
            cores.forEach(core -> core.close(Duration.ofSeconds(2)));
            seedance.close();
            discord.close();
            logs.close();
        }
    }

    @Test
    void shardRanges_commandInEachGuild_answeredByTheInstanceRunningItsShard() {
        // A takes the gateway URL from GET /gateway/bot, B from its settings
        Instance a = instance("a", null, DiscordSettings.Sharding.range(2, 0, 0));
        Instance b = instance("b", discord.gatewayUrl(), DiscordSettings.Sharding.range(2, 1, 1));

        discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a fox on shard 0").in(CHANNEL_GUILD_2));
        discord.dispatch(SlashCommand.of("video", "text").option("prompt", "a fox on shard 1").in(CHANNEL_GENERAL));

        awaitDelivery(CHANNEL_GUILD_2);
        awaitDelivery(CHANNEL_GENERAL);
        assertThat(discord.identifiedShards()).containsExactlyInAnyOrder(new ShardInfo(0, 2), new ShardInfo(1, 2));
        assertThat(a.core.engine().recentTasks(ALICE, 5)).singleElement()
                .satisfies(t -> assertThat(t.prompt()).isEqualTo("a fox on shard 0"));
        assertThat(b.core.engine().recentTasks(ALICE, 5)).singleElement()
                .satisfies(t -> assertThat(t.prompt()).isEqualTo("a fox on shard 1"));
        assertThat(a.adapter.shardManager().getGuildById(GUILD_ID)).isNull();
        assertThat(b.adapter.shardManager().getGuildById(GUILD_2_ID)).isNull();
        assertThat(discord.registeredCommands(GUILD_2_ID)).isPresent();
        assertThat(discord.registeredCommands(GUILD_ID)).isPresent();
        assertThat(discord.requests("GET", ".*/gateway/bot")).isNotEmpty();
    }

    @Test
    void deliver_channelOnShardOfOtherInstance_postsVideoOverRest() throws Exception {
        Instance a = instance("a", discord.gatewayUrl(), DiscordSettings.Sharding.range(2, 0, 0));
        Instance b = instance("b", discord.gatewayUrl(), DiscordSettings.Sharding.range(2, 1, 1));
        discord.dispatch(SlashCommand.of("video", "text").option("prompt", "handed over").in(CHANNEL_GUILD_2));
        awaitDelivery(CHANNEL_GUILD_2);
        // the engine records the delivery once Discord has answered the post, which is after the fake saw it
        await().atMost(WAIT).until(() -> a.core.engine().recentTasks(ALICE, 1).get(0).state() == TaskState.DELIVERED);
        TaskView done = a.core.engine().recentTasks(ALICE, 1).get(0);
        // the same task as B's engine would see it after taking it over from A (another id, so no nonce repeat)
        TaskView takenOver = withId(done, "tcrossshard1");
        Path video = Files.write(dir.resolve("out.mp4"), TestMedia.bytes(TestMedia.VIDEO_3S));

        String messageId = b.adapter.deliver(takenOver, new Delivery.Upload(video, Files.size(video)));

        assertThat(b.adapter.shardManager().getChannelById(TextChannel.class, CHANNEL_GUILD_2)).isNull();
        RecordedCall posted = deliveries(CHANNEL_GUILD_2).stream()
                .filter(c -> c.json().path("nonce").asText().equals("tcrossshard1")).findFirst().orElseThrow();
        assertThat(posted.files()).singleElement()
                .satisfies(f -> assertThat(f.bytes()).hasSize((int) Files.size(video)));
        assertThat(posted.content()).contains("<@" + FakeDiscord.ALICE.id() + ">").contains("handed over");
        assertThat(discord.message(messageId)).isPresent();
    }

    @Test
    void start_recommendedShardCount_runsEveryShardDiscordRecommends() {
        Instance only = instance("only", null, DiscordSettings.Sharding.RECOMMENDED);

        assertThat(only.adapter.shardManager().getShardsTotal()).isEqualTo(2);
        assertThat(discord.identifiedShards()).containsExactlyInAnyOrder(new ShardInfo(0, 2), new ShardInfo(1, 2));
        assertThat(only.adapter.shardManager().getGuildCache().size()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- helpers

    private record Instance(CoreAssembly core, DiscordAdapter adapter) {}

    private Instance instance(String name, String gatewayUrl, DiscordSettings.Sharding sharding) {
        Path work = dir.resolve(name);
        CoreAssembly core = CoreAssembly.builder()
                .workDir(work)
                .seedance(new SeedanceSettings(seedance.baseUrl(), seedance.apiKey(), SeedanceSettings.DEFAULT_MODEL,
                        Duration.ofSeconds(2), Duration.ofSeconds(10), 200L * 1024 * 1024, null, Duration.ofMillis(10),
                        Duration.ofSeconds(5), 3, 3, Duration.ofMillis(10)))
                .engineSettings(EngineSettings.fast(work))
                .clock(clock)
                .build();
        cores.add(core);
        DiscordAdapter adapter = new DiscordAdapter(new DiscordSettings("fake-token", discord.restBaseUrl(), gatewayUrl,
                false, List.of(GUILD_ID, GUILD_2_ID), Set.of()).withSharding(sharding),
                core.ports(), core.router(), clock);
        adapters.add(adapter);
        adapter.start();
        core.start();
        return new Instance(core, adapter);
    }

    private void awaitDelivery(String channelId) {
        await().atMost(WAIT).untilAsserted(() -> {
            logs.assertNoParseErrors();
            assertThat(deliveries(channelId)).isNotEmpty();
        });
    }

    private List<RecordedCall> deliveries(String channelId) {
        return discord.requests("POST", ".*/channels/" + channelId + "/messages").stream()
                .filter(c -> c.status() == 200 && c.content().contains("is ready"))
                .toList();
    }

    private static TaskView withId(TaskView t, String id) {
        return new TaskView(id, t.parentId(), t.requester(), t.chat(), t.state(), t.mode(), t.prompt(), t.options(),
                t.cost(), t.providerTaskId(), t.progressPercent(), t.resultUrl(), t.resultBytes(),
                t.progressMessageId(), t.deliveredMessageId(), t.errorKind(), t.errorMessage(), t.createdAt(),
                t.finishedAt());
    }
}
