package dev.seedancebot.discord;

import dev.seedancebot.core.command.HelpText;
import dev.seedancebot.core.command.ModCommandParser;
import dev.seedancebot.core.community.CommunitySetting;
import dev.seedancebot.core.request.AspectRatio;
import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.request.VideoOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;

/**
 * The slash commands, declared once as data: registration builds JDA's command data from it and the handlers read
 * options by the names declared here. Descriptions of {@code /quota} and {@code /videomod} come from the core's
 * {@link HelpText}, so every platform describes them alike.
 */
final class SlashCommands {
    static final String VIDEO = "video";
    static final String QUOTA = "quota";
    static final String VIDEOMOD = "videomod";
    static final String HISTORY = "history";
    static final String COMMUNITY = "community";

    static final String PROMPT = "prompt";
    static final String INSTRUCTION = "instruction";
    static final String WEB_SEARCH = "web_search";
    static final String FIRST_FRAME = "first_frame";
    static final String LAST_FRAME = "last_frame";
    static final String VIDEO_INPUT = "video";
    static final String DURATION = "duration";
    static final String RATIO = "ratio";
    static final String RESOLUTION = "resolution";
    static final String AUDIO = "audio";
    static final String WATERMARK = "watermark";
    static final String PRIVATE = "private";
    static final String SPOILER = "spoiler";
    static final int MAX_REFERENCE_IMAGES = 9;
    static final int MAX_REFERENCE_VIDEOS = 3;
    static final int MAX_REFERENCE_AUDIOS = 3;

    static final String USER = "user";
    static final String ROLE = "role";
    static final String KIND = "kind";
    static final String VALUE = "value";
    static final String CREDITS = "credits";
    static final String REASON = "reason";
    static final String WINDOW = "window";
    static final String TASK = "task";
    static final String COUNT = "count";
    static final String SETTING = "setting";
    static final String ACTION = "action";
    static final String CHANNEL = "channel";
    static final String SCOPE = "scope";
    static final String EVERYWHERE = "everywhere";

    /** One option as declared; {@code choices} empty means free input. */
    record Option(OptionType type, String name, String description, boolean required, List<String> choices,
            Integer min, Integer max) {
        static Option of(OptionType type, String name, String description, boolean required) {
            return new Option(type, name, description, required, List.of(), null, null);
        }

        OptionData toJda() {
            OptionData data = new OptionData(type, name, description, required);
            choices.forEach(c -> data.addChoice(c, c));
            if (min != null) {
                data.setRequiredRange(min, max);
            }
            return data;
        }
    }

    record Subcommand(String name, String description, List<Option> options) {}

    /**
     * @param moderatorsOnly moderator commands are offered in servers only, to members with Manage Server by default;
     *     the others also in the bot's DMs, where the core decides who may use them (by default its operators)
     */
    record Command(String name, String description, boolean moderatorsOnly, List<Subcommand> subcommands) {
        CommandData toJda() {
            var data = Commands.slash(name, description).setContexts(moderatorsOnly
                    ? List.of(InteractionContextType.GUILD)
                    : List.of(InteractionContextType.GUILD, InteractionContextType.BOT_DM));
            if (moderatorsOnly) {
                data.setDefaultPermissions(DefaultMemberPermissions.enabledFor(Permission.MANAGE_SERVER));
            }
            for (Subcommand s : subcommands) {
                data.addSubcommands(new SubcommandData(s.name(), s.description())
                        .addOptions(s.options().stream().map(Option::toJda).toList()));
            }
            return data;
        }
    }

    /** Options every {@code /video} mode takes; left out, they take the core's defaults for the server. */
    static final List<Option> SHARED = List.of(
            new Option(OptionType.INTEGER, DURATION, "Length in whole seconds", false, List.of(),
                    VideoOptions.MIN_DURATION, VideoOptions.MAX_DURATION),
            new Option(OptionType.STRING, RATIO, "Aspect ratio", false,
                    Arrays.stream(AspectRatio.values()).map(AspectRatio::wireName).toList(), null, null),
            new Option(OptionType.STRING, RESOLUTION, "Resolution", false,
                    Arrays.stream(Resolution.values()).map(Resolution::wireName).toList(), null, null),
            Option.of(OptionType.BOOLEAN, AUDIO, "Generate sound", false),
            Option.of(OptionType.BOOLEAN, WATERMARK, "Add the provider's watermark", false),
            Option.of(OptionType.BOOLEAN, PRIVATE, "Only you see the progress; the video comes by direct message",
                    false),
            Option.of(OptionType.BOOLEAN, SPOILER, "Post the video hidden as a spoiler until clicked", false));

    static final Command VIDEO_COMMAND = new Command(VIDEO, "Make a short AI video", false, List.of(
            new Subcommand("text", "From a text prompt", with(
                    Option.of(OptionType.STRING, PROMPT, "What should happen", true),
                    Option.of(OptionType.BOOLEAN, WEB_SEARCH, "Let the model search the web first", false))),
            new Subcommand("image", "Animate an image as the first frame (and optionally reach a last frame)", with(
                    Option.of(OptionType.ATTACHMENT, FIRST_FRAME, "The opening image", true),
                    Option.of(OptionType.STRING, PROMPT, "What should happen", false),
                    Option.of(OptionType.ATTACHMENT, LAST_FRAME, "The closing image", false))),
            new Subcommand("reference", "From images, videos and audio; name them in the prompt as @image1, @video1",
                    referenceOptions()),
            new Subcommand("edit", "Edit a video following an instruction", with(
                    Option.of(OptionType.ATTACHMENT, VIDEO_INPUT, "The video to edit", true),
                    Option.of(OptionType.STRING, INSTRUCTION, "What to change", true))),
            new Subcommand("extend", "Continue a video following an instruction", with(
                    Option.of(OptionType.ATTACHMENT, VIDEO_INPUT, "The video to continue", true),
                    Option.of(OptionType.STRING, INSTRUCTION, "What happens next", true)))));

    static final Command QUOTA_COMMAND =
            new Command(QUOTA, description(QUOTA), false, List.of());

    static final Command HISTORY_COMMAND =
            new Command(HISTORY, description(HISTORY), false, List.of());

    static final Command VIDEOMOD_COMMAND = new Command(VIDEOMOD, description(VIDEOMOD), true, List.of(
            new Subcommand("usage", modDescription("usage"), List.of(
                    Option.of(OptionType.USER, USER, "Whose quota; leave out for the server's usage", false))),
            new Subcommand("limit", modDescription("limit"), List.of(
                    new Option(OptionType.STRING, KIND, "Which limit", true,
                            List.of("daily", "monthly", "concurrent", "pool"), null, null),
                    Option.of(OptionType.STRING, VALUE, "Credits (tasks for concurrent), 0 = unlimited, or 'default'",
                            true),
                    Option.of(OptionType.USER, USER, "Whose limit; leave out for the server default", false))),
            new Subcommand("rolelimit", "set a limit for everyone holding a role", List.of(
                    Option.of(OptionType.ROLE, ROLE, "The role", true),
                    new Option(OptionType.STRING, KIND, "Which limit", true,
                            List.of("daily", "monthly", "concurrent"), null, null),
                    Option.of(OptionType.STRING, VALUE, "Credits (tasks for concurrent), 0 = unlimited, or 'default'",
                            true))),
            new Subcommand("grant", modDescription("grant"), List.of(
                    Option.of(OptionType.USER, USER, "Who gets them", true),
                    new Option(OptionType.INTEGER, CREDITS, "How many credits", true, List.of(), 1, 1_000_000),
                    Option.of(OptionType.STRING, REASON, "Why (shown in the audit)", false))),
            new Subcommand("reset", modDescription("reset"), List.of(
                    Option.of(OptionType.USER, USER, "Whose usage", true),
                    new Option(OptionType.STRING, WINDOW, "Which window (default today)", false,
                            List.of("today", "month", "all"), null, null),
                    Option.of(OptionType.STRING, REASON, "Why", false))),
            new Subcommand("block", modDescription("block"), List.of(
                    Option.of(OptionType.USER, USER, "Who", true),
                    Option.of(OptionType.STRING, REASON, "Why", false),
                    Option.of(OptionType.BOOLEAN, EVERYWHERE, "In every server the bot serves (operators only)",
                            false))),
            new Subcommand("unblock", modDescription("unblock"), List.of(
                    Option.of(OptionType.USER, USER, "Who", true),
                    Option.of(OptionType.STRING, REASON, "Why", false),
                    Option.of(OptionType.BOOLEAN, EVERYWHERE, "In every server the bot serves (operators only)",
                            false))),
            new Subcommand("budget", "this server's budget and spend; operators set it with window and value",
                    List.of(
                            new Option(OptionType.STRING, SCOPE, "This server's budget or the whole bot's", false,
                                    List.of("community", "global"), null, null),
                            new Option(OptionType.STRING, WINDOW, "The ceiling to set (operators only)", false,
                                    List.of("daily", "monthly"), null, null),
                            Option.of(OptionType.STRING, VALUE, "Credits, 0 = unlimited, or 'default' (operators"
                                    + " only)", false))),
            new Subcommand("refund", modDescription("refund"), List.of(
                    Option.of(OptionType.STRING, TASK, "The video's id, e.g. t7k2m9q", true),
                    Option.of(OptionType.STRING, REASON, "Why", false))),
            new Subcommand("audit", modDescription("audit"), List.of(
                    new Option(OptionType.INTEGER, COUNT, "How many entries (default 10)", false, List.of(), 1, 50))),
            new Subcommand("top", modDescription("top"), List.of()),
            new Subcommand("stats", "a chart of videos and credits per day (30 days) and the top users", List.of(
                    Option.of(OptionType.STRING, COMMUNITY, "Operators: another server's id, or 'all'", false))),
            new Subcommand("spend", modDescription("spend"), List.of(
                    Option.of(OptionType.STRING, COMMUNITY, "Operators: another server's id, or 'all'", false))),
            new Subcommand("queue", modDescription("queue"), List.of(
                    Option.of(OptionType.STRING, COMMUNITY, "Operators: 'all' for every server's queue", false))),
            new Subcommand("settings", modDescription("settings"), List.of()),
            new Subcommand("set", modDescription("set"), List.of(
                    new Option(OptionType.STRING, SETTING, "Which setting", true,
                            Arrays.stream(CommunitySetting.values()).map(CommunitySetting::key).toList(), null, null),
                    Option.of(OptionType.STRING, VALUE, "e.g. on, off, 8, 480p, 9:16, or 'default'", true))),
            new Subcommand("channel", modDescription("channel"), List.of(
                    new Option(OptionType.STRING, ACTION, "allow or disallow a channel, or all = everywhere", true,
                            List.of("allow", "disallow", "all"), null, null),
                    Option.of(OptionType.CHANNEL, CHANNEL, "Which channel; leave out for this one", false))),
            new Subcommand("moderator", "let the holders of a role use /videomod here, or stop it", List.of(
                    new Option(OptionType.STRING, ACTION, "add or remove", true, List.of("add", "remove"), null,
                            null),
                    Option.of(OptionType.ROLE, ROLE, "The role", true))),
            new Subcommand("words", modDescription("words"), List.of(
                    new Option(OptionType.STRING, ACTION, "add or remove an entry, or list them", true,
                            List.of("add", "remove", "list"), null, null),
                    Option.of(OptionType.STRING, VALUE, "A word or phrase; * = any letters (nud*)", false))),
            new Subcommand("reports", modDescription("reports"), List.of(
                    Option.of(OptionType.CHANNEL, CHANNEL, "Where reports go; leave out for this channel", false),
                    new Option(OptionType.STRING, ACTION, "off = to the server owner by direct message", false,
                            List.of("off"), null, null)))));

    static final List<Command> ALL = List.of(VIDEO_COMMAND, QUOTA_COMMAND, HISTORY_COMMAND, VIDEOMOD_COMMAND);

    private SlashCommands() {}

    static List<CommandData> toJda() {
        return ALL.stream().map(Command::toJda).toList();
    }

    private static List<Option> with(Option... own) {
        List<Option> all = new ArrayList<>(Arrays.asList(own));
        all.addAll(SHARED);
        // Discord requires required options first
        all.sort((a, b) -> Boolean.compare(b.required(), a.required()));
        return List.copyOf(all);
    }

    private static List<Option> referenceOptions() {
        List<Option> own = new ArrayList<>();
        own.add(Option.of(OptionType.STRING, PROMPT, "What should happen; refer to inputs as @image1, @video1", true));
        for (int i = 1; i <= MAX_REFERENCE_IMAGES; i++) {
            own.add(Option.of(OptionType.ATTACHMENT, "image" + i, "Reference image " + i, false));
        }
        for (int i = 1; i <= MAX_REFERENCE_VIDEOS; i++) {
            own.add(Option.of(OptionType.ATTACHMENT, "video" + i, "Reference video " + i, false));
        }
        for (int i = 1; i <= MAX_REFERENCE_AUDIOS; i++) {
            own.add(Option.of(OptionType.ATTACHMENT, "audio" + i, "Reference audio " + i, false));
        }
        return with(own.toArray(Option[]::new));
    }

    private static String description(String command) {
        return HelpText.COMMANDS.stream().filter(c -> c.name().equals(command)).findFirst().orElseThrow()
                .description();
    }

    private static String modDescription(String subcommand) {
        return ModCommandParser.SUBCOMMANDS.stream().filter(c -> c.name().equals(subcommand)).findFirst()
                .orElseThrow().description();
    }
}
