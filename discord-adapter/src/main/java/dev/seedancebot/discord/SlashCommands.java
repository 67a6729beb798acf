package dev.seedancebot.discord;

import dev.seedancebot.core.command.HelpText;
import dev.seedancebot.core.command.ModCommandParser;
import dev.seedancebot.core.community.CommunitySetting;
import dev.seedancebot.core.i18n.Languages;

import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.request.AspectRatio;
import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.request.VideoOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
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
    static final String LANGUAGE = "language";
    static final String CHOICE = "language";
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

    /**
     * One option as declared; {@code choices} empty means free input. {@code descriptionKey} names its description in
     * the bundles; {@code number} (0 = none) fills its {@code {n}} ("Reference image 2").
     */
    record Option(OptionType type, String name, String descriptionKey, boolean required, List<String> choices,
            Integer min, Integer max, int number) {
        Option(OptionType type, String name, String descriptionKey, boolean required, List<String> choices,
                Integer min, Integer max) {
            this(type, name, descriptionKey, required, choices, min, max, 0);
        }

        static Option of(OptionType type, String name, String descriptionKey, boolean required) {
            return new Option(type, name, descriptionKey, required, List.of(), null, null);
        }

        String description(Texts texts) {
            return texts.get(descriptionKey, "n", number);
        }

        OptionData toJda(boolean localizeNames) {
            OptionData data = new OptionData(type, name, description(english()), required)
                    .setDescriptionLocalizations(CommandLocalizations.of(this::description));
            if (localizeNames) {
                data.setNameLocalizations(CommandLocalizations.names(name));
            }
            choices.forEach(c -> data.addChoice(c, c));
            if (min != null) {
                data.setRequiredRange(min, max);
            }
            return data;
        }
    }

    record Subcommand(String name, String descriptionKey, List<Option> options) {
        SubcommandData toJda(boolean localizeNames) {
            Function<Texts, String> description = texts -> texts.get(descriptionKey);
            SubcommandData data = new SubcommandData(name, description.apply(english()))
                    .setDescriptionLocalizations(CommandLocalizations.of(description))
                    .addOptions(options.stream().map(o -> o.toJda(localizeNames)).toList());
            if (localizeNames) {
                data.setNameLocalizations(CommandLocalizations.names(name));
            }
            return data;
        }
    }

    /**
     * @param moderatorsOnly moderator commands are offered in servers only, to members with Manage Server by default;
     *     the others also in the bot's DMs, where the core decides who may use them (by default its operators). Their
     *     names stay English in every language (moderators type them from the README and the audit); members'
     *     commands get their names localized too. Every description is localized.
     */
    record Command(String name, String descriptionKey, boolean moderatorsOnly, List<Subcommand> subcommands,
            List<Option> options) {
        Command(String name, String descriptionKey, boolean moderatorsOnly, List<Subcommand> subcommands) {
            this(name, descriptionKey, moderatorsOnly, subcommands, List.of());
        }

        CommandData toJda() {
            Function<Texts, String> description = texts -> texts.get(descriptionKey);
            var data = Commands.slash(name, description.apply(english()))
                    .setDescriptionLocalizations(CommandLocalizations.of(description))
                    .setContexts(moderatorsOnly
                    ? List.of(InteractionContextType.GUILD)
                    : List.of(InteractionContextType.GUILD, InteractionContextType.BOT_DM));
            if (!moderatorsOnly) {
                data.setNameLocalizations(CommandLocalizations.names(name));
            }
            if (moderatorsOnly) {
                data.setDefaultPermissions(DefaultMemberPermissions.enabledFor(Permission.MANAGE_SERVER));
            }
            for (Subcommand s : subcommands) {
                data.addSubcommands(s.toJda(!moderatorsOnly));
            }
            data.addOptions(options.stream().map(o -> o.toJda(!moderatorsOnly)).toList());
            return data;
        }
    }

    /** Options every {@code /video} mode takes; left out, they take the core's defaults for the server. */
    static final List<Option> SHARED = List.of(
            new Option(OptionType.INTEGER, DURATION, "discord.option.duration", false, List.of(),
                    VideoOptions.MIN_DURATION, VideoOptions.MAX_DURATION),
            new Option(OptionType.STRING, RATIO, "discord.option.ratio", false,
                    Arrays.stream(AspectRatio.values()).map(AspectRatio::wireName).toList(), null, null),
            new Option(OptionType.STRING, RESOLUTION, "discord.option.resolution", false,
                    Arrays.stream(Resolution.values()).map(Resolution::wireName).toList(), null, null),
            Option.of(OptionType.BOOLEAN, AUDIO, "discord.option.audio", false),
            Option.of(OptionType.BOOLEAN, WATERMARK, "discord.option.watermark", false),
            Option.of(OptionType.BOOLEAN, PRIVATE, "discord.option.private", false),
            Option.of(OptionType.BOOLEAN, SPOILER, "discord.option.spoiler", false));

    static final Command VIDEO_COMMAND = new Command(VIDEO, "discord.command.video", false, List.of(
            new Subcommand("text", "discord.sub.text", with(
                    Option.of(OptionType.STRING, PROMPT, "discord.option.prompt", true),
                    Option.of(OptionType.BOOLEAN, WEB_SEARCH, "discord.option.webSearch", false))),
            new Subcommand("image", "discord.sub.image", with(
                    Option.of(OptionType.ATTACHMENT, FIRST_FRAME, "discord.option.firstFrame", true),
                    Option.of(OptionType.STRING, PROMPT, "discord.option.prompt", false),
                    Option.of(OptionType.ATTACHMENT, LAST_FRAME, "discord.option.lastFrame", false))),
            new Subcommand("reference", "discord.sub.reference",
                    referenceOptions()),
            new Subcommand("edit", "discord.sub.edit", with(
                    Option.of(OptionType.ATTACHMENT, VIDEO_INPUT, "discord.option.videoToEdit", true),
                    Option.of(OptionType.STRING, INSTRUCTION, "discord.option.editInstruction", true))),
            new Subcommand("extend", "discord.sub.extend", with(
                    Option.of(OptionType.ATTACHMENT, VIDEO_INPUT, "discord.option.videoToContinue", true),
                    Option.of(OptionType.STRING, INSTRUCTION, "discord.option.extendInstruction", true)))));

    static final Command QUOTA_COMMAND =
            new Command(QUOTA, description(QUOTA), false, List.of());

    static final Command HISTORY_COMMAND =
            new Command(HISTORY, description(HISTORY), false, List.of());

    /** {@code /language [choice]}: a shipped language, or auto; without one it shows the current one. */
    static final Command LANGUAGE_COMMAND = new Command(LANGUAGE, description(LANGUAGE), false, List.of(),
            List.of(new Option(OptionType.STRING, CHOICE, "discord.option.language", false,
                    Stream.concat(Languages.SHIPPED.stream().map(Languages::tag), Stream.of("auto")).toList(), null,
                    null)));

    static final Command VIDEOMOD_COMMAND = new Command(VIDEOMOD, description(VIDEOMOD), true, List.of(
            new Subcommand("usage", modDescription("usage"), List.of(
                    Option.of(OptionType.USER, USER, "discord.option.usageUser", false))),
            new Subcommand("limit", modDescription("limit"), List.of(
                    new Option(OptionType.STRING, KIND, "discord.option.limitKind", true,
                            List.of("daily", "monthly", "concurrent", "pool"), null, null),
                    Option.of(OptionType.STRING, VALUE, "discord.option.limitValue",
                            true),
                    Option.of(OptionType.USER, USER, "discord.option.limitUser", false))),
            new Subcommand("rolelimit", "discord.sub.rolelimit", List.of(
                    Option.of(OptionType.ROLE, ROLE, "discord.option.role", true),
                    new Option(OptionType.STRING, KIND, "discord.option.limitKind", true,
                            List.of("daily", "monthly", "concurrent"), null, null),
                    Option.of(OptionType.STRING, VALUE, "discord.option.limitValue",
                            true))),
            new Subcommand("grant", modDescription("grant"), List.of(
                    Option.of(OptionType.USER, USER, "discord.option.grantUser", true),
                    new Option(OptionType.INTEGER, CREDITS, "discord.option.grantCredits", true, List.of(), 1, 1_000_000),
                    Option.of(OptionType.STRING, REASON, "discord.option.grantReason", false))),
            new Subcommand("reset", modDescription("reset"), List.of(
                    Option.of(OptionType.USER, USER, "discord.option.resetUser", true),
                    new Option(OptionType.STRING, WINDOW, "discord.option.resetWindow", false,
                            List.of("today", "month", "all"), null, null),
                    Option.of(OptionType.STRING, REASON, "discord.option.reason", false))),
            new Subcommand("block", modDescription("block"), List.of(
                    Option.of(OptionType.USER, USER, "discord.option.user", true),
                    Option.of(OptionType.STRING, REASON, "discord.option.reason", false),
                    Option.of(OptionType.BOOLEAN, EVERYWHERE, "discord.option.everywhere",
                            false))),
            new Subcommand("unblock", modDescription("unblock"), List.of(
                    Option.of(OptionType.USER, USER, "discord.option.user", true),
                    Option.of(OptionType.STRING, REASON, "discord.option.reason", false),
                    Option.of(OptionType.BOOLEAN, EVERYWHERE, "discord.option.everywhere",
                            false))),
            new Subcommand("budget", "discord.sub.budget",
                    List.of(
                            new Option(OptionType.STRING, SCOPE, "discord.option.budgetScope", false,
                                    List.of("community", "global"), null, null),
                            new Option(OptionType.STRING, WINDOW, "discord.option.budgetWindow", false,
                                    List.of("daily", "monthly"), null, null),
                            Option.of(OptionType.STRING, VALUE, "discord.option.budgetValue", false))),
            new Subcommand("refund", modDescription("refund"), List.of(
                    Option.of(OptionType.STRING, TASK, "discord.option.taskId", true),
                    Option.of(OptionType.STRING, REASON, "discord.option.reason", false))),
            new Subcommand("audit", modDescription("audit"), List.of(
                    new Option(OptionType.INTEGER, COUNT, "discord.option.auditCount", false, List.of(), 1, 50))),
            new Subcommand("top", modDescription("top"), List.of()),
            new Subcommand("stats", "discord.sub.stats", List.of(
                    Option.of(OptionType.STRING, COMMUNITY, "discord.option.statsCommunity", false))),
            new Subcommand("spend", modDescription("spend"), List.of(
                    Option.of(OptionType.STRING, COMMUNITY, "discord.option.statsCommunity", false))),
            new Subcommand("queue", modDescription("queue"), List.of(
                    Option.of(OptionType.STRING, COMMUNITY, "discord.option.queueAll", false),
                    new Option(OptionType.STRING, ACTION, "discord.option.queueAction", false, List.of("resume"),
                            null, null))),
            new Subcommand("settings", modDescription("settings"), List.of()),
            new Subcommand("set", modDescription("set"), List.of(
                    new Option(OptionType.STRING, SETTING, "discord.option.setting", true,
                            Arrays.stream(CommunitySetting.values()).map(CommunitySetting::key).toList(), null, null),
                    Option.of(OptionType.STRING, VALUE, "discord.option.settingValue", true))),
            new Subcommand("channel", modDescription("channel"), List.of(
                    new Option(OptionType.STRING, ACTION, "discord.option.channelAction", true,
                            List.of("allow", "disallow", "all"), null, null),
                    Option.of(OptionType.CHANNEL, CHANNEL, "discord.option.channel", false))),
            new Subcommand("moderator", "discord.sub.moderator", List.of(
                    new Option(OptionType.STRING, ACTION, "discord.option.moderatorAction", true, List.of("add", "remove"), null,
                            null),
                    Option.of(OptionType.ROLE, ROLE, "discord.option.role", true))),
            new Subcommand("words", modDescription("words"), List.of(
                    new Option(OptionType.STRING, ACTION, "discord.option.wordsAction", true,
                            List.of("add", "remove", "list"), null, null),
                    Option.of(OptionType.STRING, VALUE, "discord.option.wordsValue", false))),
            new Subcommand("reports", modDescription("reports"), List.of(
                    Option.of(OptionType.CHANNEL, CHANNEL, "discord.option.reportsChannel", false),
                    new Option(OptionType.STRING, ACTION, "discord.option.reportsOff", false,
                            List.of("off"), null, null)))));

    static final List<Command> ALL = List.of(VIDEO_COMMAND, QUOTA_COMMAND, HISTORY_COMMAND, LANGUAGE_COMMAND,
            VIDEOMOD_COMMAND);

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
        own.add(Option.of(OptionType.STRING, PROMPT, "discord.option.referencePrompt", true));
        for (int i = 1; i <= MAX_REFERENCE_IMAGES; i++) {
            own.add(new Option(OptionType.ATTACHMENT, "image" + i, "discord.option.referenceImage", false, List.of(),
                    null, null, i));
        }
        for (int i = 1; i <= MAX_REFERENCE_VIDEOS; i++) {
            own.add(new Option(OptionType.ATTACHMENT, "video" + i, "discord.option.referenceVideo", false, List.of(),
                    null, null, i));
        }
        for (int i = 1; i <= MAX_REFERENCE_AUDIOS; i++) {
            own.add(new Option(OptionType.ATTACHMENT, "audio" + i, "discord.option.referenceAudio", false, List.of(),
                    null, null, i));
        }
        return with(own.toArray(Option[]::new));
    }

    /** The bundle key of a chat command's description, shared with {@code /help} and Telegram's menu. */
    private static String description(String command) {
        return HelpText.COMMANDS.stream().filter(c -> c.name().equals(command)).findFirst().orElseThrow()
                .descriptionKey();
    }

    private static String modDescription(String subcommand) {
        return ModCommandParser.SUBCOMMANDS.stream().filter(c -> c.name().equals(subcommand)).findFirst()
                .orElseThrow().descriptionKey();
    }

    private static Texts english() {
        return Texts.of(Languages.ENGLISH);
    }
}
