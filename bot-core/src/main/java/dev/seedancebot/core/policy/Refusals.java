package dev.seedancebot.core.policy;

import dev.seedancebot.core.community.CommunitySettings;
import dev.seedancebot.core.platform.UserTexts;

/** The policy's refusals, worded for people and free of platform syntax; each says what to do instead. */
public final class Refusals {
    static final String PRIVATE_OPERATORS_ONLY = "Videos are made in the groups and servers this bot serves; in a"
            + " private chat only the bot's operators can make them. " + UserTexts.NOTHING_CHARGED;
    static final String PRIVATE_OFF = "Videos are made in the groups and servers this bot serves, not in private"
            + " chats. " + UserTexts.NOTHING_CHARGED;
    static final String MODERATE_IN_COMMUNITY = "Use /videomod in the group or server you moderate.";
    static final String OPERATORS_ONLY = "Only the bot's operators can see other or all communities, change budgets"
            + " or block someone everywhere.";
    static final String MODERATORS_ONLY = "Only this community's moderators (its admins, and the people or roles"
            + " they appoint) and the bot's operators can use /videomod.";
    static final String ADMINS_ONLY = "Only this community's admins and the bot's operators can change who"
            + " moderates.";

    private Refusals() {}

    static final String SOMEONE_ELSES_HISTORY = "This list belongs to someone else; send /history to see your own.";

    public static String noSuchTask(String taskId) {
        return "There is no video " + taskId + " here.";
    }

    static String deleteOthers(String taskId) {
        return "Only the person who asked for " + taskId + " or a moderator can delete it.";
    }

    static Verdict otherPlaces(CommunitySettings community) {
        return Verdict.refusedFor("Videos are made in " + Verdict.Refused.PLACES
                + " here (a moderator's setting). " + UserTexts.NOTHING_CHARGED, community.sortedChannels());
    }
}
