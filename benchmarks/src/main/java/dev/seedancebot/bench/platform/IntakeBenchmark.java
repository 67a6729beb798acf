package dev.seedancebot.bench.platform;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.bench.Measure;
import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.discord.DiscordAdapter;
import dev.seedancebot.discord.DiscordSettings;
import dev.seedancebot.telegram.TelegramAdapter;
import dev.seedancebot.telegram.TelegramSettings;
import dev.seedancebot.testkit.discord.FakeDiscord;
import dev.seedancebot.testkit.discord.Interaction;
import dev.seedancebot.testkit.discord.Member;
import dev.seedancebot.testkit.discord.RecordedCall;
import dev.seedancebot.testkit.discord.SlashCommand;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import dev.seedancebot.testkit.telegram.TelegramCall;
import dev.seedancebot.testkit.telegram.TgChat;
import dev.seedancebot.testkit.telegram.TgUser;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * 500 commands arriving at once, through the real adapters and the real core (H2 file, engine, quota) against the
 * loopback fakes, each command from a different user:
 *
 * <ul>
 *   <li>Discord: 500 {@code /video text} slash commands dispatched back to back over FakeDiscord's gateway; the
 *       acknowledgement time of each runs from its dispatch to the fake having read the interaction callback (type 5,
 *       deferred), which Discord wants within 3 s.
 *   <li>Telegram: 500 {@code /video …} messages queued back to back in FakeTelegramBotApi while the bot long-polls;
 *       the acknowledgement time of each runs from its queueing to the fake having recorded the bot's first
 *       sendMessage to that chat (the "queued" answer).
 * </ul>
 *
 * Each platform runs one burst per round trip the fakes add to every HTTP call ({@link #ROUND_TRIPS_MS}, 0 ms
 * being the same-run loopback baseline), as real Discord and Telegram are 20–200 ms away.
 *
 * <p>Quota is unlimited so that nothing is denied; Seedance tasks stay queued at the fake and the engine runs with its
 * production poll settings, so the figures measure intake (submit, charge, answer), not delivery.
 */
public final class IntakeBenchmark {
    private static final int COMMANDS = 500;
    private static final int WARMUP_COMMANDS = 50;
    /**
     * Uncounted bursts of {@link #COMMANDS} at each round trip before the measured one: the JIT compiles the paths a
     * burst takes at that round trip in them (a measured burst right after the round trip changed spent 4.5 s of its
     * 3 s in compilations on 2 cores).
     */
    private static final int WARMUP_BURSTS = 6;
    /** The pause before each measured burst. */
    private static final Duration QUIET = Duration.ofSeconds(5);
    private static final double DEADLINE_MS = 3000;
    /**
     * Round trips the fakes add to every REST / Bot API call, in this order in one JVM per platform: 0 is the same-run
     * loopback baseline; real Discord is 20–150 ms away, Telegram's Bot API similar.
     */
    private static final int[] ROUND_TRIPS_MS = Arrays.stream(System.getProperty("intake.roundTrips", "0,50,100,200")
            .split(",")).mapToInt(v -> Integer.parseInt(v.trim())).toArray();
    /** p99 targets of issue 16 part 5 per round trip (ms); 3 s, Discord's deadline, where none is set. */
    private static final Map<Integer, Double> P99_TARGET_MS = Map.of(0, 3000.0, 50, 3000.0, 100, 500.0, 200, 1000.0);
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final QuotaSettings UNLIMITED = new QuotaSettings(ZoneId.of("UTC"), 0, 0, 0, 0);

    /** Acknowledgement and first-answer latencies of one burst, in milliseconds; NaN where none came. */
    private record Burst(double[] ackMs, double[] answerMs, double queueingMs, int accepted) {
        Burst withAccepted(int value) {
            return new Burst(ackMs, answerMs, queueingMs, value);
        }
    }

    public PlatformReport run() throws Exception {
        Path dir = Files.createTempDirectory("seedance-bench-intake");
        PlatformReport report = new PlatformReport("intake: " + COMMANDS
                + " commands at once, real adapters and core against the loopback fakes, at round trips "
                + Arrays.toString(ROUND_TRIPS_MS) + " ms");
        // -Dintake.platforms=discord (or telegram) runs one platform only, and -Dintake.roundTrips=100,200 only those
        // round trips, for quicker rounds while tuning
        String platforms = System.getProperty("intake.platforms", "discord,telegram");
        if (platforms.contains("discord")) {
            Map<Integer, Burst> discord = discord(dir.resolve("discord"));
            for (int rt : ROUND_TRIPS_MS) {
                addFigures(report, "Discord @" + rt + " ms", "slash command -> interaction callback (defer) at the"
                        + " fake", discord.get(rt), rt, "reply edit with the task id, or the \"busy\" follow-up");
            }
        }
        if (platforms.contains("telegram")) {
            Map<Integer, Burst> telegram = telegram(dir.resolve("telegram"));
            for (int rt : ROUND_TRIPS_MS) {
                addFigures(report, "Telegram @" + rt + " ms", "update queued -> first sendMessage at the fake",
                        telegram.get(rt), rt, "the \"Video t… queued\" answer itself");
                // getUpdates hands out at most 100 updates and one poll at a time: the last 100 of 500 arrive 4 polls
                // after the first, and their answers take one more round trip
                report.add("Telegram @" + rt + " ms floor of the last 100 (no bot time at all)",
                        Stats.ms((COMMANDS / 100.0) * rt) + " = " + COMMANDS / 100 + " round trips");
            }
        }
        report.note(WARMUP_COMMANDS + " commands go first on each platform, and " + WARMUP_BURSTS + " x " + COMMANDS
                + " before each measured burst at its round trip; they are from other users and not counted (class"
                + " loading, JIT: a burst right after the round trip changed spent 4.5 s compiling on 2 cores); then,"
                + " after a pause of " + QUIET.toSeconds() + " s, all " + COMMANDS + " are queued back to back from"
                + " one thread, each timed from its own dispatch/queueing, so the time spent queueing the later ones is"
                + " not counted against them. Between bursts the run waits until the engine has sent every create.");
        report.note("round trip: the fake holds each HTTP call that long before handling it (LoopbackServer, scheduled,"
                + " no thread held), so a call costs one round trip plus its handling; the gateway and a getUpdates"
                + " already held when the burst starts are not delayed.");
        report.note("Discord ack: FakeDiscord's nanoTime after reading the callback request. Telegram ack: a watcher"
                + " thread scans the fake's recorded calls every 1 ms (resolution about 1 ms).");
        report.note("Telegram polls: getUpdates returns at most 100 updates, and one poll at a time is allowed, so the"
                + " last 100 of a burst of 500 are received about 4 round trips after the first: about 5 round trips"
                + " before their answer leaves, whatever the bot's pools.");
        report.note("each command is from its own user (own private chat on Telegram); quota unlimited; engine on"
                + " production poll settings (first poll after 10 s), so no poll or delivery falls in the window.");
        return report;
    }

    private static void addFigures(PlatformReport report, String platform, String what, Burst b, int rt,
            String answerWhat) {
        double[] acks = b.ackMs();
        long missing = Arrays.stream(acks).filter(Double::isNaN).count();
        double[] got = Arrays.stream(acks).filter(a -> !Double.isNaN(a)).toArray();
        long late = Arrays.stream(got).filter(a -> a > DEADLINE_MS).count() + missing;
        double p99 = Measure.percentile(got, 99);
        double target = P99_TARGET_MS.get(rt);
        report.add(platform + ": " + what, COMMANDS + " commands, queued in " + Stats.ms(b.queueingMs()));
        report.check(platform + " ack p50 / p99 / max", Stats.ms(Measure.percentile(got, 50)) + " / "
                + Stats.ms(p99) + " / " + Stats.ms(Stats.max(got)), "p99 < " + (int) target + " ms",
                p99 < target && missing == 0);
        report.check(platform + " acks later than 3 s or missing", late + " of " + COMMANDS, "0", late == 0);
        double[] answers = Arrays.stream(b.answerMs()).filter(a -> !Double.isNaN(a)).toArray();
        report.add(platform + " first answer p50 / p99 / max (" + answerWhat + ")",
                Stats.ms(Measure.percentile(answers, 50)) + " / " + Stats.ms(Measure.percentile(answers, 99)) + " / "
                        + Stats.ms(Stats.max(answers)) + "; accepted as tasks: " + b.accepted() + " of " + COMMANDS);
    }

    /** Sends a burst of {@code count} commands from the users {@code firstUser}, {@code firstUser + 1}, ... */
    private interface BurstSender {
        Burst send(long firstUser, int count) throws Exception;
    }

    /**
     * A warm-up of {@link #WARMUP_COMMANDS}; then per round trip {@link #WARMUP_BURSTS} of {@link #COMMANDS}, not
     * counted, and the measured burst, each from new users ({@code stride} apart) once the previous one's creates are
     * done; before the measured one the JVM has {@link #QUIET} to finish what the last burst left (JIT compilations,
     * collections), as a bot that has been running for a while meets a burst. The CPU each thread group used during a burst, and the JIT's
     * compile time in it, go to stderr, for finding out what a burst waits for.
     */
    private static Map<Integer, Burst> sweep(String platform, FakeSeedanceServer seedance, CoreAssembly core,
            Platform key, long firstUser, long stride, Consumer<Duration> roundTrip, BurstSender bursts)
            throws Exception {
        bursts.send(firstUser, WARMUP_COMMANDS);
        settle(seedance);
        long users = firstUser + stride;
        Map<Integer, Burst> results = new TreeMap<>();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        for (int rt : ROUND_TRIPS_MS) {
            roundTrip.accept(Duration.ofMillis(rt));
            for (int i = 0; i < WARMUP_BURSTS; i++) {
                bursts.send(users, COMMANDS);
                settle(seedance);
                users += stride;
            }
            Thread.sleep(QUIET.toMillis());
            Map<String, Long> cpu = Stats.cpuByThreadGroup();
            long compiling = jit.getTotalCompilationTime();
            Burst b = bursts.send(users, COMMANDS);
            System.err.println(platform + " @" + rt + " ms: JIT " + (jit.getTotalCompilationTime() - compiling)
                    + " ms; CPU: " + Stats.topCpu(cpu, Stats.cpuByThreadGroup(), 12));
            settle(seedance);
            results.put(rt, b.withAccepted(tasksOf(core, key, users)));
            users += stride;
        }
        return results;
    }

    // ---------------------------------------------------------------- Discord

    private static Map<Integer, Burst> discord(Path dir) throws Exception {
        Clock clock = Clock.systemUTC();
        try (FakeSeedanceServer seedance = FakeSeedanceServer.builder().pollsPerStep(1_000_000).start();
                FakeDiscord discord = FakeDiscord.start(clock)) {
            CoreAssembly core = core(dir, seedance);
            DiscordAdapter adapter = new DiscordAdapter(new DiscordSettings("bench-token", discord.restBaseUrl(),
                    discord.gatewayUrl(), false, List.of(FakeDiscord.GUILD_ID), Set.of(FakeDiscord.ROLE_MODERATORS)),
                    core.ports(), core.router(), clock);
            try {
                adapter.start();
                core.start();
                return sweep("Discord", seedance, core, Platform.DISCORD, 1_410_000_000_000_000_000L, 1_000_000,
                        discord::setRoundTrip, (first, n) -> discordBurst(discord, first, n));
            } finally {
                discord.setRoundTrip(Duration.ZERO);
                adapter.close();
                core.close(Duration.ofSeconds(5));
            }
        }
    }

    private static Burst discordBurst(FakeDiscord discord, long firstUserId, int count) throws Exception {
        SlashCommand[] commands = new SlashCommand[count];
        for (int i = 0; i < count; i++) {
            commands[i] = SlashCommand.of("video", "text").option("prompt", "a short benchmark clip " + i)
                    .by(Member.of(Long.toString(firstUserId + i), "bench" + i));
        }
        long[] sent = new long[count];
        Map<String, Integer> byId = new HashMap<>();
        Map<String, Integer> byToken = new HashMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            sent[i] = System.nanoTime();
            Interaction interaction = discord.dispatch(commands[i]);
            byId.put(interaction.id(), i);
            byToken.put(interaction.token(), i);
        }
        double queueingMs = (System.nanoTime() - start) / 1e6;
        double[][] times = awaitDiscord(discord, byId, byToken, sent);
        return new Burst(times[0], times[1], queueingMs, 0);
    }

    /**
     * The acknowledgement and first-reply times (ms, NaN where none came) of the interactions sent at {@code sent},
     * known by id and token; replies are looked for only when {@code byToken} is not empty.
     */
    static double[][] awaitDiscord(FakeDiscord discord, Map<String, Integer> byId, Map<String, Integer> byToken,
            long[] sent) {
        int count = sent.length;
        double[] ack = new double[count];
        double[] answer = new double[count];
        Arrays.fill(ack, Double.NaN);
        Arrays.fill(answer, Double.NaN);
        // Awaitility-style: poll the fake's record every 20 ms until every interaction has its callback and reply
        int[] scanned = {0};
        int[] known = {0};
        int expected = byToken.isEmpty() ? count : 2 * count;
        try {
            Stats.await("Discord acknowledgements", WAIT, Duration.ofMillis(20),
                    () -> scanDiscord(discord, scanned, known, byId, byToken, sent, ack, answer) == expected);
        } catch (java.util.concurrent.TimeoutException e) {
            // reported as missing
        }
        return new double[][] {ack, answer};
    }

    /**
     * Fills in acknowledgement and first-reply times from the calls the fake recorded since the last scan
     * ({@code scanned[0]} of them were seen before); returns how many times are known.
     */
    private static int scanDiscord(FakeDiscord discord, int[] scanned, int[] known, Map<String, Integer> byId,
            Map<String, Integer> byToken, long[] sent, double[] ack, double[] answer) {
        List<RecordedCall> calls = discord.requests();
        for (RecordedCall call : calls.subList(scanned[0], calls.size())) {
            if (!call.path().endsWith("/callback") && !call.path().contains("/webhooks/")) {
                continue;
            }
            String[] p = call.path().split("/");
            if (call.method().equals("POST") && call.path().endsWith("/callback") && p.length >= 6) {
                // /api/v10/interactions/{id}/{token}/callback
                Integer i = byId.get(p[4]);
                if (i != null && Double.isNaN(ack[i]) && call.status() == 204 && call.json() != null
                        && call.json().path("type").asInt() == 5) {
                    ack[i] = (discord.receivedAtNanos(call).orElseThrow() - sent[i]) / 1e6;
                    known[0]++;
                }
            } else if ((call.method().equals("PATCH") || call.method().equals("POST"))
                    && call.path().contains("/webhooks/") && p.length >= 6) {
                // /api/v10/webhooks/{app}/{token}/messages/@original, or a follow-up (the "busy" answer)
                Integer i = byToken.get(p[5]);
                if (i != null && Double.isNaN(answer[i]) && call.status() == 200) {
                    answer[i] = (discord.receivedAtNanos(call).orElseThrow() - sent[i]) / 1e6;
                    known[0]++;
                }
            }
        }
        scanned[0] = calls.size();
        return known[0];
    }

    // ---------------------------------------------------------------- Telegram

    private static Map<Integer, Burst> telegram(Path dir) throws Exception {
        try (FakeSeedanceServer seedance = FakeSeedanceServer.builder().pollsPerStep(1_000_000).start();
                FakeTelegramBotApi telegram = FakeTelegramBotApi.start()) {
            CoreAssembly core = core(dir, seedance);
            TelegramSettings settings = TelegramSettings.defaults(telegram.token())
                    .withServer("http", telegram.host(), telegram.port(), false);
            // the core's OkHttp client, as the launcher gives it
            TelegramAdapter adapter = new TelegramAdapter(settings, core.ports(), core.http(), Ticker.systemTicker(),
                    dir.resolve("telegram"));
            try {
                core.router().register(adapter);
                adapter.start();
                core.start();
                return sweep("Telegram", seedance, core, Platform.TELEGRAM, 3_000_000L, 1_000_000,
                        telegram::setRoundTrip, (first, n) -> telegramBurst(telegram, first, n));
            } finally {
                telegram.setRoundTrip(Duration.ZERO);
                adapter.close();
                core.close(Duration.ofSeconds(5));
            }
        }
    }

    private static Burst telegramBurst(FakeTelegramBotApi telegram, long firstUserId, int count) throws Exception {
        FakeTelegramBotApi.IncomingMessage[] messages = new FakeTelegramBotApi.IncomingMessage[count];
        for (int i = 0; i < count; i++) {
            TgUser user = new TgUser(firstUserId + i, "bench" + i, "Bench" + i);
            messages[i] = telegram.message(TgChat.privateWith(user), user).text("/video a short benchmark clip " + i);
        }
        long[] sent = new long[count];
        long[] acked = new long[count];
        CountDownLatch all = new CountDownLatch(count);
        AtomicBoolean stop = new AtomicBoolean();
        int skip = telegram.calls().size();
        Thread watcher = new Thread(() -> {
            int seen = skip;
            while (!stop.get() && all.getCount() > 0) {
                List<TelegramCall> calls = telegram.calls();
                long now = System.nanoTime();
                for (int k = seen; k < calls.size(); k++) {
                    TelegramCall c = calls.get(k);
                    if (!c.is("sendMessage") || c.status() != 200) {
                        continue;
                    }
                    long chat = Long.parseLong(c.param("chat_id").orElse("0"));
                    int i = (int) (chat - firstUserId);
                    if (i >= 0 && i < count && acked[i] == 0) {
                        acked[i] = now;
                        all.countDown();
                    }
                }
                seen = calls.size();
                LockSupport.parkNanos(1_000_000);
            }
        }, "intake-ack-watcher");
        watcher.setDaemon(true);
        watcher.start();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            sent[i] = System.nanoTime();
            messages[i].send();
        }
        double queueingMs = (System.nanoTime() - start) / 1e6;
        all.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        stop.set(true);
        watcher.join();

        double[] ack = new double[count];
        for (int i = 0; i < count; i++) {
            ack[i] = acked[i] == 0 ? Double.NaN : (acked[i] - sent[i]) / 1e6;
        }
        // on Telegram the first answer is the acknowledgement itself
        return new Burst(ack, ack.clone(), queueingMs, 0);
    }

    // ---------------------------------------------------------------- shared

    /** Waits until the engine has sent no create to Seedance for 300 ms, so one burst's tail never meets the next. */
    private static void settle(FakeSeedanceServer seedance) throws Exception {
        int[] last = {-1};
        long[] since = {System.nanoTime()};
        Stats.await("the engine's creates", WAIT, Duration.ofMillis(50), () -> {
            int now = seedance.createdTaskCount();
            if (now != last[0]) {
                last[0] = now;
                since[0] = System.nanoTime();
            }
            return System.nanoTime() - since[0] > 300_000_000L;
        });
    }

    /** How many of the {@link #COMMANDS} users from {@code firstUserId} on have a task in the engine. */
    private static int tasksOf(CoreAssembly core, Platform platform, long firstUserId) {
        int n = 0;
        for (int i = 0; i < COMMANDS; i++) {
            n += core.engine().recentTasks(new UserKey(platform, Long.toString(firstUserId + i)), 1).isEmpty() ? 0 : 1;
        }
        return n;
    }

    /** A burst is the point: private chats open and no rate limit, so every command reaches the engine. */
    static final TrustSettings BURSTS = TrustSettings.defaults()
            .withPrivateChats(TrustSettings.PrivateChats.EVERYONE)
            .withRates(1_000_000, 1_000_000, Duration.ofMinutes(1));

    static CoreAssembly core(Path dir, FakeSeedanceServer seedance) {
        Path work = dir.resolve("core");
        return CoreAssembly.builder()
                .workDir(work)
                .seedance(SeedanceSettings.defaults(seedance.apiKey()).withBaseUrl(seedance.baseUrl()))
                .engineSettings(EngineSettings.defaults(work))
                .quotaSettings(UNLIMITED)
                .trust(BURSTS)
                .build();
    }
}
