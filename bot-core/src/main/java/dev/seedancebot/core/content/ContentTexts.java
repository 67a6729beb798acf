package dev.seedancebot.core.content;

import static dev.seedancebot.core.i18n.Texts.t;

import java.util.List;

/**
 * What people read about blocked words, deletions and reports, from the bundles. The report moderators get is
 * written in the reporter's language (the moderators' own is not known where it is sent).
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

    static String patternEmpty() {
        return t("content.pattern.empty");
    }

    static String patternStarAlone() {
        return t("content.pattern.starAlone");
    }

    private ContentTexts() {}

    static String patternTooManyWords(int max) {
        return t("content.pattern.tooManyWords", "max", max);
    }

    static String patternTooLong(int max) {
        return t("content.pattern.tooLong", "max", max);
    }

    static String listFull(int max) {
        return t("content.words.full", "max", max);
    }

    static String added(String entry, boolean changed) {
        return t(changed ? "content.words.added" : "content.words.alreadyAdded", "entry", entry);
    }

    static String removed(String entry, boolean changed) {
        return t(changed ? "content.words.removed" : "content.words.notListed", "entry", entry);
    }

    static String list(List<String> community, List<String> global) {
        StringBuilder text = new StringBuilder();
        text.append(community.isEmpty() ? t("content.words.none")
                : t("content.words.list", "n", community.size(), "list", String.join(", ", community)));
        if (!global.isEmpty()) {
            text.append('\n').append(t("content.words.global", "n", global.size()));
        }
        text.append('\n').append(t("content.words.howMatched"));
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
    public static String reportAlert(dev.seedancebot.core.task.TaskView task, String reporter, String requester,
            String place) {
        String prompt = task.prompt() == null ? "" : task.prompt().strip().replace('\n', ' ');
        if (prompt.length() > 300) {
            prompt = prompt.substring(0, 299) + "…";
        }
        return t("content.report.alert", "reporter", reporter, "taskId", task.id(), "requester", requester,
                "place", place, "prompt", prompt);
    }

    public static String reportChannelSet(String place, boolean changed) {
        return t(changed ? "content.reports.set" : "content.reports.alreadySet", "place", place);
    }

    public static String reportChannelOff(boolean changed) {
        return t(changed ? "content.reports.admins" : "content.reports.alreadyAdmins");
    }
}
