package dev.seedancebot.core.command;

import dev.seedancebot.core.engine.GenerationEngine;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.moderation.AuditEntry;
import dev.seedancebot.core.moderation.ModerationResult;
import dev.seedancebot.core.moderation.ModerationService;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Executes a {@link ModCommand} for a moderator and returns the reply to show. Whether the actor may moderate is the
 * caller's decision (chat admin, operator, Discord permission). Every action is audited by {@link ModerationService};
 * a refund also tells the task's owner through the engine. Thread-safe.
 */
public final class ModCommandRunner {
    private static final int USAGE_TOP = 5;
    private static final int TOP = 10;

    private final ModerationService moderation;
    private final GenerationEngine engine;

    public ModCommandRunner(ModerationService moderation, GenerationEngine engine) {
        this.moderation = Objects.requireNonNull(moderation, "moderation");
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * Runs one command.
     *
     * @param communityId where the moderator acted; {@code null} in private chats, where community and role
     *     commands are refused and the audit covers everything
     * @param rolesOf the community roles of a user, for showing the limits that apply to them
     * @return the reply for the moderator
     */
    public String run(ModCommand command, UserKey actor, String communityId, Function<UserKey, Set<String>> rolesOf) {
        Objects.requireNonNull(actor, "actor");
        try {
            return execute(command, actor, communityId, rolesOf);
        } catch (IllegalArgumentException e) {
            // the services validate their inputs and word the message for people
            return "That did not work: " + e.getMessage();
        }
    }

    private String execute(
            ModCommand command, UserKey actor, String communityId, Function<UserKey, Set<String>> rolesOf) {
        if (command instanceof ModCommand.Usage c) {
            if (c.user() != null) {
                return moderation.userUsage(actor, communityId, c.user(), rolesOf.apply(c.user()), null).text();
            }
            if (communityId == null) {
                return "Name a user (or reply to them), or use this in a group to see the group's usage.";
            }
            return moderation.communityUsage(actor, communityId, USAGE_TOP, null).text();
        }
        if (command instanceof ModCommand.SetLimit c) {
            return switch (c.scope()) {
                case USER -> moderation.setUserLimit(actor, communityId, c.user(), c.kind(), c.value(), null).text();
                case COMMUNITY -> communityId == null ? groupOnly("Group limits")
                        : moderation.setCommunityLimit(actor, communityId, c.kind(), c.value(), null).text();
                case ROLE -> communityId == null ? groupOnly("Role limits")
                        : moderation.setRoleLimit(actor, communityId, c.roleId(), c.kind(), c.value(), null).text();
            };
        }
        if (command instanceof ModCommand.Grant c) {
            return moderation.grantBonus(actor, communityId, c.user(), c.credits(), reason(c.reason())).text();
        }
        if (command instanceof ModCommand.Reset c) {
            return moderation.resetUsage(actor, communityId, c.user(), c.window(), reason(c.reason())).text();
        }
        if (command instanceof ModCommand.Block c) {
            return moderation.block(actor, communityId, c.user(), reason(c.reason())).text();
        }
        if (command instanceof ModCommand.Unblock c) {
            return moderation.unblock(actor, communityId, c.user(), reason(c.reason())).text();
        }
        if (command instanceof ModCommand.Refund c) {
            return refund(c, actor, communityId);
        }
        if (command instanceof ModCommand.Audit c) {
            List<AuditEntry> rows = moderation.audit(communityId, c.limit());
            if (rows.isEmpty()) {
                return "No moderator actions recorded yet.";
            }
            return "Latest moderator actions:\n"
                    + rows.stream().map(AuditEntry::toText).collect(Collectors.joining("\n"));
        }
        if (command instanceof ModCommand.Top) {
            return communityId == null ? groupOnly("The top list")
                    : moderation.communityUsage(actor, communityId, TOP, null).text();
        }
        throw new IllegalStateException("unhandled moderator command " + command);
    }

    private String refund(ModCommand.Refund c, UserKey actor, String communityId) {
        ModerationResult result = moderation.refundTask(actor, communityId, c.taskId(), reason(c.reason()));
        if (result.changed()) {
            engine.announceRefund(c.taskId(), "A moderator refunded the credits of your video " + c.taskId()
                    + (c.reason().isEmpty() ? "." : ": " + c.reason()));
        }
        return result.text();
    }

    private static String groupOnly(String what) {
        return what + " apply to a group; send this command in the group.";
    }

    /** The services store {@code null} for "no reason given". */
    private static String reason(String text) {
        return text.isEmpty() ? null : text;
    }
}
