package dev.seedancebot.app.crash;

import static org.awaitility.Awaitility.await;

import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
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
import java.util.Random;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash suite of the issue: "Kill the bot process (SIGKILL, not a polite stop) at random moments with 100 tasks in
 * flight, restart it on the same data, repeat; at the end every task is delivered exactly once or refunded with a
 * notice, and every user's quota equals the ledger."
 *
 * <p>The fakes run in this JVM; the real bot ({@code Main run}, configured by a YAML file and environment variables)
 * runs in a child JVM that is killed with {@link Process#destroyForcibly()} (SIGKILL on Linux) at random moments
 * drawn from a seeded {@link Random}: each kill comes at least 0.5–3 s after the (re)start, and only once the bot has
 * made a random number (1 to tasks + 10) of new calls to the fakes since then, so that every kill hits real work
 * (start-up resumption, creates, polls, downloads, posts). The verdict is read from the fakes' records and the bot's H2 file after a final
 * graceful stop; see {@link CrashVerdict} for every rule.
 *
 * <p>The short run is part of the default suite; the issue's full run (100 tasks, 5 kills) needs
 * {@code -Dseedance.longTests=true}, which the README's test command and {@code .ci/run} pass.
 * {@code -Dseedance.crashSeed=N} replays one schedule of kills.
 */
class CrashRestartTest {
    private static final long DEFAULT_SEED = 20_250_601L;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void sigkillAtRandomMoments_30TasksAnd2Kills_everyTaskDeliveredOnceOrRefundedWithNoticeAndQuotaMatchesLedger()
            throws Exception {
        run(new Scenario(30, 2, 8, 0.1, Duration.ofSeconds(45)));
    }

    @Test
    @Timeout(300)
    @EnabledIfSystemProperty(named = "seedance.longTests", matches = "true")
    void sigkillAtRandomMoments_100TasksAnd5Kills_everyTaskDeliveredOnceOrRefundedWithNoticeAndQuotaMatchesLedger()
            throws Exception {
        run(new Scenario(100, 5, 20, 0.1, Duration.ofSeconds(120)));
    }

    /**
     * @param maxPendingSteps each fake task reports 1..this many pending states, one per second, before it ends, so
     *     tasks finish (and get posted) all through the kill phase
     * @param failureShare the share of tasks that Seedance fails (output moderation): these must be refunded with a
     *     notice as well
     */
    record Scenario(int tasks, int kills, int maxPendingSteps, double failureShare, Duration completionTimeout) {}

    private void run(Scenario scenario) throws Exception {
        long seed = Long.getLong("seedance.crashSeed", DEFAULT_SEED);
        Random random = new Random(seed);
        long began = System.nanoTime();
        FakeSeedanceServer seedance = FakeSeedanceServer.builder().stepDuration(Duration.ofSeconds(1)).start();
        FakeTelegramBotApi telegram = FakeTelegramBotApi.builder().token(BotProcessRig.TELEGRAM_TOKEN)
                .maxPollHold(500).start();
        int scripted = scenario.tasks() + scenario.kills() * 4; // creates whose answer a kill swallowed use one too
        for (int i = 0; i < scripted; i++) {
            seedance.scriptNextTask(script(random, scenario));
        }
        List<CrashVerdict.Kill> kills = new ArrayList<>();
        try (BotProcessRig bot = new BotProcessRig(dir, seedance, telegram)) {
            bot.start();
            bot.awaitReady(Duration.ofSeconds(60));
            List<CrashVerdict.SentUpdate> updates = sendVideoCommands(telegram, scenario.tasks());

            for (int k = 1; k <= scenario.kills(); k++) {
                Duration delay = Duration.ofMillis(500 + random.nextInt(2501));
                // up to one call per task and then some: early kills hit resumption and polls, late ones posts
                int callsNeeded = 1 + random.nextInt(scenario.tasks() + 10);
                long before = activity(seedance, telegram);
                boolean idle = false;
                try {
                    await("kill #" + k + ": " + callsNeeded + " new calls after " + delay.toMillis() + " ms")
                            .pollDelay(delay)
                            .pollInterval(Duration.ofMillis(10))
                            .atMost(delay.plusSeconds(15))
                            .failFast("the bot exited on its own", () -> !bot.isAlive())
                            .until(() -> activity(seedance, telegram) >= before + callsNeeded);
                } catch (ConditionTimeoutException e) {
                    idle = true; // nothing left to interrupt: kill anyway and report it
                } catch (TerminalFailureException e) {
                    throw new AssertionError(bot.report("the bot exited on its own before kill #" + k), e);
                }
                bot.kill();
                // a request the dead process had fully sent is still recorded by the fakes; let them settle, so that
                // the counts split the calls into "before this kill" and "after the restart" exactly
                int[] settled = {-1};
                await("fakes settled after kill #" + k).pollDelay(Duration.ofMillis(100))
                        .pollInterval(Duration.ofMillis(100)).atMost(Duration.ofSeconds(10))
                        .until(() -> settled[0] == (settled[0] = telegram.calls().size() + seedance.requests().size()));
                kills.add(new CrashVerdict.Kill(k, delay, idle, seedance.createRequests().size(),
                        seedance.requests().size(), CrashVerdict.videoUploads(telegram).size(),
                        telegram.calls("sendMessage").size()));
                bot.start(); // same data directory, same config
            }
            bot.awaitReady(Duration.ofSeconds(60));
            boolean completed = awaitCompletion(bot, telegram, scenario);
            bot.stop();

            CrashVerdict verdict = CrashVerdict.read(bot.dataDir(), updates, seedance, telegram, kills, completed);
            System.out.println(verdict.summary(seed, bot, Duration.ofNanos(System.nanoTime() - began)));
            keepLogIfAsked(bot, seed);
            verdict.assertAll(bot);
        } finally {
            telegram.close();
            seedance.close();
        }
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

    /**
     * {@code tasks} /video commands from ten users: eight in private chats, two in one group, round-robin, each with a
     * unique marker in its prompt so that Seedance creates can be matched to the update they came from.
     */
    private static List<CrashVerdict.SentUpdate> sendVideoCommands(FakeTelegramBotApi telegram, int tasks) {
        List<TgUser> users = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            users.add(new TgUser(5000 + i, "user" + i, "User " + i));
        }
        TgChat group = TgChat.group(-1_001_234_567L, "Crash test group");
        List<CrashVerdict.SentUpdate> sent = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            TgUser user = users.get(i % users.size());
            TgChat chat = user.id() > 5008 ? group : TgChat.privateWith(user);
            String marker = String.format("crash-%03d", i);
            int messageId = telegram.message(chat, user)
                    .text("/video " + marker + " a paper boat drifting down a rainy street")
                    .send();
            sent.add(new CrashVerdict.SentUpdate(chat.id(), messageId, user.id(), marker));
        }
        return sent;
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
     * update pending at the fake": the adapter never confirms the last update it fetched, see the summary.
     */
    private static boolean awaitCompletion(BotProcessRig bot, FakeTelegramBotApi telegram, Scenario scenario) {
        long[] lastChange = {System.nanoTime()};
        int[] lastSeen = {-1};
        try {
            await("every task finished")
                    .atMost(scenario.completionTimeout())
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the bot exited on its own", () -> !bot.isAlive())
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
            // with the bot's threads and its log since the last start: what the unfinished work waits for
            System.out.println(bot.report("completion timed out: unfinished tasks " + bot.unfinishedTasks()
                    + ", tasks with an outcome " + CrashVerdict.finishedTaskIds(telegram).size()));
            return false; // the verdict names what is missing
        } catch (TerminalFailureException e) {
            throw new AssertionError(bot.report("the bot exited on its own while finishing the tasks"), e);
        }
    }

    /** {@code -Dseedance.crashLogDir=DIR} keeps the bot's log of every run there. */
    private static void keepLogIfAsked(BotProcessRig bot, long seed) throws IOException {
        String target = System.getProperty("seedance.crashLogDir");
        if (target != null) {
            Path d = Files.createDirectories(Path.of(target));
            Files.copy(bot.logFile(), d.resolve("crash-" + seed + "-" + System.currentTimeMillis() + ".log"));
        }
    }
}
