package dev.seedancebot.core.engine.queue;

import dev.seedancebot.core.task.QueueSpot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Numbers the whole backlog in the order {@link QueueStore#claim} will take it and stores each task's position and
 * estimated wait, rounded as shown ({@link QueueSpot#shown}); a task whose shown spot changed is reported, so its
 * progress message is edited. Rounding bounds the edits: a task far back is edited only when its position crosses
 * a step, not each time one task ahead of it leaves.
 */
final class QueuePositions {
    private static final Duration RUN_TIME_WINDOW = Duration.ofMinutes(30);
    private static final int RUN_TIME_SAMPLE = 50;

    private final QueueStore store;
    private final QueueSettings settings;

    QueuePositions(QueueStore store, QueueSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** Recomputes every waiting task's spot; calls {@code changed} with each task whose shown spot changed. */
    int refresh(Instant now, Consumer<String> changed) {
        List<QueueStore.Waiting> all = store.waiting();
        if (all.isEmpty()) {
            return 0;
        }
        QueueStore.Gate gate = store.gate();
        Map<String, List<QueueStore.Waiting>> lanes = new LinkedHashMap<>();
        for (QueueStore.Waiting w : all) {
            lanes.computeIfAbsent(FairOrder.key(w.communityKey(), w.userKey()), k -> new ArrayList<>()).add(w);
        }
        List<FairOrder.Lane> laneList = new ArrayList<>();
        lanes.forEach((key, tasks) -> laneList.add(new FairOrder.Lane(tasks.get(0).communityKey(),
                tasks.get(0).userKey(), tasks.size(), tasks.get(0).order())));
        FairOrder order = new FairOrder(gate.virtualTime(), store.laneTags(), laneList, settings::weight);
        double cap = gate.effectiveCap() < 0 ? settings.maxInFlight()
                : Math.max(1, Math.min(settings.maxInFlight(), gate.effectiveCap()));
        Duration runTime = typicalRunTime(now);
        Map<String, Integer> taken = new LinkedHashMap<>();
        List<QueueStore.Shown> moved = new ArrayList<>();
        for (int position = 1; position <= all.size(); position++) {
            FairOrder.Lane lane = order.next();
            String key = FairOrder.key(lane.communityKey(), lane.userKey());
            int index = taken.merge(key, 1, Integer::sum) - 1;
            QueueStore.Waiting task = lanes.get(key).get(index);
            Duration wait = runTime.multipliedBy((long) Math.ceil(position / cap));
            QueueSpot shown = QueueSpot.shown(position, wait);
            long waitSeconds = shown.estimatedWait().toSeconds();
            boolean same = task.position() != null && task.position() == shown.position()
                    && task.waitSeconds() != null && task.waitSeconds() == waitSeconds;
            if (!same) {
                moved.add(new QueueStore.Shown(task.taskId(), shown.position(), waitSeconds));
            }
        }
        List<String> edited = store.showPositions(moved);
        edited.forEach(changed);
        return edited.size();
    }

    private Duration typicalRunTime(Instant now) {
        List<Duration> recent = store.recentRunTimes(now.minus(RUN_TIME_WINDOW), RUN_TIME_SAMPLE);
        if (recent.isEmpty()) {
            return settings.typicalTaskDuration();
        }
        long total = 0;
        for (Duration d : recent) {
            total += Math.max(0, d.toMillis());
        }
        return Duration.ofMillis(total / recent.size());
    }
}
