package dev.seedancebot.discord;

import static dev.seedancebot.core.i18n.Texts.t;

import static dev.seedancebot.discord.SlashCommands.AUDIO;
import static dev.seedancebot.discord.SlashCommands.DURATION;
import static dev.seedancebot.discord.SlashCommands.FIRST_FRAME;
import static dev.seedancebot.discord.SlashCommands.INSTRUCTION;
import static dev.seedancebot.discord.SlashCommands.LAST_FRAME;
import static dev.seedancebot.discord.SlashCommands.PROMPT;
import static dev.seedancebot.discord.SlashCommands.RATIO;
import static dev.seedancebot.discord.SlashCommands.RESOLUTION;
import static dev.seedancebot.discord.SlashCommands.VIDEO_INPUT;
import static dev.seedancebot.discord.SlashCommands.SPOILER;
import static dev.seedancebot.discord.SlashCommands.WATERMARK;
import static dev.seedancebot.discord.SlashCommands.WEB_SEARCH;

import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.platform.UserTexts;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.policy.Verdict;
import dev.seedancebot.core.ports.in.VideoRequests;
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
import java.util.List;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /video} on the adapter's executor: asks the core whether the actor may ask for a video here at all, and only
 * then reads the options, downloads the attachments and submits. A refused request downloads nothing.
 */
final class VideoIntake {
    private static final Logger log = LoggerFactory.getLogger(VideoIntake.class);

    private final VideoRequests requests;
    private final AttachmentDownloader downloader;
    private final Answers answers;

    VideoIntake(VideoRequests requests, AttachmentDownloader downloader, Answers answers) {
        this.requests = requests;
        this.downloader = downloader;
        this.answers = answers;
    }

    void handle(SlashCommandInteractionEvent event, Actor actor, InteractionHook hook, Instant received,
            long uploadLimit, boolean privateResult) {
        boolean seenByAll = !privateResult;
        // the contract: admit (counted, cheap) before anything is parsed further or downloaded
        if (requests.admit(actor) instanceof Verdict.Refused refused) {
            Answers.refusal(hook, seenByAll, refused);
            return;
        }
        String mode = event.getSubcommandName();
        List<MediaInput> media = new ArrayList<>();
        List<Path> downloads = new ArrayList<>();
        try {
            VideoOptions defaults = requests.defaults(actor.communityId());
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
                    Answers.refuse(hook, seenByAll, t("discord.chooseMode"));
                    return;
                }
            }
            VideoRequest request = new VideoRequest(prompt, media, options, intent, actor.user(),
                    replyTo(event, actor, privateResult));
            answers.outcome(requests.submit(actor, request, null), hook, seenByAll, received, uploadLimit);
        } catch (AttachmentDownloader.Refused e) {
            Answers.refuse(hook, seenByAll, e.getMessage() + " " + UserTexts.nothingCharged());
        } catch (IOException e) {
            log.warn("attachment download for interaction {} failed: {}", event.getId(), e.toString());
            Answers.refuse(hook, seenByAll, t("discord.downloadFailed"));
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

    /** The interaction's channel, or for a private result the requester's DMs (in the community it was asked in). */
    private static ChatRef replyTo(SlashCommandInteractionEvent event, Actor actor, boolean privateResult) {
        if (privateResult) {
            return ChatRef.of(Platform.DISCORD, actor.communityId(),
                    event.getUser().openPrivateChannel().complete().getId());
        }
        return DiscordActors.chatOf(event.getChannel(), actor.communityId());
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
                    t("request.unknownRatio", "ratio", ratio.getAsString()))));
        }
        OptionMapping resolution = event.getOption(RESOLUTION);
        if (resolution != null) {
            o = o.withResolution(Resolution.parse(resolution.getAsString()).orElseThrow(
                    () -> new AttachmentDownloader.Refused(t("request.unknownResolution",
                            "resolution", resolution.getAsString()))));
        }
        return o.withGenerateAudio(bool(event.getOption(AUDIO), o.generateAudio()))
                .withWatermark(bool(event.getOption(WATERMARK), o.watermark()))
                .withSpoiler(bool(event.getOption(SPOILER), false));
    }

    static boolean bool(OptionMapping o, boolean fallback) {
        return o == null ? fallback : o.getAsBoolean();
    }

    static String string(OptionMapping o) {
        return o == null ? "" : o.getAsString();
    }
}
