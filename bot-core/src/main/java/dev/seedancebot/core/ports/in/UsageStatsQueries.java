package dev.seedancebot.core.ports.in;

import dev.seedancebot.core.command.ModCommand;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.stats.UsageStats;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@code /videomod stats}: the usage chart. Moderators see their community; operators any community or all. Ask
 * {@link ModerationRequests#admit} first, as for every {@code /videomod} command.
 */
public interface UsageStatsQueries {

    /** The chart, or why not. */
    sealed interface Outcome permits Chart, Refused {}

    /**
     * @param png the picture, {@code image/png}
     * @param caption the figures in words, to send with it
     * @param stats the data behind the picture
     */
    record Chart(byte[] png, String caption, UsageStats stats) implements Outcome {
        public Chart {
            Objects.requireNonNull(png, "png");
            Objects.requireNonNull(caption, "caption");
            Objects.requireNonNull(stats, "stats");
        }
    }

    record Refused(Answer answer) implements Outcome {}

    /**
     * @param names what the platform calls a user (a server nickname); empty or {@code null} to show their id
     */
    Outcome stats(Actor actor, ModCommand.Stats command, Function<UserKey, String> names);
}
