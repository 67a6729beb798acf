package dev.seedancebot.core.command;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.community.CommunitySetting;
import dev.seedancebot.core.community.CommunitySettings;
import dev.seedancebot.core.community.CommunitySettingsService;
import dev.seedancebot.core.engine.GenerationEngine;
import dev.seedancebot.core.engine.queue.QueueTexts;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.moderation.AuditEntry;
import dev.seedancebot.core.moderation.ModerationResult;
import dev.seedancebot.core.moderation.ModerationService;
import dev.seedancebot.core.ports.in.PlaceNames;
import dev.seedancebot.core.quota.QuotaScope;
import dev.seedancebot.core.quota.UsageWindow;
import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.spend.SpendReport;
import java.util.List;
import java.util.Map;
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
    private final VideoOptions configuredDefaults;
    private final SpendReport spend;

    /** @param configuredDefaults the operator's {@code video:} defaults, which community settings override */
    public ModCommandRunner(ModerationService moderation, GenerationEngine engine, VideoOptions configuredDefaults,
            SpendReport spend) {
        this.moderation = Objects.requireNonNull(moderation, "moderation");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.configuredDefaults = Objects.requireNonNull(configuredDefaults, "configuredDefaults");
        this.spend = Objects.requireNonNull(spend, "spend");
    }

    /** The community settings the commands change; adapters read them for defaults, channels and moderators. */
    public CommunitySettingsService communities() {
        return moderation.communities();
    }

    /**
     * Runs one command.
     *
     * @param communityId where the moderator acted; {@code null} in private chats, where community and role
     *     commands are refused and the audit covers everything
     * @param here the channel (Discord) or topic (Telegram) the command was sent in, which {@code channel allow}
     *     without an id means; {@code null} where there is none
     * @param rolesOf the community roles of a user, for showing the limits that apply to them
     * @return the reply for the moderator
     */
    public String run(ModCommand command, UserKey actor, String communityId, String here,
            Function<UserKey, Set<String>> rolesOf, PlaceNames names) {
        Objects.requireNonNull(actor, "actor");
        try {
            return execute(command, actor, communityId, here, rolesOf, names);
        } catch (NumberFormatException e) {
            // the JDK's wording ("For input string: ...") is not the bot's; this one says what to change
            return t("mod.run.notANumber");
        } catch (IllegalArgumentException e) {
            // the services validate their inputs and word the message for people
            return t("mod.run.failed", "why", e.getMessage());
        }
    }

    private String execute(ModCommand command, UserKey actor, String communityId, String here,
            Function<UserKey, Set<String>> rolesOf, PlaceNames names) {
        if (command instanceof ModCommand.Usage c) {
            if (c.user() != null) {
                return moderation.userUsage(actor, communityId, c.user(), rolesOf.apply(c.user()), null).text();
            }
            if (communityId == null) {
                return t("mod.run.usageNeedsUser");
            }
            return moderation.communityUsage(actor, communityId, USAGE_TOP, null).text();
        }
        if (command instanceof ModCommand.SetLimit c) {
            return switch (c.scope()) {
                case USER -> moderation.setUserLimit(actor, communityId, c.user(), c.kind(), c.value(), null).text();
                case COMMUNITY -> communityId == null ? groupOnly("groupLimits")
                        : moderation.setCommunityLimit(actor, communityId, c.kind(), c.value(), null).text();
                case ROLE -> communityId == null ? groupOnly("roleLimits")
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
            return moderation.block(actor, communityId, c.user(), c.everywhere(), reason(c.reason())).text();
        }
        if (command instanceof ModCommand.Unblock c) {
            return moderation.unblock(actor, communityId, c.user(), c.everywhere(), reason(c.reason())).text();
        }
        if (command instanceof ModCommand.Refund c) {
            return refund(c, actor, communityId);
        }
        if (command instanceof ModCommand.Audit c) {
            List<AuditEntry> rows = moderation.audit(communityId, c.limit());
            if (rows.isEmpty()) {
                return t("mod.audit.none");
            }
            return t("mod.audit.header") + "\n"
                    + rows.stream().map(AuditEntry::toText).collect(Collectors.joining("\n"));
        }
        if (command instanceof ModCommand.Top) {
            return communityId == null ? groupOnly("top")
                    : moderation.communityUsage(actor, communityId, TOP, null).text();
        }
        if (command instanceof ModCommand.Queue c) {
            // without a community (the terminal) the operator sees every community's
            return QueueTexts.list(engine.queue().waiting(), engine.queue().status(),
                    c.all() || communityId == null ? null : communityId);
        }
        if (command instanceof ModCommand.QueueResume) {
            return QueueTexts.resumed(engine.queue().resume());
        }
        if (command instanceof ModCommand.Settings) {
            return communityId == null ? groupOnly("settings")
                    : settingsText(moderation.viewSettings(actor, communityId, null), names);
        }
        if (command instanceof ModCommand.SetSetting c) {
            return communityId == null ? groupOnly("settings")
                    : moderation.setSetting(actor, communityId, c.setting(), c.value(), null).text();
        }
        if (command instanceof ModCommand.Channel c) {
            return channel(c, actor, communityId, here, names);
        }
        if (command instanceof ModCommand.Budget c) {
            return budget(c, actor, communityId);
        }
        if (command instanceof ModCommand.Moderator c) {
            return communityId == null ? groupOnly("moderators")
                    : moderation.moderatorRole(actor, communityId, c.roleId(), names.role(c.roleId()),
                            c.add(), null).text();
        }
        if (command instanceof ModCommand.Spend c) {
            String scope = c.communityId() != null ? c.communityId() : communityId;
            // an operator at the terminal or in a private chat, naming no community, means the whole bot
            return spend.text(c.all() ? null : scope, communityId);
        }
        if (command instanceof ModCommand.Stats) {
            // the chart is an image: adapters send it through UsageStatsQueries; this is for a text-only caller
            return t("mod.stats.textOnly");
        }
        throw new IllegalStateException("unhandled moderator command " + command);
    }

    /**
     * Shows the budget here, or of a named community (operators, from the terminal or any chat); sets one when asked
     * (the policy lets only operators get here with {@code set}).
     */
    private String budget(ModCommand.Budget c, UserKey actor, String communityId) {
        String scope = c.communityId() != null ? c.communityId() : communityId;
        if (c.scope() == ModCommand.BudgetScope.ALL) {
            return moderation.viewAllBudgets(actor).text();
        }
        if (!c.set()) {
            return moderation.viewBudget(actor, scope, null).text();
        }
        return moderation.setBudget(actor, QuotaScope.of(scope), c.scope() == ModCommand.BudgetScope.GLOBAL,
                c.window() == UsageWindow.TODAY, c.value(), null).text();
    }

    private String channel(ModCommand.Channel c, UserKey actor, String communityId, String here, PlaceNames names) {
        if (communityId == null) {
            return groupOnly("channels");
        }
        if (c.action() == ModCommand.ChannelAction.ALL) {
            return moderation.allowAllChannels(actor, communityId, null).text();
        }
        String id = c.channelId() != null ? c.channelId() : here;
        if (id == null) {
            return t("mod.channel.needsPlace");
        }
        return moderation.allowChannel(actor, communityId, id, names.channel(id),
                c.action() == ModCommand.ChannelAction.ALLOW, null).text();
    }

    private String settingsText(CommunitySettings settings, PlaceNames names) {
        VideoOptions effective = settings.defaults(configuredDefaults);
        var set = settings.formatted();
        StringBuilder text = new StringBuilder(t("mod.settings.header")).append('\n');
        text.append(line(CommunitySetting.VIDEOS, set, CommunitySetting.onOff(settings.videosEnabled())));
        text.append(line(CommunitySetting.DURATION, set, effective.durationSeconds() + "s"));
        text.append(line(CommunitySetting.RESOLUTION, set, effective.resolution().wireName()));
        text.append(line(CommunitySetting.RATIO, set, effective.ratio().wireName()));
        text.append(line(CommunitySetting.AUDIO, set, CommunitySetting.onOff(effective.generateAudio())));
        text.append(line(CommunitySetting.WATERMARK, set, CommunitySetting.onOff(effective.watermark())));
        text.append(line(CommunitySetting.MAX_DURATION, set, VideoOptions.MAX_DURATION + "s"));
        text.append(line(CommunitySetting.MAX_RESOLUTION, set, Resolution.P720.wireName()));
        text.append(line(CommunitySetting.ALLOW_AUDIO, set, CommunitySetting.onOff(true)));
        text.append(line(CommunitySetting.ALLOW_WEB_SEARCH, set, CommunitySetting.onOff(true)));
        text.append(t("mod.settings.channels", "list", settings.channels().isEmpty() ? t("mod.settings.allChannels")
                : settings.sortedChannels().stream().map(names::channel)
                        .collect(Collectors.joining(", ")) + " *")).append('\n');
        StringBuilder moderators = new StringBuilder(names.admins());
        settings.sortedModeratorRoles().forEach(id -> moderators.append(", ").append(names.role(id)));
        return text.append(t("mod.settings.moderators", "list", moderators)).toString();
    }

    /**
     * {@code name: value}, the set value with a star, else the configured or built-in one. The name stays the one
     * moderators type in {@code /videomod set}; on and off are in the reader's language, and typing them works too.
     */
    private static String line(CommunitySetting setting, Map<CommunitySetting, String> set, String shown) {
        String value = set.get(setting);
        return setting.key() + ": " + (value == null ? shown : setting.shown(value) + " *") + "\n";
    }

    private String refund(ModCommand.Refund c, UserKey actor, String communityId) {
        ModerationResult result = moderation.refundTask(actor, communityId, c.taskId(), reason(c.reason()));
        if (result.changed()) {
            engine.announceRefund(c.taskId(), () -> c.reason().isEmpty()
                    ? t("mod.refund.notice", "taskId", c.taskId())
                    : t("mod.refund.noticeWhy", "taskId", c.taskId(), "reason", c.reason()));
        }
        return result.text();
    }

    /** {@code what} names the refused kind of command: {@code mod.groupOnly.<what>}. */
    private static String groupOnly(String what) {
        return t("mod.groupOnly." + what);
    }

    /** The services store {@code null} for "no reason given". */
    private static String reason(String text) {
        return text.isEmpty() ? null : text;
    }
}
