package dev.seedancebot.core.policy;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.community.CommunitySettings;

/**
 * The policy's refusals, worded for people and free of platform syntax; each says what to do instead. Methods, not
 * constants: each is written in the language of the current {@link dev.seedancebot.core.i18n.Texts} scope.
 */
public final class Refusals {
    private Refusals() {}

    static String privateOperatorsOnly() {
        return t("policy.privateOperatorsOnly");
    }

    static String privateOff() {
        return t("policy.privateOff");
    }

    static String moderateInCommunity() {
        return t("policy.moderateInCommunity");
    }

    static String operatorsOnly() {
        return t("policy.operatorsOnly");
    }

    static String moderatorsOnly() {
        return t("policy.moderatorsOnly");
    }

    static String adminsOnly() {
        return t("policy.adminsOnly");
    }

    static String someoneElsesHistory() {
        return t("policy.someoneElsesHistory");
    }

    static String notAPersonChannel() {
        return t("policy.notAPersonChannel");
    }

    static String notAPersonAnonymous() {
        return t("policy.notAPersonAnonymous");
    }

    static String cancelNotYours(String taskId) {
        return t("task.cancel.notYours", "taskId", taskId);
    }

    public static String noSuchTask(String taskId) {
        return t("task.noSuchVideoHere", "taskId", taskId);
    }

    static String deleteOthers(String taskId) {
        return t("policy.deleteOthers", "taskId", taskId);
    }

    static Verdict otherPlaces(CommunitySettings community) {
        return Verdict.refusedFor(t("policy.otherPlaces", "places", Verdict.Refused.PLACES),
                community.sortedChannels());
    }
}
