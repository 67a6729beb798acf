package dev.seedancebot.core.ports.in;

import dev.seedancebot.core.policy.Actor;
import java.util.Locale;

/** The language the bot speaks to a person, and {@code /language}, where they choose it. */
public interface LanguageRequests {

    /**
     * The language to answer {@code actor} in: their own choice, else their platform's language if the bot ships
     * it, else their community's default, else English.
     */
    Locale localeOf(Actor actor);

    /**
     * {@code /language [choice]}: a shipped language tag or name sets the actor's own choice, {@code auto} clears it
     * (back to the platform's language), nothing shows the current one and the choices. Counts as a command; the
     * answer is in the language that applies afterwards.
     */
    Answer choose(Actor actor, String choice);
}
