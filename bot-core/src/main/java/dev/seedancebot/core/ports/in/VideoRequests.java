package dev.seedancebot.core.ports.in;

import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.policy.Verdict;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;

/**
 * How adapters ask for videos. The order is the contract: {@link #admit} first, before the command is parsed further
 * or any attachment downloaded (it counts the command against the rate and runs every cheap check); then
 * {@link #submit}, which checks again and charges.
 */
public interface VideoRequests {

    /**
     * Counts a message that asks nothing of the core (help, chatter in a private chat) against the actor's rate, so
     * that floods of them are answered once and then dropped.
     */
    Verdict count(Actor actor);

    /** Counts the command and says whether the actor may ask for a video here now. Costs nothing. */
    Verdict admit(Actor actor);

    /**
     * Validates, prices, charges and queues the request made by {@code actor}; the request's requester and reply
     * place must be the actor's. {@code sourceKey} identifies a platform event that may be delivered again (a second
     * submit with it answers {@link SubmitOutcome.Repeated}); {@code null} when the platform never repeats.
     */
    SubmitOutcome submit(Actor actor, VideoRequest request, String sourceKey);

    /** The options a request takes where the actor left them out: the community's defaults over the operator's. */
    VideoOptions defaults(String communityId);
}
