package dev.seedancebot.core.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.storage.Database;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue on a real H2 file, driven one {@link Dispatcher#tick} at a time; the provider's side is played by rows. */
class DispatcherTest {
    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path dir;

    private Database database;
    private ScheduledExecutorService scheduler;
    private QueueRows rows;
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<String> spotsShown = new CopyOnWriteArrayList<>();

    private Dispatcher dispatcher(QueueSettings settings) {
        if (database == null) {
            database = Database.open(Database.h2FileUrl(dir), "sa", "");
            rows = new QueueRows(database.jdbc());
        }
        return new Dispatcher(database.dataSource(), "instance-a", Duration.ofSeconds(30), false, settings,
                Clock.fixed(T0, ZoneOffset.UTC), sent::add, spotsShown::add);
    }

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void tick_moreWaitingThanCap_claimsOnlyUpToCapUntilASlotFrees() {
        Dispatcher queue = dispatcher(QueueSettings.fast().withMaxInFlight(3));
        List<String> ids = IntStream.range(0, 10).mapToObj(i -> rows.queued("c1", "u" + i)).toList();

        assertThat(queue.tick(T0)).isEqualTo(3);
        assertThat(queue.tick(T0)).isZero();
        sent.forEach(rows::accepted);
        assertThat(queue.tick(T0)).isZero();

        rows.finished(sent.get(0));
        assertThat(queue.tick(T0)).isEqualTo(1);
        assertThat(sent).hasSize(4).doesNotHaveDuplicates();
        assertThat(rows.inFlight()).isEqualTo(3);
        assertThat(ids).containsAll(sent);
    }

    @Test
    void tick_oneUserSentTenBeforeAnother_theOthersFirstGoesSecond() {
        Dispatcher queue = dispatcher(QueueSettings.fast().withMaxInFlight(1));
        List<String> alice = IntStream.range(0, 10).mapToObj(i -> rows.queued("c1", "alice")).toList();
        String bob = rows.queued("c1", "bob");

        List<String> order = drain(queue, 11);

        assertThat(order.get(0)).isEqualTo(alice.get(0));
        assertThat(order.get(1)).isEqualTo(bob);
        assertThat(order.subList(2, 11)).containsExactlyElementsOf(alice.subList(1, 10));
    }

    @Test
    void tick_bigCommunityQueuedFirst_communitiesServedInTurn() {
        Dispatcher queue = dispatcher(QueueSettings.fast().withMaxInFlight(1));
        for (int i = 0; i < 20; i++) {
            rows.queued("big", "u" + (i % 5));
        }
        rows.queued("small-1", "x");
        rows.queued("small-2", "y");
        rows.queued("small-1", "x");

        List<String> communities = drain(queue, 23).stream().map(rows::community).toList();

        assertThat(communities.subList(0, 6)).containsExactly("big", "small-1", "small-2", "big", "small-1", "big");
        assertThat(communities.subList(6, 23)).containsOnly("big");
    }

    @Test
    void tick_communityWeightedTwo_isServedTwiceAsOften() {
        Dispatcher queue = dispatcher(QueueSettings.fast().withMaxInFlight(1).withWeights(Map.of("heavy", 2.0)));
        for (int i = 0; i < 30; i++) {
            rows.queued("heavy", "u" + i);
            rows.queued("light", "v" + i);
        }

        List<String> first30 = drain(queue, 30).stream().map(rows::community).toList();

        assertThat(first30.stream().filter("heavy"::equals).count()).isEqualTo(20);
    }

    @Test
    void pushedBack_providerRefuses_taskWaitsAtHeadOfItsLaneAndCapDropsThenGrowsBack() {
        QueueSettings settings = QueueSettings.fast().withMaxInFlight(8);
        Dispatcher queue = dispatcher(settings);
        for (int i = 0; i < 20; i++) {
            rows.queued("c1", "alice");
        }
        assertThat(queue.tick(T0)).isEqualTo(8);
        sent.subList(0, 7).forEach(rows::accepted);
        String refused = sent.get(7);
        rows.sending(refused);

        queue.pushedBack(refused, null, T0);

        assertThat(rows.state(refused)).isEqualTo("RECEIVED");
        QueueStatus status = queue.status();
        assertThat(status.effectiveCap()).isEqualTo(7 * settings.decrease());
        assertThat(status.holdUntil()).isEqualTo(T0.plus(settings.backoff()));
        assertThat(queue.tick(T0.plusMillis(1))).as("held by the backoff").isZero();

        List<String> accepted = List.copyOf(sent.subList(0, 7));
        rows.finished(accepted.get(0));
        rows.finished(accepted.get(1));
        Instant later = T0.plus(settings.backoff());
        assertThat(queue.tick(later)).as("5 in flight at cap 5.25").isZero();

        rows.finished(accepted.get(2));
        assertThat(queue.tick(later)).isEqualTo(1);
        assertThat(sent.get(sent.size() - 1)).as("the refused task is the head of its lane").isEqualTo(refused);

        for (int i = 0; i < 40; i++) {
            queue.accepted();
        }
        assertThat(queue.status().effectiveCap()).isEqualTo(8.0);
        assertThat(queue.status().pushBacks()).isEqualTo(1);
    }

    @Test
    void pauseForBalance_outOfBalance_noDispatchUntilRecheckOrResume() {
        QueueSettings settings = QueueSettings.fast().withMaxInFlight(5);
        Dispatcher queue = dispatcher(settings);
        rows.queued("c1", "alice");
        rows.queued("c1", "bob");

        queue.pauseForBalance(T0);

        assertThat(queue.status().paused()).isTrue();
        assertThat(queue.tick(T0.plusMillis(500))).isZero();
        queue.resume();
        assertThat(queue.status().paused()).isFalse();
        assertThat(queue.tick(T0.plusMillis(501))).isEqualTo(2);
    }

    @Test
    void tick_afterRestart_rowsSurviveAndNewDispatcherSendsThem() {
        QueueSettings settings = QueueSettings.fast().withMaxInFlight(2);
        Dispatcher first = dispatcher(settings);
        for (int i = 0; i < 5; i++) {
            rows.queued("c" + i, "u");
        }
        assertThat(first.tick(T0)).isEqualTo(2);
        sent.forEach(rows::accepted);
        database.close();
        database = null;

        Dispatcher second = dispatcher(settings);
        assertThat(second.status().depth()).isEqualTo(3);
        rows.finished(sent.get(0));
        rows.finished(sent.get(1));
        assertThat(second.tick(T0)).isEqualTo(2);
        assertThat(sent).hasSize(4).doesNotHaveDuplicates();
    }

    @Test
    void tick_positionsDue_numbersBacklogInFairOrderAndShowsChangedSpots() {
        Dispatcher queue = dispatcher(QueueSettings.fast().withMaxInFlight(1));
        String a1 = rows.queued("c1", "alice");
        String a2 = rows.queued("c1", "alice");
        String b1 = rows.queued("c1", "bob");
        String c1 = rows.queued("c2", "carol");

        queue.tick(T0);

        assertThat(sent).containsExactly(a1);
        assertThat(rows.position(c1)).isEqualTo(1);
        assertThat(rows.position(b1)).isEqualTo(2);
        assertThat(rows.position(a2)).isEqualTo(3);
        assertThat(spotsShown).containsExactlyInAnyOrder(a2, b1, c1);
    }

    @Test
    void enqueue_capFull_wakesNoDispatchUntilASlotFrees() {
        AtomicInteger wakes = new AtomicInteger();
        Dispatcher queue = startedWithOneSent(1, wakes);
        rows.accepted(sent.get(0));

        List<String> later = IntStream.range(1, 21).mapToObj(i -> rows.stored("c1", "u" + i)).toList();
        later.forEach(id -> queue.enqueue(id, rows.createdAt(id)));
        assertThat(wakes).hasValue(0);

        rows.finished(sent.get(0));
        queue.wake();
        await().atMost(Duration.ofSeconds(30)).until(() -> sent.size() == 2);
        assertThat(wakes).hasValue(1);
        assertThat(later).contains(sent.get(1));
    }

    @Test
    void enqueue_slotFree_wakesDispatchAtOnce() {
        AtomicInteger wakes = new AtomicInteger();
        Dispatcher queue = startedWithOneSent(5, wakes);

        String next = rows.stored("c1", "u1");
        queue.enqueue(next, rows.createdAt(next));

        await().atMost(Duration.ofSeconds(30)).until(() -> sent.contains(next));
        assertThat(wakes).hasValue(1);
    }

    /**
     * A dispatcher with cap {@code cap} running on a real scheduler that ticks only at start (its period is an hour)
     * and counts the wakes asked of it, once its first tick has sent the one task waiting then.
     */
    private Dispatcher startedWithOneSent(int cap, AtomicInteger wakes) {
        Dispatcher queue = dispatcher(QueueSettings.fast().withMaxInFlight(cap).withTick(Duration.ofHours(1)));
        String first = rows.queued("c1", "u0");
        scheduler = Executors.newSingleThreadScheduledExecutor();
        queue.start(countingExecute(scheduler, wakes), Runnable::run);
        await().atMost(Duration.ofSeconds(30)).until(() -> sent.contains(first));
        return queue;
    }

    /** The JDK scheduler, counting the one-off runs asked of it (the dispatcher's wakes); everything else as is. */
    private static ScheduledExecutorService countingExecute(ScheduledExecutorService real, AtomicInteger executes) {
        return (ScheduledExecutorService) Proxy.newProxyInstance(DispatcherTest.class.getClassLoader(),
                new Class<?>[] {ScheduledExecutorService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("execute")) {
                        executes.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Sends one task at a time: each tick claims one, which the provider accepts and finishes before the next. */
    private List<String> drain(Dispatcher queue, int n) {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int before = sent.size();
            assertThat(queue.tick(T0)).isEqualTo(1);
            String id = sent.get(before);
            order.add(id);
            rows.accepted(id);
            rows.finished(id);
        }
        return order;
    }
}
