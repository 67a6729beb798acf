package dev.seedancebot.core.command;

import dev.seedancebot.core.community.CommunitySetting;
import dev.seedancebot.core.i18n.Texts;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The bot's command syntax, declared once in {@link #COMMANDS}, {@link VideoOption} and
 * {@link ModCommandParser#SUBCOMMANDS}, so that Telegram's {@code setMyCommands}, {@code /help} on every platform and
 * the terminal demo say the same thing.
 */
public final class HelpText {

    /** Every chat command, in menu order. */
    public static final List<CommandSpec> COMMANDS = List.of(
            new CommandSpec("video", "<{prompt}> [{options}]", "command.video", false),
            new CommandSpec("extend", "<{taskId}> <{instruction}>", "command.extend", false),
            new CommandSpec("quota", "", "command.quota", false),
            new CommandSpec("history", "", "command.history", false),
            new CommandSpec("language", "[en|es|pt-BR|ru|zh-CN|auto]", "command.language", false),
            new CommandSpec("help", "", "command.help", false),
            new CommandSpec("videomod", "<{action}> ...", "command.videomod", true));

    private HelpText() {}

    /** The commands to register in a platform's command menu (moderator commands optional). */
    public static List<CommandSpec> menu(boolean includeModerator) {
        return COMMANDS.stream().filter(c -> includeModerator || !c.moderatorsOnly()).toList();
    }

    /** The full help message; moderator syntax only when {@code forModerator}. */
    public static String render(boolean forModerator) {
        StringBuilder text = new StringBuilder(Texts.t("help.commands")).append('\n');
        for (CommandSpec c : menu(forModerator)) {
            text.append(c.usage()).append(" — ").append(c.description()).append('\n');
        }
        text.append('\n').append(videoOptions());
        text.append('\n').append(Texts.t("help.attachments")).append('\n');
        if (forModerator) {
            text.append('\n').append(moderation());
        }
        return text.toString().stripTrailing();
    }

    /** The /video options, one per line. */
    public static String videoOptions() {
        return Texts.t("help.videoOptions") + "\n" + Arrays.stream(VideoOption.values())
                .map(o -> "  " + o.usage() + " — " + o.description())
                .collect(Collectors.joining("\n")) + "\n";
    }

    /** The /videomod actions, one per line. */
    public static String moderation() {
        return Texts.t("help.moderatorActions") + "\n" + ModCommandParser.SUBCOMMANDS.stream()
                .map(c -> "  " + "/videomod " + c.name() + (c.arguments().isEmpty() ? "" : " " + c.argumentsText())
                        + " — " + c.description())
                .collect(Collectors.joining("\n")) + "\n"
                + Texts.t("help.settings") + "\n" + Arrays.stream(CommunitySetting.values())
                .map(s -> "  " + s.key() + " " + s.syntax() + " — " + s.description())
                .collect(Collectors.joining("\n")) + "\n";
    }
}
