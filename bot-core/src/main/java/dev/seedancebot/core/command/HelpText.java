package dev.seedancebot.core.command;

import dev.seedancebot.core.community.CommunitySetting;
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
            new CommandSpec("video", "<prompt> [options]",
                    "Make a short video from text, or from attached images, videos and audio", false),
            new CommandSpec("extend", "<taskId> <instruction>", "Continue one of your finished videos", false),
            new CommandSpec("quota", "", "Show what you can still spend and what videos cost", false),
            new CommandSpec("history", "", "Your recent videos here: run again, extend or get the file again", false),
            new CommandSpec("help", "", "Show how to use the bot", false),
            new CommandSpec("videomod", "<action> ...", "Moderators: limits, grants, blocks, refunds, settings, audit", true));

    private HelpText() {}

    /** The commands to register in a platform's command menu (moderator commands optional). */
    public static List<CommandSpec> menu(boolean includeModerator) {
        return COMMANDS.stream().filter(c -> includeModerator || !c.moderatorsOnly()).toList();
    }

    /** The full help message; moderator syntax only when {@code forModerator}. */
    public static String render(boolean forModerator) {
        StringBuilder text = new StringBuilder("Commands:\n");
        for (CommandSpec c : menu(forModerator)) {
            text.append(c.usage()).append(" — ").append(c.description()).append('\n');
        }
        text.append('\n').append(videoOptions());
        text.append("\nAttach images, videos or audio to the /video message (or reply with /video to a message that"
                + " has them). Without a mode option they are references: name them in the prompt as @image1,"
                + " @video1, @audio1.\n");
        if (forModerator) {
            text.append('\n').append(moderation());
        }
        return text.toString().stripTrailing();
    }

    /** The /video options, one per line. */
    public static String videoOptions() {
        return "Options for /video:\n" + Arrays.stream(VideoOption.values())
                .map(o -> "  " + o.usage() + " — " + o.description())
                .collect(Collectors.joining("\n")) + "\n";
    }

    /** The /videomod actions, one per line. */
    public static String moderation() {
        return "Moderator actions (/videomod):\n" + ModCommandParser.SUBCOMMANDS.stream()
                .map(c -> "  " + "/videomod " + c.name() + (c.arguments().isEmpty() ? "" : " " + c.arguments())
                        + " — " + c.description())
                .collect(Collectors.joining("\n")) + "\n"
                + "Settings (/videomod set <setting> <value>):\n" + Arrays.stream(CommunitySetting.values())
                .map(s -> "  " + s.key() + " " + s.syntax() + " — " + s.description())
                .collect(Collectors.joining("\n")) + "\n";
    }
}
