package dev.seedancebot.core.engine.queue;

import static dev.seedancebot.core.i18n.Texts.t;

import java.util.List;
import java.util.Map;

/**
 * What users and moderators read about the queue. A waiting task's place comes from the bundles; the moderators'
 * {@code /videomod queue} list is English, like the rest of /videomod.
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
        StringBuilder text = new StringBuilder();
        text.append("Seedance slots in use: ").append(status.inFlight()).append(" of ")
                .append((int) Math.floor(status.effectiveCap()))
                .append(status.effectiveCap() < status.maxInFlight() ? " (lowered from " + status.maxInFlight()
                        + " after Seedance pushed back)" : "")
                .append('\n');
        if (status.paused()) {
            text.append("The queue is paused: the Seedance account is out of balance.\n");
        }
        if (shown.isEmpty()) {
            return text.append(communityId == null ? "Nothing is waiting." : "Nothing is waiting here.").toString();
        }
        text.append(shown.size()).append(shown.size() == 1 ? " video waiting" : " videos waiting")
                .append(communityId == null ? " in all communities" : " here").append(":\n");
        for (QueuedTask t : shown.subList(0, Math.min(LISTED, shown.size()))) {
            text.append(t.taskId()).append(" by ").append(t.userId())
                    .append(communityId == null ? " in " + t.communityId() : "")
                    .append(t.spot() == null ? " · not numbered yet" : spot(t.spot())).append('\n');
        }
        if (shown.size() > LISTED) {
            text.append("… and ").append(shown.size() - LISTED).append(" more\n");
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
