package dev.seedancebot.core.policy;

import dev.seedancebot.core.i18n.Texts;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** The policy's answer: allowed, or refused with a message that says what to do (and that nothing was charged). */
public sealed interface Verdict permits Verdict.Allowed, Verdict.Refused {

    Verdict ALLOWED = new Allowed();

    static Verdict refused(String message) {
        return new Refused(message, false, List.of());
    }

    static Verdict refusedFor(String message, List<String> places) {
        return new Refused(message, false, places);
    }

    /** A refusal the adapter should not answer at all (a flood past its first warning: answering feeds the flood). */
    static Verdict silent(String message) {
        return new Refused(message, true, List.of());
    }

    default boolean allowed() {
        return this instanceof Allowed;
    }

    record Allowed() implements Verdict {}

    /**
     * @param message the text; {@value #PLACES} stands for the places where the request would be taken, which only
     *     the adapter can name in its platform's syntax
     * @param places the channel or topic ids {@value #PLACES} stands for; empty when the message has none
     */
    record Refused(String message, boolean silent, List<String> places) implements Verdict {
        public static final String PLACES = "{places}";

        public Refused {
            Objects.requireNonNull(message, "message");
            places = List.copyOf(places);
        }

        /** The message with the places named by {@code names} (for example as channel mentions). */
        public String text(Function<List<String>, String> names) {
            return message.replace(PLACES, names.apply(places));
        }

        /** The message with the places as "other channels". */
        public String text() {
            return text(p -> Texts.t("policy.otherChannels"));
        }
    }
}
