package dev.seedancebot.discord;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands each user's interactions to the handlers in the order Discord sent them, each only once its acknowledgement
 * has been settled. Acknowledgements complete in any order (one HTTP call each, on JDA's elastic threads), and
 * without this a user's fifth command could be judged before their first: the rate limit would then refuse the
 * first and, past its one warning, leave it unanswered. Only a user's own earlier interaction can hold theirs back,
 * never anyone else's. Thread-safe.
 */
final class UserOrder {
    /** One interaction's place in its user's line; settled once its acknowledgement succeeded or failed. */
    static final class Place {
        private final String userId;
        private Runnable handOff;
        private boolean settled;

        private Place(String userId) {
            this.userId = userId;
        }
    }

    private final Map<String, ArrayDeque<Place>> lines = new HashMap<>();

    /** Takes the next place in {@code userId}'s line; called in the order the interactions arrived. */
    synchronized Place enter(String userId) {
        Place place = new Place(userId);
        lines.computeIfAbsent(userId, k -> new ArrayDeque<>()).addLast(place);
        return place;
    }

    /**
     * Settles {@code place}: {@code handOff} (null when its acknowledgement failed, so nothing runs) runs once every
     * earlier place of its user is settled. Runs whatever became ready on the calling thread, outside the lock.
     */
    void settle(Place place, Runnable handOff) {
        List<Runnable> ready = new ArrayList<>();
        synchronized (this) {
            place.handOff = handOff;
            place.settled = true;
            ArrayDeque<Place> line = lines.get(place.userId);
            while (!line.isEmpty() && line.peekFirst().settled) {
                Place head = line.pollFirst();
                if (head.handOff != null) {
                    ready.add(head.handOff);
                }
            }
            if (line.isEmpty()) {
                lines.remove(place.userId);
            }
        }
        ready.forEach(Runnable::run);
    }

    /** Users with an interaction still waiting for its acknowledgement (for tests). */
    synchronized int waitingUsers() {
        return lines.size();
    }
}
