package dev.seedancebot.discord;

import static dev.seedancebot.discord.SlashCommands.ACTION;
import static dev.seedancebot.discord.SlashCommands.CHANNEL;
import static dev.seedancebot.discord.SlashCommands.COMMUNITY;
import static dev.seedancebot.discord.SlashCommands.COUNT;
import static dev.seedancebot.discord.SlashCommands.CREDITS;
import static dev.seedancebot.discord.SlashCommands.EVERYWHERE;
import static dev.seedancebot.discord.SlashCommands.KIND;
import static dev.seedancebot.discord.SlashCommands.REASON;
import static dev.seedancebot.discord.SlashCommands.SETTING;
import static dev.seedancebot.discord.SlashCommands.ROLE;
import static dev.seedancebot.discord.SlashCommands.SCOPE;
import static dev.seedancebot.discord.SlashCommands.TASK;
import static dev.seedancebot.discord.SlashCommands.USER;
import static dev.seedancebot.discord.SlashCommands.VALUE;
import static dev.seedancebot.discord.SlashCommands.WINDOW;

import dev.seedancebot.core.command.ModCommand;
import dev.seedancebot.core.community.CommunitySetting;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.LimitKind;
import dev.seedancebot.core.quota.UsageWindow;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;

/** Maps {@code /videomod} subcommands and their typed options onto the core's {@link ModCommand}. */
final class ModSlashMapper {
    private ModSlashMapper() {}

    /**
     * @param option the interaction's options by name ({@code null} when left out)
     * @throws IllegalArgumentException with a user-facing message when a value is wrong
     */
    static ModCommand map(String subcommand, Function<String, OptionMapping> option) {
        Function<String, OptionMapping> required = name -> {
            OptionMapping o = option.apply(name);
            if (o == null) {
                throw new IllegalArgumentException("/videomod " + subcommand + " needs the option " + name);
            }
            return o;
        };
        return switch (subcommand) {
            case "usage" -> new ModCommand.Usage(user(option.apply(USER)));
            case "limit" -> {
                UserKey user = user(option.apply(USER));
                yield new ModCommand.SetLimit(user == null ? ModCommand.LimitScope.COMMUNITY : ModCommand.LimitScope.USER,
                        user, null, kind(required.apply(KIND)), value(required.apply(VALUE)));
            }
            case "rolelimit" -> new ModCommand.SetLimit(ModCommand.LimitScope.ROLE, null,
                    required.apply(ROLE).getAsRole().getId(), kind(required.apply(KIND)), value(required.apply(VALUE)));
            case "grant" -> new ModCommand.Grant(user(required.apply(USER)), required.apply(CREDITS).getAsLong(),
                    text(option.apply(REASON)));
            case "reset" -> new ModCommand.Reset(user(required.apply(USER)), window(option.apply(WINDOW)),
                    text(option.apply(REASON)));
            case "block" -> new ModCommand.Block(user(required.apply(USER)), text(option.apply(REASON)),
                    flag(option.apply(EVERYWHERE)));
            case "unblock" -> new ModCommand.Unblock(user(required.apply(USER)), text(option.apply(REASON)),
                    flag(option.apply(EVERYWHERE)));
            case "budget" -> budget(option.apply(SCOPE), option.apply(WINDOW), option.apply(VALUE));
            case "refund" -> new ModCommand.Refund(required.apply(TASK).getAsString().strip(),
                    text(option.apply(REASON)));
            case "audit" -> new ModCommand.Audit(option.apply(COUNT) == null ? 10 : option.apply(COUNT).getAsInt());
            case "top" -> new ModCommand.Top();
            case "stats" -> scoped(option.apply(COMMUNITY), ModCommand.Stats::new);
            case "spend" -> scoped(option.apply(COMMUNITY), ModCommand.Spend::new);
            case "queue" -> option.apply(ACTION) != null && "resume".equals(option.apply(ACTION).getAsString())
                    ? new ModCommand.QueueResume()
                    : new ModCommand.Queue(option.apply(COMMUNITY) != null
                            && "all".equalsIgnoreCase(option.apply(COMMUNITY).getAsString().strip()));
            case "settings" -> new ModCommand.Settings();
            case "set" -> setting(required.apply(SETTING), required.apply(VALUE));
            case "channel" -> new ModCommand.Channel(channelAction(required.apply(ACTION)),
                    option.apply(CHANNEL) == null ? null : option.apply(CHANNEL).getAsChannel().getId());
            case "moderator" -> new ModCommand.Moderator("add".equals(required.apply(ACTION).getAsString()),
                    required.apply(ROLE).getAsRole().getId());
            case "words" -> ModCommand.Words.of(required.apply(ACTION).getAsString(), text(option.apply(VALUE)));
            case "reports" -> new ModCommand.Reports(
                    option.apply(CHANNEL) == null ? null : option.apply(CHANNEL).getAsChannel().getId(),
                    option.apply(ACTION) != null && "off".equals(option.apply(ACTION).getAsString()));
            default -> throw new IllegalArgumentException("unknown /videomod action " + subcommand);
        };
    }

    /**
     * {@code budget} alone shows this server's budget ({@code scope:global} the bot's); with {@code window} and
     * {@code value} it sets that ceiling, which the core allows operators only.
     */
    private static ModCommand budget(OptionMapping scope, OptionMapping window, OptionMapping value) {
        ModCommand.BudgetScope s = scope != null && scope.getAsString().equals("global")
                ? ModCommand.BudgetScope.GLOBAL : ModCommand.BudgetScope.COMMUNITY;
        if (window == null && value == null) {
            return new ModCommand.Budget(s, null, false, null, null);
        }
        if (window == null || value == null) {
            throw new IllegalArgumentException("to set a budget give both window (daily or monthly) and value");
        }
        UsageWindow w = switch (window.getAsString()) {
            case "daily" -> UsageWindow.TODAY;
            case "monthly" -> UsageWindow.THIS_MONTH;
            default -> throw new IllegalArgumentException("a budget's window is daily or monthly");
        };
        return new ModCommand.Budget(s, null, true, w, value(value));
    }

    private static ModCommand setting(OptionMapping name, OptionMapping value) {
        CommunitySetting setting = CommunitySetting.of(name.getAsString()).orElseThrow(() ->
                new IllegalArgumentException("settings are " + CommunitySetting.names()));
        String text = value.getAsString().strip();
        boolean inherit = text.equalsIgnoreCase("default") || text.equalsIgnoreCase("inherit");
        return new ModCommand.SetSetting(setting, inherit ? null : setting.parse(text));
    }

    private static ModCommand.ChannelAction channelAction(OptionMapping o) {
        return switch (o.getAsString()) {
            case "allow" -> ModCommand.ChannelAction.ALLOW;
            case "disallow" -> ModCommand.ChannelAction.DISALLOW;
            case "all" -> ModCommand.ChannelAction.ALL;
            default -> throw new IllegalArgumentException("action must be allow, disallow or all");
        };
    }

    static UserKey user(OptionMapping o) {
        return o == null ? null : new UserKey(Platform.DISCORD, o.getAsUser().getId());
    }

    private static LimitKind kind(OptionMapping o) {
        return switch (o.getAsString()) {
            case "daily" -> LimitKind.DAILY;
            case "monthly" -> LimitKind.MONTHLY;
            case "concurrent" -> LimitKind.CONCURRENT;
            case "pool" -> LimitKind.POOL;
            default -> throw new IllegalArgumentException("kind must be daily, monthly, concurrent or pool");
        };
    }

    private static Long value(OptionMapping o) {
        String v = o.getAsString().strip().toLowerCase(Locale.ROOT);
        if (v.equals("default")) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("value must be a whole number of credits (0 = unlimited) or 'default',"
                    + " was '" + o.getAsString() + "'");
        }
    }

    private static UsageWindow window(OptionMapping o) {
        if (o == null) {
            return UsageWindow.TODAY;
        }
        return switch (o.getAsString()) {
            case "month" -> UsageWindow.THIS_MONTH;
            case "all" -> UsageWindow.BOTH;
            default -> UsageWindow.TODAY;
        };
    }

    private static boolean flag(OptionMapping o) {
        return o != null && o.getAsBoolean();
    }

    private static String text(OptionMapping o) {
        return o == null ? "" : o.getAsString();
    }

    /** {@code stats} and {@code spend}: here (no option), {@code all}, or another server's id. */
    private static ModCommand scoped(OptionMapping community, BiFunction<String, Boolean, ModCommand> make) {
        String value = community == null ? "" : community.getAsString().strip();
        if (value.isEmpty()) {
            return make.apply(null, false);
        }
        return "all".equalsIgnoreCase(value) ? make.apply(null, true) : make.apply(value, false);
    }
}
