package dev.seedancebot.app.crash;

import dev.seedancebot.app.TestPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash suite on PostgreSQL (issue 18): two bot instances on one database, both serving (each claims due work with
 * {@code FOR UPDATE SKIP LOCKED}; the holder of the advisory lock polls Telegram), SIGKILLed in turn (the first victim
 * drawn at random) at random moments mid-flight, each victim restarted under its own instance id. The verdict is the H2 suite's
 * ({@link CrashVerdict}): 0 updates lost, every task delivered once or refunded with a notice, 0 creates sent twice,
 * 0 charged twice, 0 posted twice; and each instance delivered videos.
 *
 * <p>The killed instance's tasks come back either to itself, at once when it restarts (its id is stable), or to the
 * other instance once their leases lapse; the lease is short ({@link #LEASE}) so that both happen, and its Telegram
 * polling moves to the other instance when PostgreSQL drops the dead session's advisory lock.
 *
 * <p>As in the H2 run, the queue is small against the tasks and the fake Seedance refuses creates beyond its own
 * cap, so kills find tasks waiting in the shared queue and push-backs happen ({@link CrashRun.Queueing}).
 *
 * <p>Unlike the H2 run, the commands come in a stream (a batch before each kill), the fake Seedance holds its create
 * and download answers back a little, and some kills come right at a video upload ({@link #STRESS}).
 *
 * <p>{@code -Dseedance.crashSeed=N} replays one schedule of kills and victims; the seed is in the run's summary.
 */
class PostgresCrashRestartTest {
    private static final long DEFAULT_SEED = 20_250_618L;
    /**
     * A killed instance's tasks move to the other within 3.75 s (lease + renew interval), about when the victim's
     * restart (2-4 s to its database) takes them back itself: runs see both.
     */
    private static final Duration LEASE = Duration.ofSeconds(3);
    /**
     * Commands in a stream, creates and downloads held back up to 800 ms (the bot's read timeout is 5 s) and a third
     * of the kills right at a video upload: kills hit intake, creates, downloads and posts in flight.
     */
    private static final CrashRun.Stress STRESS = new CrashRun.Stress(true, Duration.ofMillis(800), 0.34);
    private static TestPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = TestPostgres.shared();
    }

    @Test
    @Timeout(180)
    void sigkillOneOfTwoInstancesWithTasksQueued_30TasksAnd3Kills_noneLostNoneSentTwiceNothingChargedOrPostedTwice()
            throws Exception {
        run("crash_short", new CrashRun.Scenario(30, 3, 5, 0.1, Duration.ofSeconds(90), STRESS,
                new CrashRun.Queueing(8, 6)));
    }

    @Test
    @Timeout(400)
    @EnabledIfSystemProperty(named = "seedance.longTests", matches = "true")
    void sigkillOneOfTwoInstancesWithTasksQueued_100TasksAnd6Kills_noneLostNoneSentTwiceNothingChargedOrPostedTwice()
            throws Exception {
        run("crash_long", new CrashRun.Scenario(100, 6, 12, 0.1, Duration.ofSeconds(180), STRESS,
                new CrashRun.Queueing(20, 16)));
    }

    private void run(String database, CrashRun.Scenario scenario) throws Exception {
        BotProcessRig.SharedDatabase shared = new BotProcessRig.SharedDatabase(postgres.freshDatabase(database),
                TestPostgres.USER, LEASE);
        CrashRun.run(scenario, DEFAULT_SEED, (seedance, telegram, queueing) -> List.of(
                new BotProcessRig("a", shared, dir.resolve("a"), seedance, telegram, queueing),
                new BotProcessRig("b", shared, dir.resolve("b"), seedance, telegram, queueing)));
    }
}
