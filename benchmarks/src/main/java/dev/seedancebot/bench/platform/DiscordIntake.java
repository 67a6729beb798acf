package dev.seedancebot.bench.platform;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.discord.DiscordAdapter;
import dev.seedancebot.discord.DiscordSettings;
import dev.seedancebot.testkit.discord.FakeDiscord;
import dev.seedancebot.testkit.discord.Interaction;
import dev.seedancebot.testkit.discord.Member;
import dev.seedancebot.testkit.discord.SlashCommand;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The intake benchmark's Discord set-up (real adapter and core against FakeDiscord and the fake Seedance, loopback,
 * no added round trip) for other benchmarks that want to know what their load does to the acknowledgement of a
 * command: {@link #paced} sends slash commands at a steady rate, as users do, and returns each one's dispatch-to-defer
 * time as the fake saw it.
 */
public final class DiscordIntake implements AutoCloseable {
    private final FakeSeedanceServer seedance;
    private final FakeDiscord discord;
    private final CoreAssembly core;
    private final DiscordAdapter adapter;
    private long nextUser = 1_420_000_000_000_000_000L;

    public DiscordIntake(Path dir) throws Exception {
        Clock clock = Clock.systemUTC();
        seedance = FakeSeedanceServer.builder().pollsPerStep(1_000_000).start();
        discord = FakeDiscord.start(clock);
        core = IntakeBenchmark.core(dir, seedance);
        adapter = new DiscordAdapter(new DiscordSettings("bench-token", discord.restBaseUrl(), discord.gatewayUrl(),
                false, List.of(FakeDiscord.GUILD_ID), Set.of(FakeDiscord.ROLE_MODERATORS)), core.ports(),
                core.router(), clock);
        adapter.start();
        core.start();
    }

    /**
     * Sends {@code count} {@code /video text} commands from new users, {@code perSecond} a second, and returns their
     * acknowledgement times in milliseconds (NaN for one that never came).
     */
    public double[] paced(int count, int perSecond) throws Exception {
        long first = nextUser;
        nextUser += count;
        long[] sent = new long[count];
        Map<String, Integer> byId = new HashMap<>();
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            LockSupport.parkNanos(start + i * interval - System.nanoTime());
            SlashCommand command = SlashCommand.of("video", "text").option("prompt", "a paced benchmark clip " + i)
                    .by(Member.of(Long.toString(first + i), "paced" + i));
            sent[i] = System.nanoTime();
            Interaction interaction = discord.dispatch(command);
            byId.put(interaction.id(), i);
        }
        return IntakeBenchmark.awaitDiscord(discord, byId, Map.of(), sent)[0];
    }

    @Override
    public void close() {
        adapter.close();
        core.close(Duration.ofSeconds(5));
        discord.close();
        seedance.close();
    }
}
