package dev.seedancebot.core.engine.queue;

import static dev.seedancebot.core.i18n.Texts.t;
import static dev.seedancebot.core.i18n.Texts.tn;

import dev.seedancebot.core.task.QueueSpot;
import java.util.List;
import java.util.Map;

/**
 * What users and moderators read about the queue, from the bundles: a waiting task's place and the moderators'
 * {@code /videomod queue} list.
 */
public final class QueueTexts {
    private QueueTexts() {}

    /**
     * Appended to a waiting task's "Queued" status: " · #3 in line · about 2 min", or " · among the next 50 · about
     * 12 min" once positions are rounded ({@link QueueSpot#shown}); empty while no spot is known.
     */
    public static String spot(QueueSpot spot) {
        if (spot == null) {
            return "";
        }
        int p = spot.position();
        String where = p <= 10 ? t("queue.inLine", "n", p) : t("queue.amongNext", "n", p);
        return " · " + where + " · " + t("queue.about", "wait", wait(spot));
    }

    /**
     * For {@code /quota}: the user's waiting videos with their places, e.g. "Waiting in the queue: t7k2m9q (3rd in
     * line · about 2 min)"; empty when none waits. {@code spots} maps task ids to spots (null: not numbered yet).
     */
    public static String waiting(Map<String, QueueSpot> spots) {
        if (spots.isEmpty()) {
            return "";
        }
        StringBuilder list = new StringBuilder();
        for (Map.Entry<String, QueueSpot> e : spots.entrySet()) {
            list.append(list.length() == 0 ? "" : ", ").append(e.getKey());
            if (e.getValue() != null) {
                list.append(" (").append(spot(e.getValue()).substring(3)).append(')');
            }
        }
        return t("queue.waiting", "list", list);
    }

    /** {@code /videomod queue resume}: whether a pause (or backoff) ended, or there was none. */
    public static String resumed(boolean wasHeld) {
        return t(wasHeld ? "queue.resume.done" : "queue.resume.notPaused");
    }

    /** How many waiting videos {@link #list} names; the rest are counted. */
    private static final int LISTED = 20;

    /**
     * {@code /videomod queue}: the slots in use at Seedance, whether the queue is paused, and the waiting videos of
     * {@code communityId} (all communities when null), nearest first.
     */
    public static String list(List<QueuedTask> waiting, QueueStatus status, String communityId) {
        List<QueuedTask> shown = waiting.stream()
                .filter(t -> communityId == null || t.communityId().equals(communityId))
                .toList();
        int cap = (int) Math.floor(status.effectiveCap());
        StringBuilder text = new StringBuilder(status.effectiveCap() < status.maxInFlight()
                ? t("queue.list.slotsLowered", "used", status.inFlight(), "cap", cap, "max", status.maxInFlight())
                : t("queue.list.slots", "used", status.inFlight(), "cap", cap)).append('\n');
        if (status.paused()) {
            text.append(t("queue.list.paused")).append('\n');
        }
        if (shown.isEmpty()) {
            return text.append(t(communityId == null ? "queue.list.nothingAll" : "queue.list.nothingHere")).toString();
        }
        text.append(t(communityId == null ? "queue.list.waitingAll" : "queue.list.waitingHere",
                "videos", tn("unit.videos", shown.size()))).append('\n');
        for (QueuedTask task : shown.subList(0, Math.min(LISTED, shown.size()))) {
            text.append(communityId == null
                            ? t("queue.list.taskIn", "taskId", task.taskId(), "user", task.userId(),
                                    "community", task.communityId())
                            : t("queue.list.task", "taskId", task.taskId(), "user", task.userId()))
                    .append(task.spot() == null ? " · " + t("queue.list.notNumbered") : spot(task.spot()))
                    .append('\n');
        }
        if (shown.size() > LISTED) {
            text.append(t("queue.list.more", "n", shown.size() - LISTED)).append('\n');
        }
        return text.toString().stripTrailing();
    }

    /** "2 min" / "1 h 10 min": the estimated wait without the "about". */
    static String wait(QueueSpot spot) {
        long minutes = Math.max(1, spot.estimatedWait().toMinutes());
        if (minutes < 60) {
            return t("queue.minutes", "m", minutes);
        }
        return minutes % 60 == 0 ? t("queue.hours", "h", minutes / 60)
                : t("queue.hoursMinutes", "h", minutes / 60, "m", minutes % 60);
    }

}
