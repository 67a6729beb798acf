package dev.seedancebot.core.engine.queue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The order in which waiting tasks are sent: start-time fair queuing twice over, first across communities (weighted
 * by the operator's weights), then across the users of the chosen community (equal), and first come first served
 * within a user's own lane. A lane that was idle starts at the current virtual time, so waiting earns no credit and
 * a burst of one community or one user cannot hold the others back.
 *
 * <p>Pure and single-threaded: {@link QueueStore} runs it under the gate lock to claim tasks, {@link QueuePositions}
 * runs it over the whole backlog to number the waiting tasks.
 */
final class FairOrder {
    /** One user's lane: how many tasks wait in it and the order key of its oldest (for ties). */
    record Lane(String communityKey, String userKey, int waiting, long headOrder) {}

    /** Stored tags of a lane (see {@code queue_lane}); {@code inner} only for community rows. */
    record Tags(double finish, double inner) {}

    /** A lane's tags after the picks, or {@code null} tags when the lane emptied and its row goes. */
    record Update(String communityKey, String userKey, Tags tags) {}

    private final Map<String, Community> communities = new LinkedHashMap<>();
    private final ToDoubleFunction<String> weight;
    private double virtualTime;
    private Undo undo;

    /**
     * @param tags stored tags by {@code communityKey + "\u0000" + userKey} (user {@code ""} for a community)
     */
    FairOrder(double virtualTime, Map<String, Tags> tags, List<Lane> lanes, ToDoubleFunction<String> weight) {
        this.virtualTime = virtualTime;
        this.weight = weight;
        for (Lane lane : lanes) {
            Community c = communities.computeIfAbsent(lane.communityKey(), k -> {
                Tags t = tags.get(key(k, ""));
                return new Community(k, t == null ? 0 : t.finish(), t == null ? 0 : t.inner());
            });
            Tags t = tags.get(key(lane.communityKey(), lane.userKey()));
            c.users.add(new User(lane.userKey(), lane.waiting(), lane.headOrder(), t == null ? 0 : t.finish()));
            c.headOrder = Math.min(c.headOrder, lane.headOrder());
            c.waiting += lane.waiting();
        }
    }

    static String key(String communityKey, String userKey) {
        return communityKey + "\u0000" + userKey;
    }

    /** The lane the next task comes from, its tags advanced; {@code null} when nothing waits. */
    Lane next() {
        Community best = null;
        double bestStart = 0;
        for (Community c : communities.values()) {
            if (c.waiting == 0) {
                continue;
            }
            double start = Math.max(c.finish, virtualTime);
            if (best == null || start < bestStart || (start == bestStart && c.headOrder < best.headOrder)) {
                best = c;
                bestStart = start;
            }
        }
        if (best == null) {
            return null;
        }
        undo = new Undo(best, virtualTime, best.finish, best.inner);
        virtualTime = bestStart;
        best.finish = bestStart + 1 / weight.applyAsDouble(best.key);
        User user = null;
        double userStart = 0;
        for (User u : best.users) {
            if (u.waiting == 0) {
                continue;
            }
            double start = Math.max(u.finish, best.inner);
            if (user == null || start < userStart || (start == userStart && u.headOrder < user.headOrder)) {
                user = u;
                userStart = start;
            }
        }
        best.inner = userStart;
        undo.user = user;
        undo.userFinish = user.finish;
        user.finish = userStart + 1;
        user.waiting--;
        user.taken++;
        best.waiting--;
        return new Lane(best.key, user.key, user.waiting, user.headOrder);
    }

    /**
     * Takes back the last {@link #next} because its lane had no task to give after all (another instance holds its
     * rows for a moment): the tags are as before, and the lane is left out for the rest of this order without
     * losing its place for the next one.
     */
    void skipLast() {
        Undo u = undo;
        undo = null;
        virtualTime = u.virtualTime;
        u.community.finish = u.communityFinish;
        u.community.inner = u.communityInner;
        u.user.finish = u.userFinish;
        u.user.taken--;
        u.community.waiting -= u.user.waiting; // the one next() took is already off
        u.user.waiting = 0;
        u.user.skipped = true;
        u.community.skipped = true;
    }

    private static final class Undo {
        final Community community;
        final double virtualTime;
        final double communityFinish;
        final double communityInner;
        User user;
        double userFinish;

        Undo(Community community, double virtualTime, double communityFinish, double communityInner) {
            this.community = community;
            this.virtualTime = virtualTime;
            this.communityFinish = communityFinish;
            this.communityInner = communityInner;
        }
    }

    double virtualTime() {
        return virtualTime;
    }

    /** The tags to store for every lane this order knew: kept while tasks still wait in it, deleted otherwise. */
    List<Update> updates() {
        List<Update> out = new ArrayList<>();
        for (Community c : communities.values()) {
            boolean touched = false;
            for (User u : c.users) {
                if (u.taken > 0) {
                    touched = true;
                    out.add(new Update(c.key, u.key, u.waiting == 0 && !u.skipped ? null : new Tags(u.finish, 0)));
                }
            }
            if (touched) {
                out.add(new Update(c.key, "", c.waiting == 0 && !c.skipped ? null : new Tags(c.finish, c.inner)));
            }
        }
        return out;
    }

    private static final class Community {
        final String key;
        final List<User> users = new ArrayList<>();
        double finish;
        double inner;
        long headOrder = Long.MAX_VALUE;
        int waiting;
        boolean skipped;

        Community(String key, double finish, double inner) {
            this.key = key;
            this.finish = finish;
            this.inner = inner;
        }
    }

    private static final class User {
        final String key;
        final long headOrder;
        int waiting;
        int taken;
        double finish;
        boolean skipped;

        User(String key, int waiting, long headOrder, double finish) {
            this.key = key;
            this.waiting = waiting;
            this.headOrder = headOrder;
            this.finish = finish;
        }
    }
}
