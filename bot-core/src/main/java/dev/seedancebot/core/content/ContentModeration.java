package dev.seedancebot.core.content;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.command.ModCommand;
import dev.seedancebot.core.community.CommunitySettingsService.ListSetting;
import dev.seedancebot.core.community.CommunitySettingsService;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.moderation.AuditText;
import dev.seedancebot.core.moderation.ModerationAction;
import dev.seedancebot.core.moderation.ModerationService;
import dev.seedancebot.core.ports.in.PlaceNames;
import java.util.Objects;

/**
 * Runs the content commands of {@code /videomod} (blocked words, where reports go) for a moderator the policy has let through, and
 * audits the changes like every other moderator action. Thread-safe.
 */
public final class ContentModeration {
    private final BlockedWords words;
    private final ModerationService audit;

    public ContentModeration(BlockedWords words, ModerationService audit) {
        this.words = Objects.requireNonNull(words, "words");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    private CommunitySettingsService communities() {
        return audit.communities();
    }

    /** Whether {@link #run} handles the command. */
    public static boolean handles(ModCommand command) {
        return command instanceof ModCommand.Words || command instanceof ModCommand.Reports;
    }

    /**
     * The reply for the moderator; a bad entry is answered with what to fix.
     *
     * @param here the channel or topic the command was sent in, or {@code null}
     */
    public String run(ModCommand command, UserKey actor, String communityId, String here, PlaceNames names) {
        if (communityId == null) {
            return t("mod.groupOnly.content");
        }
        if (command instanceof ModCommand.Reports r) {
            return reports(r, actor, communityId, here, names);
        }
        if (!(command instanceof ModCommand.Words c)) {
            throw new IllegalArgumentException("not a content command: " + command);
        }
        try {
            return switch (c.action()) {
                case LIST -> words.list(communityId);
                case ADD -> audited(words.add(communityId, c.entry(), actor), ModerationAction.ADD_BLOCKED_WORD,
                        actor, communityId);
                case REMOVE -> audited(words.remove(communityId, c.entry(), actor),
                        ModerationAction.REMOVE_BLOCKED_WORD, actor, communityId);
            };
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private String reports(ModCommand.Reports r, UserKey actor, String communityId, String here, PlaceNames names) {
        if (r.off()) {
            boolean changed = communities().clearList(communityId, ListSetting.REPORT_CHANNEL, actor);
            audit.record(actor, ModerationAction.SET_REPORT_CHANNEL, "reports", communityId,
                    AuditText.reportChannel(null));
            return ContentTexts.reportChannelOff(changed);
        }
        String id = r.channelId() != null ? r.channelId() : here;
        if (id == null) {
            return t("mod.channel.needsPlace");
        }
        boolean changed = communities().replaceList(communityId, ListSetting.REPORT_CHANNEL, id, actor);
        audit.record(actor, ModerationAction.SET_REPORT_CHANNEL, "reports", communityId,
                AuditText.reportChannel(id));
        return ContentTexts.reportChannelSet(names.channel(id), changed);
    }

    private String audited(BlockedWords.Change change, ModerationAction action, UserKey actor, String communityId) {
        String key = action == ModerationAction.ADD_BLOCKED_WORD ? "audit.word.added" : "audit.word.removed";
        audit.record(actor, action, "word", communityId, AuditText.listChange(key, change.entry(), change.changed()));
        return change.text();
    }
}
