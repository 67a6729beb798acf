package dev.seedancebot.discord;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Custom ids of the bot's buttons and modals: {@code sd:<action>:<taskId>} (at most 45 characters of Discord's
 * 100). Everything a click needs is in the id and
 * the database, so buttons keep working after a restart.
 */
final class ButtonIds {
    private static final Pattern ID = Pattern.compile("sd:(cancel|reroll|extend|history|file|delete|report):([a-z0-9]{1,32})");

    enum Action {
        CANCEL,
        REROLL,
        EXTEND,
        /** A page of /history: the value is the page number, the list is always the presser's own. */
        HISTORY,
        /** A kept result file again, from /history. */
        FILE,
        /** Take a posted video down: its requester or a moderator. */
        DELETE,
        /** Tell the server's moderators about a posted video. */
        REPORT
    }

    record Parsed(Action action, String taskId) {}

    private ButtonIds() {}

    static String of(Action action, String taskId) {
        return "sd:" + action.name().toLowerCase(java.util.Locale.ROOT) + ":" + taskId;
    }

    static Optional<Parsed> parse(String customId) {
        Matcher m = ID.matcher(customId);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(Action.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT)), m.group(2)));
    }
}
