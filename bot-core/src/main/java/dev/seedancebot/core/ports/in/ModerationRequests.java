package dev.seedancebot.core.ports.in;

import dev.seedancebot.core.command.ModCommand;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.policy.Verdict;
import java.util.Set;
import java.util.function.Function;

/** {@code /videomod} from chat: the core decides who may run what, where, and answers in words. */
public interface ModerationRequests {

    /** Whether the actor moderates here (for help texts and menus; {@link #run} checks again). */
    boolean isModerator(Actor actor);

    /**
     * Counts the command against the actor's rate and says whether the actor moderates here at all, before the
     * command is read: someone who may not moderate learns nothing of its syntax or of the people the bot has seen.
     * Call it first; {@link #run} then checks the command itself.
     */
    Verdict admit(Actor actor);

    /**
     * Runs {@code command} for {@code actor} if the policy allows it, in the actor's community and at the most
     * specific of its places ({@code channel allow} without an id); returns the answer to show.
     *
     * @param rolesOf the community roles of a user named in the command, for showing the limits that apply
     * @param names how the actor's platform names channels and roles in the answer
     */
    Answer run(Actor actor, ModCommand command, Function<UserKey, Set<String>> rolesOf, PlaceNames names);
}
