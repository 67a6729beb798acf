package dev.seedancebot.app.crash;

import static org.awaitility.Awaitility.await;

import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Fault;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import dev.seedancebot.testkit.telegram.TgChat;
import dev.seedancebot.testkit.telegram.TgUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * One crash run, for one bot on H2 ({@link CrashRestartTest}) or several on one PostgreSQL database
 * ({@link PostgresCrashRestartTest}): the fakes, a stream of /video commands, SIGKILLs at random moments drawn from a
 * seeded {@link Random}, a restart after each, then the {@link CrashVerdict} on the database and the fakes' records.
 *
 * <p>Each kill comes at least 0.5–3 s after the previous one, and only once the bots have made a random number (1 to
 * tasks + 10) of new calls to the fakes since then, so that every kill hits real work (start-up resumption, creates,
 * polls, downloads, posts). Several bots take turns as the victim, starting with one drawn from the same
 * {@link Random}; each kill waits until every bot has finished starting, so that kills hit serving bots and the others
 * serve while the victim is down. Taking turns, every kill after the first hits the bot polling Telegram (the last
 * victim's restart found the lock taken), which makes intake and creates, not only polls and posts, change hands.
 */
final class CrashRun {
    /**
     * @param maxPendingSteps each fake task reports 1..this many pending states, one per second, before it ends, so
     *     tasks finish (and get posted) all through the kill phase
     * @param failureShare the share of tasks that Seedance fails (output moderation): these must be refunded with a
     *     notice as well
     */
    record Scenario(int tasks, int kills, int maxPendingSteps, double failureShare, Duration completionTimeout,
            Stress stress, Queueing queueing) {
        /** Without {@link Stress}. */
        Scenario(int tasks, int kills, int maxPendingSteps, double failureShare, Duration completionTimeout,
                Queueing queueing) {
            this(tasks, kills, maxPendingSteps, failureShare, completionTimeout, Stress.NONE, queueing);
        }
    }

    /**
     * The queue in front of Seedance, small against the scenario's tasks so that most of them wait (as database rows)
     * when a kill comes, and the fake Seedance refusing creates beyond its own smaller cap as Ark does (429
     * {@code QuotaExceeded}): the bots' push-back path runs too, and its resends must never create a task twice.
     *
     * @param maxInFlight {@code queue.max-in-flight} of every bot
     * @param providerMaxRunning the fake's cap on tasks running at once, below {@code maxInFlight}: tasks whose create
     *     a kill swallowed (refunded as unknown) keep running there and hold slots the bots do not count
     */
    record Queueing(int maxInFlight, int providerMaxRunning) {}

    /** Makes the bots of a run for the fakes and the scenario's {@link Queueing}. */
    interface Bots {
        List<BotProcessRig> make(FakeSeedanceServer seedance, FakeTelegramBotApi telegram, Queueing queueing);
    }

    /**
     * What makes kills land in narrower places; {@link #NONE} draws nothing more from the seed's {@link Random}.
     *
     * @param streamed whether the commands come in kills + 1 batches, one before each kill (so that kills hit
     *     intake, and the Telegram poller's handover), instead of all before the first
     * @param maxCallDelay each create and download answer of the fake Seedance is held back up to this long (drawn
     *     per call), so that kills find creates and downloads in flight; zero: answered at once
     * @param killsAtPost the share of kills that come at a video upload instead of after an amount of work: the fake
     *     Telegram holds video uploads from the start of the kill's wait, the kill comes after its delay once one is
     *     held, and then the fake makes them. Those the victim sent are posted while the bot never hears so (the
     *     moment between a post and its record in the database), and the repeat after the kill must edit that
     *     message, not post another; those of the other bot were only late
     */
    record Stress(boolean streamed, Duration maxCallDelay, double killsAtPost) {
        static final Stress NONE = new Stress(false, Duration.ZERO, 0);
    }

    private static final Duration READY = Duration.ofSeconds(60);

    private CrashRun() {}

    /**
     * Runs {@code scenario} with the bots {@code bots} makes for the fakes; {@code -Dseedance.crashSeed=N} replaces
     * {@code defaultSeed} to replay one schedule of kills. The bots' database is read through the first bot's URL.
     */
    static void run(Scenario scenario, long defaultSeed,
            Bots makeBots) throws Exception {
        long seed = Long.getLong("seedance.crashSeed", defaultSeed);
        Random random = new Random(seed);
        long began = System.nanoTime();
        FakeSeedanceServer seedance = FakeSeedanceServer.builder().stepDuration(Duration.ofSeconds(1))
                .maxRunningTasks(scenario.queueing().providerMaxRunning()).start();
        FakeTelegramBotApi telegram = FakeTelegramBotApi.builder().token(BotProcessRig.TELEGRAM_TOKEN)
                .maxPollHold(500).start();
        int scripted = scenario.tasks() + scenario.kills() * 4; // creates whose answer a kill swallowed use one too
        for (int i = 0; i < scripted; i++) {
            seedance.scriptNextTask(script(random, scenario));
        }
        delayCalls(seedance, random, scenario, scripted);
        List<BotProcessRig> bots = makeBots.make(seedance, telegram, scenario.queueing());
        List<CrashVerdict.Kill> kills = new ArrayList<>();
        try {
            bots.forEach(BotProcessRig::start);
            bots.forEach(bot -> bot.awaitReady(READY));
            Commands commands = new Commands(telegram, scenario);
            commands.sendBatch(0);

            // the bots take turns, from one drawn at random; one bot alone is always the victim, with no draw, so
            // that its seeds replay the schedules they always did
            int firstVictim = bots.size() == 1 ? 0 : random.nextInt(bots.size());
            for (int k = 1; k <= scenario.kills(); k++) {
                BotProcessRig victim = bots.get((firstVictim + k - 1) % bots.size());
                // a kill of a bot still starting would hit nothing but its start: every bot serves when one dies
                bots.forEach(b -> b.awaitReady(READY));
                commands.sendBatch(k);
                Duration delay = Duration.ofMillis(500 + random.nextInt(2501));
                // up to one call per task and then some: early kills hit resumption and polls, late ones posts
                int callsNeeded = 1 + random.nextInt(scenario.tasks() + 10);
                double atPostShare = scenario.stress().killsAtPost();
                boolean atPost = atPostShare > 0 && random.nextDouble() < atPostShare;
                CountDownLatch uploads = new CountDownLatch(1);
                boolean idle = atPost
                        ? awaitMoment(k, bots, delay, () -> holdUploads(telegram, uploads), 1)
                        : awaitMoment(k, bots, delay, () -> activity(seedance, telegram), callsNeeded);
                int queued = victim.queueWaiting().orElse(-1); // across the database: the bots share one queue
                victim.kill();
                uploads.countDown(); // the held uploads go through: a held call of the victim posts after its death
                // a request the dead process had fully sent is still recorded by the fakes; let them settle, so that
                // the counts split the calls into "before this kill" and "after the restart" exactly (with several
                // bots the others keep calling: then the counts are only a rough split)
                int[] settled = {-1};
                await("fakes settled after kill #" + k).pollDelay(Duration.ofMillis(100))
                        .pollInterval(Duration.ofMillis(100)).atMost(Duration.ofSeconds(10))
                        .until(() -> bots.size() > 1
                                || settled[0] == (settled[0] = telegram.calls().size() + seedance.requests().size()));
                kills.add(new CrashVerdict.Kill(k, victim.name(), delay, atPost, idle, queued,
                        seedance.acceptedCreateRequests().size(),
                        seedance.requests().size(), CrashVerdict.videoUploads(telegram).size(),
                        telegram.calls("sendMessage").size()));
                victim.start(); // same data directory, same config
            }
            bots.forEach(bot -> bot.awaitReady(READY));
            boolean completed = awaitCompletion(bots, telegram, scenario);
            bots.forEach(BotProcessRig::stop);

            BotProcessRig first = bots.get(0);
            CrashVerdict verdict = CrashVerdict.read(first.jdbcUrl(), first.databaseUser(), commands.sent, seedance,
                    telegram, kills, completed);
            System.out.println(verdict.summary(seed, bots, Duration.ofNanos(System.nanoTime() - began)));
            keepLogsIfAsked(bots, seed);
            verdict.assertAll(bots);
        } finally {
            bots.forEach(BotProcessRig::close);
            telegram.close();
            seedance.close();
        }
    }

    /**
     * Waits {@code delay}, then until {@code count} has grown by {@code needed} since the start (work done during the
     * delay counts too); true if that did not come within 15 s more (nothing left to interrupt: the kill comes anyway
     * and the summary says so).
     */
    private static boolean awaitMoment(int k, List<BotProcessRig> bots, Duration delay, LongSupplier count,
            int needed) {
        long before = count.getAsLong();
        try {
            await("kill #" + k + ": " + needed + " more after " + delay.toMillis() + " ms")
                    .pollDelay(delay)
                    .pollInterval(Duration.ofMillis(10))
                    .atMost(delay.plusSeconds(15))
                    .failFast("a bot exited on its own", () -> exited(bots).isPresent())
                    .until(() -> count.getAsLong() >= before + needed);
            return false;
        } catch (ConditionTimeoutException e) {
            return true;
        } catch (TerminalFailureException e) {
            BotProcessRig dead = exited(bots).orElse(bots.get(0));
            throw new AssertionError(dead.report("bot " + dead.name() + " exited on its own before kill #" + k), e);
        }
    }

    private static Optional<BotProcessRig> exited(List<BotProcessRig> bots) {
        return bots.stream().filter(b -> !b.isAlive()).findFirst();
    }

    private static TaskScript script(Random random, Scenario scenario) {
        List<Step> steps = new ArrayList<>();
        int pending = 1 + random.nextInt(scenario.maxPendingSteps());
        for (int i = 0; i < pending; i++) {
            steps.add(i == 0 ? Step.pending("QUEUED") : Step.pending("IN_PROGRESS", Math.min(95, 10 + i * 5)));
        }
        steps.add(random.nextDouble() < scenario.failureShare()
                ? Step.failure("OutputVideoSensitiveContentDetected",
                        "The output video may contain sensitive information.")
                : Step.success());
        return TaskScript.of(steps.toArray(Step[]::new));
    }

    /** Queues one held-back answer per scripted task for creates and for downloads; none for a zero delay. */
    private static void delayCalls(FakeSeedanceServer seedance, Random random, Scenario scenario, int scripted) {
        int most = (int) scenario.stress().maxCallDelay().toMillis();
        for (int i = 0; most > 0 && i < scripted; i++) {
            seedance.failNextCreate(Fault.delay(Duration.ofMillis(random.nextInt(most + 1))));
            seedance.failNextDownload(Fault.delay(Duration.ofMillis(random.nextInt(most + 1))));
        }
    }

    /**
     * The scenario's /video commands from ten users: eight in private chats, two in one group, round-robin, each with
     * a unique marker in its prompt so that Seedance creates can be matched to the update they came from.
     */
    private static final class Commands {
        private final FakeTelegramBotApi telegram;
        private final Scenario scenario;
        private final List<TgUser> users = new ArrayList<>();
        private final TgChat group = TgChat.group(-1_001_234_567L, "Crash test group");
        private final List<CrashVerdict.SentUpdate> sent = new ArrayList<>();

        Commands(FakeTelegramBotApi telegram, Scenario scenario) {
            this.telegram = telegram;
            this.scenario = scenario;
            for (int i = 1; i <= 10; i++) {
                users.add(new TgUser(5000 + i, "user" + i, "User " + i));
            }
        }

        /** Batch {@code b} of 0..kills: all commands in batch 0 unless streamed, else an equal share in each. */
        void sendBatch(int b) {
            int batches = scenario.stress().streamed() ? scenario.kills() + 1 : 1;
            int until = b >= batches ? 0 : (int) ((long) scenario.tasks() * (b + 1) / batches);
            for (int i = sent.size(); i < until; i++) {
                TgUser user = users.get(i % users.size());
                TgChat chat = user.id() > 5008 ? group : TgChat.privateWith(user);
                String marker = String.format("crash-%03d", i);
                int messageId = telegram.message(chat, user)
                        .text("/video " + marker + " a paper boat drifting down a rainy street")
                        .send();
                sent.add(new CrashVerdict.SentUpdate(chat.id(), messageId, user.id(), marker));
            }
        }
    }

    /**
     * Makes the fake Telegram hold every video upload until {@code release} and returns how many it holds (the
     * latches of earlier kills have been released: nothing waits on them).
     */
    private static long holdUploads(FakeTelegramBotApi telegram, CountDownLatch release) {
        telegram.holdCalls("editMessageMedia", release);
        telegram.holdCalls("sendVideo", release);
        return telegram.heldCalls();
    }

    /** Calls to the fakes that are work (not the idle getUpdates loop): every Seedance request, every Telegram send. */
    private static long activity(FakeSeedanceServer seedance, FakeTelegramBotApi telegram) {
        long telegramWork = telegram.calls().stream()
                .filter(c -> c.method().toLowerCase().startsWith("send") || c.method().toLowerCase().startsWith("edit"))
                .count();
        return seedance.requests().size() + telegramWork;
    }

    /**
     * Nothing unfinished, and a video or a failure notice seen for as many tasks as updates; or nothing unfinished and
     * no new outcome for 10 s (updates were lost, waiting longer changes nothing; the verdict names them). Not "no
     * update pending at the fake": the adapter never confirms the last update it fetched, see the summary. Every bot
     * reports the unfinished tasks of the whole database.
     */
    private static boolean awaitCompletion(List<BotProcessRig> bots, FakeTelegramBotApi telegram,
            Scenario scenario) {
        long[] lastChange = {System.nanoTime()};
        int[] lastSeen = {-1};
        BotProcessRig bot = bots.get(0);
        try {
            await("every task finished")
                    .atMost(scenario.completionTimeout())
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("a bot exited on its own", () -> exited(bots).isPresent())
                    .until(() -> {
                        int seen = CrashVerdict.finishedTaskIds(telegram).size();
                        if (seen != lastSeen[0]) {
                            lastSeen[0] = seen;
                            lastChange[0] = System.nanoTime();
                        }
                        boolean idle = bot.unfinishedTasks().orElse(-1) == 0;
                        boolean stuck = System.nanoTime() - lastChange[0] > Duration.ofSeconds(10).toNanos();
                        return idle && (seen >= scenario.tasks() || stuck);
                    });
            return lastSeen[0] >= scenario.tasks();
        } catch (ConditionTimeoutException e) {
            // with each bot's threads and its log since its last start: what the unfinished work waits for
            for (BotProcessRig b : bots) {
                System.out.println(b.report("completion timed out: unfinished tasks " + bot.unfinishedTasks()
                        + ", tasks with an outcome " + CrashVerdict.finishedTaskIds(telegram).size()));
            }
            return false; // the verdict names what is missing
        } catch (TerminalFailureException e) {
            BotProcessRig dead = exited(bots).orElse(bot);
            throw new AssertionError(dead.report("bot " + dead.name() + " exited on its own while finishing the tasks"),
                    e);
        }
    }

    /** {@code -Dseedance.crashLogDir=DIR} keeps every bot's log of every run there. */
    private static void keepLogsIfAsked(List<BotProcessRig> bots, long seed) throws IOException {
        String target = System.getProperty("seedance.crashLogDir");
        if (target != null) {
            Path d = Files.createDirectories(Path.of(target));
            long now = System.currentTimeMillis();
            for (BotProcessRig bot : bots) {
                Files.copy(bot.log().file(), d.resolve("crash-" + seed + "-" + now + "-" + bot.name() + ".log"));
            }
        }
    }
}
