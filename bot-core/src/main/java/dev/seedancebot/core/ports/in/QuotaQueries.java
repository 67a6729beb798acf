package dev.seedancebot.core.ports.in;

import dev.seedancebot.core.policy.Actor;

/** {@code /quota}: what the actor has left here, and what common choices cost. Counts as a command. */
public interface QuotaQueries {

    Answer quota(Actor actor);
}
