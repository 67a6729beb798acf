package dev.seedancebot.core.content;

import dev.seedancebot.core.command.ModCommand;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.moderation.ModerationAction;
import dev.seedancebot.core.moderation.ModerationService;
import java.util.Objects;

/**
 * Runs the content commands of {@code /videomod} (blocked words) for a moderator the policy has let through, and
 * audits the changes like every other moderator action. Thread-safe.
 */
public final class ContentModeration {
    private static final String GROUP_ONLY = "Blocked words apply to a group or server; send this command there.";

    private final BlockedWords words;
    private final ModerationService audit;

    public ContentModeration(BlockedWords words, ModerationService audit) {
        this.words = Objects.requireNonNull(words, "words");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /** Whether {@link #run} handles the command. */
    public static boolean handles(ModCommand command) {
        return command instanceof ModCommand.Words;
    }

    /** The reply for the moderator; a bad entry is answered with what to fix. */
    public String run(ModCommand command, UserKey actor, String communityId) {
        if (!(command instanceof ModCommand.Words c)) {
            throw new IllegalArgumentException("not a content command: " + command);
        }
        if (communityId == null) {
            return GROUP_ONLY;
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

    private String audited(BlockedWords.Change change, ModerationAction action, UserKey actor, String communityId) {
        audit.record(actor, action, "word", communityId, change.entry() + (change.changed() ? "" : " (no change)"));
        return change.text();
    }
}
