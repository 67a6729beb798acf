package dev.seedancebot.telegram;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.command.VideoCommandParser;
import dev.seedancebot.core.command.VideoCommandParser.Attachment;
import dev.seedancebot.core.platform.UserTexts;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.policy.Verdict;
import dev.seedancebot.core.ports.in.VideoRequests;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * {@code /video} with its media: from the command's own message, an album, or the message it replies to. The core
 * admits the request before anything is parsed or downloaded, so a refused sender costs no Bot API call and no disk;
 * every download is capped while it streams, whatever size Telegram declared.
 */
final class VideoIntake {
    private static final Logger log = LoggerFactory.getLogger(VideoIntake.class);

    private final TelegramSettings settings;
    private final BotApi api;
    private final Answers answers;
    private final VideoRequests requests;
    private final Path inputDir;
    private final VideoCommandParser parser = new VideoCommandParser();

    VideoIntake(TelegramSettings settings, BotApi api, Answers answers, VideoRequests requests, Path inputDir) {
        this.settings = settings;
        this.api = api;
        this.answers = answers;
        this.requests = requests;
        this.inputDir = inputDir;
    }

    /**
     * @param command the message carrying {@code /video}, answered and used as the request's place
     * @param mediaMessages the messages whose media come with it (the command's own, or an album's items)
     */
    void onVideo(Actor actor, Message command, String args, List<Message> mediaMessages) {
        if (answers.refused(command, requests.admit(actor))) {
            return;
        }
        VideoOptions defaults = requests.defaults(actor.communityId());
        if (parser.parseText(args, defaults) instanceof VideoCommandParser.Problem p) {
            answers.reply(command, p.message());
            return;
        }
        List<MessageMedia> media = mediaOf(mediaMessages, command.getReplyToMessage());
        for (MessageMedia m : media) {
            if (m.declaredBytes() > settings.downloadLimitBytes()) {
                answers.reply(command, t("telegram.input.tooLarge", "input", m.label(),
                        "size", TelegramTexts.megabytes(m.declaredBytes()), "limit", limitText()));
                return;
            }
        }
        Path dir = null;
        try {
            // most commands are text only: a burst of them should not cost a directory each
            dir = media.isEmpty() ? null : Files.createTempDirectory(inputDir, "in-");
            List<Attachment> attachments = new ArrayList<>();
            for (MessageMedia m : media) {
                Path file = dir.resolve("input-" + (attachments.size() + 1));
                if (!download(command, m, file)) {
                    return;
                }
                attachments.add(new Attachment(m.label(), file, m.kind()));
            }
            VideoCommandParser.Result result = parser.parse(args, attachments, defaults, actor.user(),
                    TelegramActors.chatRef(command));
            if (result instanceof VideoCommandParser.Problem p) {
                answers.reply(command, p.message());
                return;
            }
            VideoRequest request = ((VideoCommandParser.Ok) result).request();
            // Telegram re-sends an update whose offset was not confirmed before a stop: the message id makes it once
            String source = "telegram:" + command.getChatId() + ":" + command.getMessageId();
            answers.submit(command, () -> requests.submit(actor, request, source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** Downloads one input; false when the user was told why it could not be fetched (nothing submitted yet). */
    /**
     * The request's media: those of the replied-to message first (it was sent earlier), then the command's own. A
     * voice note answered with "/video" and a photo is how people put a sound to a picture on a phone. The bot's own
     * messages are left out: a reply to a posted video or to a prompt of the bot carries no input.
     */
    private static List<MessageMedia> mediaOf(List<Message> own, Message replied) {
        List<MessageMedia> media = new ArrayList<>();
        if (replied != null && (replied.getFrom() == null || !Boolean.TRUE.equals(replied.getFrom().getIsBot()))) {
            media.addAll(MessageMedia.of(List.of(replied)));
        }
        media.addAll(MessageMedia.of(own));
        return media;
    }

    private boolean download(Message command, MessageMedia m, Path file) {
        try {
            api.download(m.fileId(), file, settings.downloadLimitBytes());
            return true;
        } catch (BotApiException e) {
            if (e.kind() == BotApiException.Kind.TOO_LARGE) {
                answers.reply(command, t("telegram.input.largerThan", "input", m.label(), "limit", limitText()));
                return false;
            }
            // the user must hear back even when Telegram's file service fails
            log.warn("attachment download failed: {}", e.getMessage());
            answers.reply(command, t("telegram.input.fetchFailed"));
            return false;
        }
    }

    private String limitText() {
        return settings.localServer()
                ? t("telegram.limit.seedance", "size", TelegramTexts.megabytes(settings.downloadLimitBytes()))
                : t("telegram.limit.telegram");
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            log.debug("temp inputs not removed: {}", e.getMessage());
        }
    }
}
