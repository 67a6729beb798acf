package dev.seedancebot.core.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.task.QueueSpot;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueTextsTest {
    private static final QueueStatus STATUS = new QueueStatus(3, 20, 20, 15.0, false, null, Duration.ZERO,
            Duration.ZERO, Duration.ZERO, 0, 1);

    @Test
    void spot_nearAndFarPositions_placeThenRoundedWithWait() {
        assertThat(QueueTexts.spot(QueueSpot.shown(3, Duration.ofSeconds(70)))).isEqualTo(" · #3 in line · about 2 min");
        assertThat(QueueTexts.spot(QueueSpot.shown(42, Duration.ofMinutes(75)))).isEqualTo(
                " · among the next 50 · about 1 h 20 min");
        assertThat(QueueTexts.spot(null)).isEmpty();
    }

    @Test
    void waiting_userHasQueuedVideos_listsThemWithPlaces() {
        Map<String, QueueSpot> spots = new LinkedHashMap<>();
        spots.put("t1", new QueueSpot(1, Duration.ofMinutes(1)));
        spots.put("t2", null);

        assertThat(QueueTexts.waiting(spots)).isEqualTo("Waiting in the queue: t1 (#1 in line · about 1 min), t2");
        assertThat(QueueTexts.waiting(Map.of())).isEmpty();
    }

    @Test
    void list_moderatorOfOneCommunity_seesOnlyTheirsAndTheLoweredCap() {
        List<QueuedTask> waiting = List.of(
                new QueuedTask("t1", "DISCORD:g1", "alice", new QueueSpot(1, Duration.ofMinutes(1))),
                new QueuedTask("t2", "DISCORD:g2", "bob", new QueueSpot(2, Duration.ofMinutes(1))),
                new QueuedTask("t3", "DISCORD:g1", "carol", null));

        String here = QueueTexts.list(waiting, STATUS, "g1");
        String all = QueueTexts.list(waiting, STATUS, null);

        assertThat(here).contains("20 of 15 (lowered from 20", "2 videos waiting here", "t1 by alice · #1 in line",
                "t3 by carol · not numbered yet").doesNotContain("t2");
        assertThat(all).contains("3 videos waiting in all communities", "t2 by bob in g2");
    }
}
