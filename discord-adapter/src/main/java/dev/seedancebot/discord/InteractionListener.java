package dev.seedancebot.discord;

import static dev.seedancebot.discord.SlashCommands.AUDIO;
import static dev.seedancebot.discord.SlashCommands.DURATION;
import static dev.seedancebot.discord.SlashCommands.FIRST_FRAME;
import static dev.seedancebot.discord.SlashCommands.INSTRUCTION;
import static dev.seedancebot.discord.SlashCommands.LAST_FRAME;
import static dev.seedancebot.discord.SlashCommands.PRIVATE;
import static dev.seedancebot.discord.SlashCommands.PROMPT;
import static dev.seedancebot.discord.SlashCommands.RATIO;
import static dev.seedancebot.discord.SlashCommands.RESOLUTION;
import static dev.seedancebot.discord.SlashCommands.VIDEO_INPUT;
import static dev.seedancebot.discord.SlashCommands.WATERMARK;
import static dev.seedancebot.discord.SlashCommands.WEB_SEARCH;

import dev.seedancebot.core.command.ModCommand;
import dev.seedancebot.core.command.ModCommandRunner;
import dev.seedancebot.core.command.QuotaText;
import dev.seedancebot.core.community.CommunitySettings;
import dev.seedancebot.core.community.CommunitySettingsService;
import dev.seedancebot.core.engine.ActionOutcome;
import dev.seedancebot.core.engine.GenerationEngine;
import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.engine.TaskView;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.platform.PlatformException;
import dev.seedancebot.core.quota.PriceTable;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.request.AspectRatio;
import dev.seedancebot.core.request.Intent;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.MediaSource;
import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns interactions into core calls. On JDA's thread it only acknowledges (defer, or open a modal) within Discord's
 * 3 seconds and captures what it needs; downloads, validation and core calls run on the adapter's executor, which is
 * also the one error boundary per interaction.
 */
final class InteractionListener extends ListenerAdapter {
    private static final Logger log = LoggerFactory.getLogger(InteractionListener.class);
    private static final String EXTEND_INPUT = "instruction";

    private final DiscordSettings settings;
    private final GenerationEngine engine;
    private final QuotaService quota;
    private final PriceTable prices;
    private final CommunitySettingsService communities;
    private final ModCommandRunner modRunner;
    private final TaskContexts contexts;
    private final AttachmentDownloader downloader;
    private final ExecutorService work;
    private final ProgressRenderer progress;

    /** Renders a task's progress into its interaction response; implemented by the adapter. */
    interface ProgressRenderer {
        void render(TaskView task);
    }

    InteractionListener(DiscordSettings settings, GenerationEngine engine, QuotaService quota, PriceTable prices,
            CommunitySettingsService communities, ModCommandRunner modRunner, TaskContexts contexts,
            AttachmentDownloader downloader, ExecutorService work, ProgressRenderer progress) {
        this.settings = settings;
        this.engine = engine;
        this.quota = quota;
        this.prices = prices;
        this.communities = communities;
        this.modRunner = modRunner;
        this.contexts = contexts;
        this.downloader = downloader;
        this.work = work;
        this.progress = progress;
    }

    // ---------------------------------------------------------------- JDA thread: acknowledge and hand off

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        Instant received = contexts.now();
        String name = event.getName();
        boolean ephemeral = !name.equals(SlashCommands.VIDEO) || bool(event.getOption(PRIVATE), false);
        event.deferReply(ephemeral).queue(null, e -> log.warn("could not acknowledge /{} {}: {}", name,
                event.getId(), e.toString()));
        InteractionHook hook = event.getHook();
        long limit = attachmentSizeLimit(event);
        switch (name) {
            case SlashCommands.VIDEO -> run(hook, () -> video(event, hook, received, limit, ephemeral));
            case SlashCommands.QUOTA -> run(hook, () -> quota(event, hook));
            case SlashCommands.VIDEOMOD -> run(hook, () -> videomod(event, hook));
            default -> run(hook, () -> reply(hook, "This bot does not know /" + name + " any more."));
        }
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        Optional<ButtonIds.Parsed> parsed = ButtonIds.parse(event.getComponentId());
        if (parsed.isEmpty()) {
            return;
        }
        String taskId = parsed.get().taskId();
        Instant received = contexts.now();
        switch (parsed.get().action()) {
            case EXTEND -> event.replyModal(Modal.create(ButtonIds.of(ButtonIds.Action.EXTEND, taskId),
                            "Extend video " + taskId)
                    .addComponents(Label.of("What happens next", TextInput.create(EXTEND_INPUT, TextInputStyle.PARAGRAPH)
                            .setRequiredRange(1, 1000).build()))
                    .build()).queue(null, e -> log.warn("could not open the extend form for {}: {}", taskId,
                            e.toString()));
            case CANCEL -> {
                event.deferReply(true).queue(null, e -> log.warn("could not acknowledge cancel of {}: {}", taskId,
                        e.toString()));
                InteractionHook hook = event.getHook();
                UserKey actor = user(event.getUser().getId());
                Member member = event.getMember();
                run(hook, () -> {
                    boolean moderator = isModerator(member);
                    ActionOutcome outcome = engine.cancel(taskId, actor, moderator);
                    reply(hook, outcome.message());
                    engine.task(taskId).ifPresent(progress::render);
                });
            }
            case REROLL -> {
                event.deferReply(false).queue(null, e -> log.warn("could not acknowledge re-roll of {}: {}", taskId,
                        e.toString()));
                InteractionHook hook = event.getHook();
                long limit = attachmentSizeLimit(event);
                UserKey actor = user(event.getUser().getId());
                Set<String> roles = roleIds(event.getMember());
                MessageChannel channel = event.getChannel();
                boolean inServer = event.getGuild() != null;
                run(hook, () -> {
                    ChatRef chat = chatOf(channel, communityOf(taskId, event.getGuild()));
                    // the buttons of a private video are in a DM, which no channel list names
                    if (inServer && channelRefused(chat, hook)) {
                        return;
                    }
                    answer(engine.reroll(taskId, actor, chat, roles), hook, received, limit);
                });
            }
        }
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
        Optional<ButtonIds.Parsed> parsed = ButtonIds.parse(event.getModalId());
        if (parsed.isEmpty() || parsed.get().action() != ButtonIds.Action.EXTEND) {
            return;
        }
        String taskId = parsed.get().taskId();
        Instant received = contexts.now();
        event.deferReply(false).queue(null, e -> log.warn("could not acknowledge extend of {}: {}", taskId,
                e.toString()));
        InteractionHook hook = event.getHook();
        long limit = attachmentSizeLimit(event);
        String instruction = event.getValue(EXTEND_INPUT) == null ? "" : event.getValue(EXTEND_INPUT).getAsString();
        UserKey actor = user(event.getUser().getId());
        Set<String> roles = roleIds(event.getMember());
        MessageChannel channel = event.getChannel();
        boolean inServer = event.getGuild() != null;
        run(hook, () -> {
            ChatRef chat = chatOf(channel, communityOf(taskId, event.getGuild()));
            if (inServer && channelRefused(chat, hook)) {
                return;
            }
            answer(engine.followUp(taskId, Intent.EXTEND, instruction, actor, chat, roles), hook, received, limit);
        });
    }

    // ---------------------------------------------------------------- executor: the work

    private void video(SlashCommandInteractionEvent event, InteractionHook hook, Instant received, long limit,
            boolean privateResult) {
        String mode = event.getSubcommandName();
        String community = event.getGuild() == null ? null : event.getGuild().getId();
        if (channelRefused(chatOf(event.getChannel(), community), hook)) {
            return;
        }
        VideoOptions defaults = communities.get(community).defaults(settings.defaults());
        List<MediaInput> media = new ArrayList<>();
        List<Path> downloads = new ArrayList<>();
        try {
            VideoOptions options = options(event, defaults);
            String prompt;
            Intent intent = Intent.GENERATE;
            switch (mode == null ? "" : mode) {
                case "text" -> {
                    prompt = string(event.getOption(PROMPT));
                    options = options.withWebSearch(bool(event.getOption(WEB_SEARCH), defaults.webSearch()));
                }
                case "image" -> {
                    prompt = string(event.getOption(PROMPT));
                    add(media, downloads, event.getOption(FIRST_FRAME), FIRST_FRAME, MediaRole.FIRST_FRAME);
                    add(media, downloads, event.getOption(LAST_FRAME), LAST_FRAME, MediaRole.LAST_FRAME);
                }
                case "reference" -> {
                    prompt = string(event.getOption(PROMPT));
                    for (int i = 1; i <= SlashCommands.MAX_REFERENCE_IMAGES; i++) {
                        add(media, downloads, event.getOption("image" + i), "image" + i, MediaRole.REFERENCE_IMAGE);
                    }
                    for (int i = 1; i <= SlashCommands.MAX_REFERENCE_VIDEOS; i++) {
                        add(media, downloads, event.getOption("video" + i), "video" + i, MediaRole.REFERENCE_VIDEO);
                    }
                    for (int i = 1; i <= SlashCommands.MAX_REFERENCE_AUDIOS; i++) {
                        add(media, downloads, event.getOption("audio" + i), "audio" + i, MediaRole.REFERENCE_AUDIO);
                    }
                }
                case "edit", "extend" -> {
                    prompt = string(event.getOption(INSTRUCTION));
                    intent = mode.equals("edit") ? Intent.EDIT : Intent.EXTEND;
                    add(media, downloads, event.getOption(VIDEO_INPUT), VIDEO_INPUT, MediaRole.REFERENCE_VIDEO);
                }
                default -> {
                    reply(hook, "Choose a mode: /video text, image, reference, edit or extend.");
                    return;
                }
            }
            UserKey requester = user(event.getUser().getId());
            ChatRef chat = privateResult ? ChatRef.of(Platform.DISCORD, community,
                    event.getUser().openPrivateChannel().complete().getId()) : chatOf(event.getChannel(), community);
            VideoRequest request = new VideoRequest(prompt, media, options, intent, requester, chat);
            answer(engine.submit(request, roleIds(event.getMember())), hook, received, limit);
        } catch (AttachmentDownloader.Refused e) {
            reply(hook, e.getMessage() + " Nothing was charged.");
        } catch (IOException e) {
            log.warn("attachment download for interaction {} failed: {}", event.getId(), e.toString());
            reply(hook, "I could not download your attachment from Discord; please try again. Nothing was charged.");
        } finally {
            for (Path p : downloads) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.debug("temporary download {} not deleted: {}", p, e.toString());
                }
            }
        }
    }

    private void add(List<MediaInput> media, List<Path> downloads, OptionMapping option, String name, MediaRole role)
            throws AttachmentDownloader.Refused, IOException {
        if (option == null) {
            return;
        }
        var attachment = option.getAsAttachment();
        Path file = downloader.fetch(attachment, role.kind(), name);
        downloads.add(file);
        media.add(new MediaInput(role, new MediaSource.LocalFile(file), "'" + attachment.getFileName() + "' (" + name
                + ")"));
    }

    /** Shows the outcome of a submit in the interaction's response and remembers accepted tasks' interactions. */
    private void answer(SubmitOutcome outcome, InteractionHook hook, Instant received, long limit) {
        if (outcome instanceof SubmitOutcome.Accepted accepted) {
            String id = accepted.task().id();
            contexts.remember(id, hook, received, limit);
            try {
                progress.render(engine.task(id).orElse(accepted.task()));
            } catch (PlatformException e) {
                // the task runs and its video is posted as a channel message whatever happens to this edit
                log.warn("task {} first progress edit failed: {}", id, e.getMessage());
            }
        } else if (outcome instanceof SubmitOutcome.Invalid invalid) {
            reply(hook, invalid.text());
        } else if (outcome instanceof SubmitOutcome.Denied denied) {
            reply(hook, denied.message());
        }
    }

    private void quota(SlashCommandInteractionEvent event, InteractionHook hook) {
        String community = event.getGuild() == null ? null : event.getGuild().getId();
        var snapshot = quota.snapshot(user(event.getUser().getId()), community, roleIds(event.getMember()));
        reply(hook, QuotaText.render(snapshot, prices, communities.get(community).defaults(settings.defaults()),
                contexts.now()));
    }

    private void videomod(SlashCommandInteractionEvent event, InteractionHook hook) {
        Member member = event.getMember();
        if (!isModerator(member)) {
            log.info("/videomod {} refused for {}: not a moderator", event.getSubcommandName(), event.getUser().getId());
            reply(hook, "Only moderators can use /videomod: members with Manage Server or a moderator role.");
            return;
        }
        if ("moderator".equals(event.getSubcommandName()) && !isAdmin(member)) {
            reply(hook, "Only members with Manage Server (or a role the bot's operator configured) can change who"
                    + " moderates.");
            return;
        }
        ModCommand command;
        try {
            command = ModSlashMapper.map(event.getSubcommandName(), event::getOption);
        } catch (IllegalArgumentException e) {
            reply(hook, "That did not work: " + e.getMessage());
            return;
        }
        OptionMapping target = event.getOption(SlashCommands.USER);
        Set<String> targetRoles = target == null || target.getAsMember() == null ? Set.of()
                : roleIds(target.getAsMember());
        UserKey targetKey = ModSlashMapper.user(target);
        String text = modRunner.run(command, user(event.getUser().getId()), event.getGuild().getId(),
                event.getChannel().getId(), key -> key.equals(targetKey) ? targetRoles : Set.of());
        reply(hook, text);
    }

    // ---------------------------------------------------------------- helpers

    private void run(InteractionHook hook, Runnable job) {
        try {
            work.execute(() -> {
                try {
                    job.run();
                } catch (RuntimeException e) {
                    log.error("interaction {} failed", hook.getInteraction().getId(), e);
                    reply(hook, "Something went wrong on the bot's side; the operator can see why in the log."
                            + " Please try again later.");
                }
            });
        } catch (RejectedExecutionException e) {
            reply(hook, "The bot is shutting down; please try again in a minute. Nothing was charged.");
        }
    }

    static void reply(InteractionHook hook, String text) {
        hook.editOriginal(TaskTexts.limit(text)).setComponents(List.of())
                .queue(null, e -> log.warn("could not answer interaction {}: {}", hook.getInteraction().getId(),
                        e.toString()));
    }

    /**
     * The user's options over the community's defaults; a value Discord should not have let through is refused, not
     * guessed.
     */
    private static VideoOptions options(SlashCommandInteractionEvent event, VideoOptions defaults)
            throws AttachmentDownloader.Refused {
        VideoOptions o = defaults;
        OptionMapping duration = event.getOption(DURATION);
        if (duration != null) {
            o = o.withDuration(duration.getAsInt());
        }
        OptionMapping ratio = event.getOption(RATIO);
        if (ratio != null) {
            o = o.withRatio(AspectRatio.parse(ratio.getAsString()).orElseThrow(() -> new AttachmentDownloader.Refused(
                    "ratio '" + ratio.getAsString() + "' is not one Seedance knows; choose 16:9, 4:3, 1:1, 3:4, 9:16,"
                            + " 21:9 or adaptive.")));
        }
        OptionMapping resolution = event.getOption(RESOLUTION);
        if (resolution != null) {
            o = o.withResolution(Resolution.parse(resolution.getAsString()).orElseThrow(
                    () -> new AttachmentDownloader.Refused("resolution '" + resolution.getAsString()
                            + "' is not one Seedance Mini makes; choose 480p or 720p.")));
        }
        return o.withGenerateAudio(bool(event.getOption(AUDIO), o.generateAudio()))
                .withWatermark(bool(event.getOption(WATERMARK), o.watermark()));
    }

    /** The interaction's {@code attachment_size_limit} (JDA 6.5 does not expose it), else Discord's 10 MiB default. */
    private static long attachmentSizeLimit(GenericEvent event) {
        DataObject raw = event.getRawData();
        if (raw == null || !raw.hasKey("d")) {
            return TaskContexts.DEFAULT_UPLOAD_LIMIT;
        }
        return raw.getObject("d").getLong("attachment_size_limit", TaskContexts.DEFAULT_UPLOAD_LIMIT);
    }

    private String communityOf(String taskId, net.dv8tion.jda.api.entities.Guild guild) {
        if (guild != null) {
            return guild.getId();
        }
        return engine.task(taskId).map(t -> t.chat().communityId()).orElse(null);
    }

    /** A guild channel, or the thread and its parent channel. */
    static ChatRef chatOf(MessageChannel channel, String community) {
        if (channel instanceof ThreadChannel thread) {
            return new ChatRef(Platform.DISCORD, community, thread.getParentChannel().getId(), thread.getId(), null);
        }
        return ChatRef.of(Platform.DISCORD, community, channel.getId());
    }

    /**
     * Answers the interaction and returns {@code true} when the server's moderators limited {@code /video} to other
     * channels; nothing is charged then.
     */
    private boolean channelRefused(ChatRef chat, InteractionHook hook) {
        CommunitySettings community = communities.get(chat.communityId());
        if (community.allowsChannel(Arrays.asList(chat.chatId(), chat.threadId()))) {
            return false;
        }
        reply(hook, "Videos are made in " + community.sortedChannels().stream().map(id -> "<#" + id + ">")
                .collect(Collectors.joining(", ")) + " on this server (a moderator's setting). Nothing was charged.");
        return true;
    }

    /** Manage Server, a moderator role from the configuration, or one the server's moderators added. */
    boolean isModerator(Member member) {
        return member != null && (isAdmin(member)
                || communities.get(member.getGuild().getId()).isModeratorRole(roleIds(member)));
    }

    /** May change who moderates: Manage Server, or a moderator role from the operator's configuration. */
    private boolean isAdmin(Member member) {
        return member != null && (member.hasPermission(Permission.MANAGE_SERVER)
                || member.getRoles().stream().anyMatch(r -> settings.moderatorRoleIds().contains(r.getId())));
    }

    private static Set<String> roleIds(Member member) {
        return member == null ? Set.of() : member.getRoles().stream().map(Role::getId).collect(Collectors.toSet());
    }

    private static UserKey user(String id) {
        return new UserKey(Platform.DISCORD, id);
    }

    private static boolean bool(OptionMapping o, boolean fallback) {
        return o == null ? fallback : o.getAsBoolean();
    }

    private static String string(OptionMapping o) {
        return o == null ? "" : o.getAsString();
    }
}
