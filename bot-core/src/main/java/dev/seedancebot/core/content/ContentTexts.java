package dev.seedancebot.core.content;

import static dev.seedancebot.core.i18n.Texts.t;

import java.util.List;

/**
 * What people read about blocked words, deletions and reports. What requesters and reporters read comes from the
 * bundles; what moderators read (list management, the report they get) is English, like the rest of /videomod.
 */
public final class ContentTexts {
    /**
     * The refusal of a prompt with a blocked entry. It does not name the entry: on Telegram and in a Discord channel
     * others read it, and repeating the word there would post it in the bot's name; naming it would also let anyone
     * probe the list word by word. Moderators read the list with {@code /videomod words list}.
     */
    public static String blocked() {
        return t("content.blocked");
    }

    static final String PATTERN_EMPTY = "Give a word or phrase, e.g. /videomod words add gore (a * stands for any"
            + " letters: nud*).";
    static final String PATTERN_STAR_ALONE = "A word that is only * would match every word; write some letters"
            + " with it (e.g. nud*).";

    private ContentTexts() {}

    static String patternTooManyWords(int max) {
        return "An entry has at most " + max + " words; add long phrases as shorter ones.";
    }

    static String patternTooLong(int max) {
        return "An entry has at most " + max + " characters.";
    }

    static String listFull(int max) {
        return "This community already blocks " + max + " entries; remove one first (/videomod words remove ...).";
    }

    static String added(String entry, boolean changed) {
        return changed ? "Prompts with \"" + entry + "\" are now refused here."
                : "\"" + entry + "\" was already blocked here.";
    }

    static String removed(String entry, boolean changed) {
        return changed ? "\"" + entry + "\" is no longer blocked here." : "\"" + entry + "\" was not blocked here.";
    }

    static String list(List<String> community, List<String> global) {
        StringBuilder text = new StringBuilder();
        text.append(community.isEmpty() ? "No words are blocked by this community's moderators."
                : "Blocked here (" + community.size() + "): " + String.join(", ", community));
        if (!global.isEmpty()) {
            text.append("\nBlocked everywhere by the bot's operator: ").append(global.size()).append(" entries.");
        }
        text.append("\nA * stands for any letters within a word; matching ignores case and covers whole words.");
        return text.toString();
    }

    public static String deleted(String taskId) {
        return t("content.deleted", "taskId", taskId);
    }

    public static String alreadyDeleted(String taskId) {
        return t("content.alreadyDeleted", "taskId", taskId);
    }

    public static String notPosted(String taskId) {
        return t("content.notPosted", "taskId", taskId);
    }

    public static String reported(String taskId) {
        return t("content.reported", "taskId", taskId);
    }

    public static String reportNotDelivered(String taskId) {
        return t("content.reportNotDelivered", "taskId", taskId);
    }

    public static String alreadyReported(String taskId) {
        return t("content.alreadyReported", "taskId", taskId);
    }

    /**
     * What the moderators get.
     *
     * @param reporter, requester and place as the platform names them (mentions, names, a link)
     */
    public static String reportAlert(dev.seedancebot.core.engine.TaskView task, String reporter, String requester,
            String place) {
        String prompt = task.prompt() == null ? "" : task.prompt().strip().replace('\n', ' ');
        if (prompt.length() > 300) {
            prompt = prompt.substring(0, 299) + "…";
        }
        return "🚩 " + reporter + " reported video " + task.id() + " by " + requester + " in " + place + ":\n“"
                + prompt + "”\nA moderator can delete it with its Delete button.";
    }

    public static String reportChannelSet(String place, boolean changed) {
        return "Reports of videos now go to " + place + (changed ? "." : " (they already did).");
    }

    public static String reportChannelOff(boolean changed) {
        return changed ? "Reports of videos now go to the admins by direct message."
                : "Reports already went to the admins by direct message.";
    }
}
