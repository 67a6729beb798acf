package dev.seedancebot.core.engine;

import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.platform.UserTexts;
import dev.seedancebot.core.task.TaskView;
import java.util.List;
import java.util.Objects;

/** The answer to a generation request. Only {@link Accepted} costs credits. */
public sealed interface SubmitOutcome permits SubmitOutcome.Accepted, SubmitOutcome.Repeated, SubmitOutcome.Invalid,
        SubmitOutcome.Denied {

    /**
     * Stored and charged; the video is on its way. {@code remainingToday} is what the user has left after it;
     * {@code conversions} says, one sentence per input, what was converted to meet Seedance's rules ("Reference video
     * 1 (clip.mov) (3840×2160, 30 fps, HEVC in MP4/MOV) was converted to 1280×720 H.264 MP4 at 30 fps."), for the
     * adapter to show with the acknowledgement; empty when every input was sent as it came.
     */
    record Accepted(TaskView task, long remainingToday, List<String> conversions) implements SubmitOutcome {
        public Accepted {
            Objects.requireNonNull(task, "task");
            conversions = List.copyOf(conversions);
        }

        public Accepted(TaskView task, long remainingToday) {
            this(task, remainingToday, List.of());
        }
    }

    /**
     * The same platform event was submitted before (see {@link GenerationEngine#submitOnce}); {@code task} is the
     * task it made. Nothing new was charged, and the user was already answered.
     */
    record Repeated(TaskView task) implements SubmitOutcome {
        public Repeated {
            Objects.requireNonNull(task, "task");
        }
    }

    /** The inputs break Seedance's rules; each problem names the input and the fix. Nothing was charged. */
    record Invalid(List<String> problems) implements SubmitOutcome {
        public Invalid {
            problems = List.copyOf(problems);
        }

        public String text() {
            return problems.size() == 1
                    ? problems.get(0) + " " + UserTexts.nothingCharged()
                    : Texts.t("request.fixThese", "problems", "- " + String.join("\n- ", problems));
        }
    }

    /**
     * Quota, block or community policy says no; {@code message} says why and when it resets.
     *
     * @param silent answer nothing at all (a flood past its first warning)
     * @param places the channel or topic ids the message's {@code {places}} stands for, named by the adapter
     */
    record Denied(String message, boolean silent, List<String> places) implements SubmitOutcome {
        public Denied {
            Objects.requireNonNull(message, "message");
            places = List.copyOf(places);
        }

        public Denied(String message) {
            this(message, false, List.of());
        }

        /** The message with its places named by {@code names} (for example as channel mentions). */
        public String text(java.util.function.Function<List<String>, String> names) {
            return message.replace("{places}", names.apply(places));
        }
    }
}
