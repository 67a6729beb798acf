package dev.seedancebot.telegram;

import dev.seedancebot.core.command.HelpText;
import dev.seedancebot.core.command.ModCommand;
import dev.seedancebot.core.command.ModCommandParser;
import dev.seedancebot.core.command.ModCommandRunner;
import dev.seedancebot.core.command.QuotaText;
import dev.seedancebot.core.command.VideoCommandParser;
import dev.seedancebot.core.command.VideoCommandParser.Attachment;
import dev.seedancebot.core.community.CommunitySettings;
import dev.seedancebot.core.engine.ActionOutcome;
import dev.seedancebot.core.engine.GenerationEngine;
import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.PriceTable;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.request.Intent;
import dev.seedancebot.core.request.MediaKind;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Audio;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Document;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.Video;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.photo.PhotoSize;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ForceReplyKeyboard;

/**
 * Turns updates into core calls and answers them: commands, albums, replies and button presses. Runs every update on
 * its own executor, never on the SDK's consumer thread. One error boundary per update ({@link #safely}).
 */
final class UpdateHandler {
    private static final Logger log = LoggerFactory.getLogger(UpdateHandler.class);
    private static final int WEBHOOK_WAIT_SECONDS = 60;
    /** The answer to /video, /extend and their buttons in a topic the group's moderators did not allow. */
    static final String OTHER_TOPIC = "Videos are made in other topics of this group (a moderator's setting)."
            + " Nothing was charged.";

    private final TelegramSettings settings;
    private final BotApi api;
    private final Outbox outbox;
    private final ChatAdmins admins;
    private final ProgressMessages progress;
    private final GenerationEngine engine;
    private final QuotaService quota;
    private final PriceTable prices;
    private final ModCommandRunner modRunner;
    private final Clock clock;
    private final ExecutorService executor;
    private final Path inputDir;
    private final AlbumCollector albums;
    private final VideoCommandParser videoParser = new VideoCommandParser();
    private final ModCommandParser modParser = new ModCommandParser();
    /** Users seen, by lower-case username, so moderators can name them as @username. */
    private final Map<String, Long> usernames = new ConcurrentHashMap<>();
    private volatile String botUsername = "";
    private volatile long botId;

    UpdateHandler(
            TelegramSettings settings,
            BotApi api,
            Outbox outbox,
            ChatAdmins admins,
            ProgressMessages progress,
            GenerationEngine engine,
            QuotaService quota,
            PriceTable prices,
            ModCommandRunner modRunner,
            Clock clock,
            ExecutorService executor,
            ScheduledExecutorService scheduler,
            Path inputDir) {
        this.settings = settings;
        this.api = api;
        this.outbox = outbox;
        this.admins = admins;
        this.progress = progress;
        this.engine = engine;
        this.quota = quota;
        this.prices = prices;
        this.modRunner = modRunner;
        this.clock = clock;
        this.executor = executor;
        this.inputDir = inputDir;
        this.albums = new AlbumCollector(settings.albumDebounce(), scheduler,
                items -> submitSafely(new ArrayList<>(), () -> onAlbum(items)));
    }

    void botIdentity(long id, String username) {
        this.botId = id;
        this.botUsername = username == null ? "" : username;
    }

    /**
     * Hands the updates over to the handler executor and returns once they are handled, however long that takes:
     * the poll offset moves past a batch only after this returns, so a process killed meanwhile gets the batch again
     * (the engine's source keys keep a re-sent /video from being charged twice; album items still wait for their
     * debounce and are not covered). Called on a {@link PollWindow} runner; the poll thread goes on meanwhile.
     */
    void consumeFully(List<Update> updates) {
        dispatch(updates).join();
    }

    /**
     * Like {@link #consumeFully}, but waits at most {@value #WEBHOOK_WAIT_SECONDS} s: the webhook server's thread
     * answers Telegram afterwards, and Telegram re-sends an update whose webhook call is not answered in time.
     */
    void consume(List<Update> updates) {
        try {
            dispatch(updates).get(WEBHOOK_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("a batch of {} updates was not fully handled in {} s: {}", updates.size(), WEBHOOK_WAIT_SECONDS,
                    e.getClass().getSimpleName());
        }
    }

    private CompletableFuture<Void> dispatch(List<Update> updates) {
        List<CompletableFuture<Void>> handling = new ArrayList<>();
        for (Update update : updates) {
            if (update.hasMessage() && update.getMessage().getMediaGroupId() != null) {
                remember(update.getMessage());
                albums.add(update.getMessage());
            } else if (update.hasMessage()) {
                submitSafely(handling, () -> onMessage(update.getMessage()));
            } else if (update.hasCallbackQuery()) {
                submitSafely(handling, () -> onButton(update.getCallbackQuery()));
            }
        }
        return CompletableFuture.allOf(handling.toArray(CompletableFuture[]::new));
    }

    private void submitSafely(List<CompletableFuture<Void>> handling, Runnable work) {
        try {
            handling.add(CompletableFuture.runAsync(() -> safely(work), executor));
        } catch (RejectedExecutionException e) {
            log.debug("update dropped: the adapter is shutting down");
        }
    }

    /** The error boundary: expected failures were answered already; anything else is logged. */
    private static void safely(Runnable work) {
        try {
            work.run();
        } catch (BotApiException e) {
            log.warn("Telegram call failed while handling an update: {} ({})", e.getMessage(), e.kind());
        } catch (RuntimeException e) {
            log.error("handling a Telegram update failed", e);
        }
    }

    // ---------------------------------------------------------------- messages

    private void onMessage(Message message) {
        remember(message);
        String text = message.hasText() ? message.getText() : message.getCaption();
        Optional<Command> command = Command.parse(text, botUsername);
        if (command.isEmpty()) {
            onPlainMessage(message);
            return;
        }
        Command c = command.get();
        switch (c.name()) {
            case "video" -> onVideo(message, c.args(), List.of(message));
            case "extend" -> onExtendCommand(message, c.args());
            case "quota" -> reply(message, quotaText(message));
            case "help", "start" -> reply(message, HelpText.render(isModerator(message.getChatId(), userId(message))));
            case "videomod" -> onModCommand(message, c.args());
            default -> { } // another bot's command, in a group
        }
    }

    private void onAlbum(List<Message> items) {
        List<Message> sorted = items.stream().sorted(Comparator.comparing(Message::getMessageId)).toList();
        Optional<Message> commandItem = sorted.stream()
                .filter(m -> Command.parse(m.getCaption(), botUsername).map(c -> c.name().equals("video"))
                        .orElse(false))
                .findFirst();
        if (commandItem.isEmpty()) {
            return; // an album for people, not for the bot
        }
        Command c = Command.parse(commandItem.get().getCaption(), botUsername).orElseThrow();
        onVideo(commandItem.get(), c.args(), sorted);
    }

    /** A reply to the bot's extend prompt is the instruction; other plain messages get a hint in private chats. */
    private void onPlainMessage(Message message) {
        Message replied = message.getReplyToMessage();
        if (replied != null && replied.getFrom() != null && replied.getFrom().getId() == botId && message.hasText()) {
            Optional<String> taskId = TelegramTexts.extendTaskOf(replied.getText());
            if (taskId.isPresent()) {
                followUp(message, taskId.get(), message.getText());
                return;
            }
        }
        if (message.getChat().isUserChat() && message.hasText()) {
            reply(message, "Send /video followed by what the video should show, or /help for everything else.");
        }
    }

    private void onVideo(Message commandMessage, String args, List<Message> mediaMessages) {
        if (!videosAllowedIn(commandMessage)) {
            reply(commandMessage, OTHER_TOPIC);
            return;
        }
        VideoOptions defaults = videoDefaults(commandMessage.getChatId());
        var parsed = videoParser.parseText(args, defaults);
        if (parsed instanceof VideoCommandParser.Problem p) {
            reply(commandMessage, p.message());
            return;
        }
        List<Message> sources = new ArrayList<>(mediaMessages);
        Message replied = commandMessage.getReplyToMessage();
        if (mediaOf(sources).isEmpty() && replied != null) {
            sources = List.of(replied); // "/video …" as a reply to a message with media
        }
        List<Media> media = mediaOf(sources);
        for (Media m : media) {
            if (m.declaredBytes() > settings.downloadLimitBytes()) {
                reply(commandMessage, m.label() + " is " + TelegramTexts.megabytes(m.declaredBytes())
                        + "; Telegram lets bots download files up to 20 MB. Please send a smaller or shorter file."
                        + " Nothing was charged.");
                return;
            }
        }
        Path dir = null;
        try {
            // most commands are text only: a burst of them should not cost a directory each
            dir = media.isEmpty() ? null : Files.createTempDirectory(inputDir, "in-");
            List<Attachment> attachments = new ArrayList<>();
            int n = 0;
            for (Media m : media) {
                Path file = dir.resolve("input-" + (++n));
                api.download(m.fileId(), file);
                attachments.add(new Attachment(m.label(), file, m.kind()));
            }
            ChatRef chat = chatRef(commandMessage);
            UserKey user = userKey(commandMessage.getFrom());
            Set<String> roles = roles(commandMessage.getChatId(), commandMessage.getFrom().getId());
            VideoCommandParser.Result result = videoParser.parse(args, attachments, defaults, user, chat);
            if (result instanceof VideoCommandParser.Problem p) {
                reply(commandMessage, p.message());
                return;
            }
            VideoRequest request = ((VideoCommandParser.Ok) result).request();
            // Telegram re-sends an update whose offset was not confirmed before a stop: the message id makes it once
            String source = "telegram:" + commandMessage.getChatId() + ":" + commandMessage.getMessageId();
            submit(commandMessage, () -> engine.submitOnce(request, roles, source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (BotApiException e) {
            if (e.kind() == BotApiException.Kind.TOO_LARGE) {
                reply(commandMessage, "Telegram would not hand over an attached file because it is too large (bots"
                        + " may download up to 20 MB). Nothing was charged.");
                return;
            }
            // the user must hear back even when Telegram's file service fails; nothing was submitted yet
            log.warn("attachment download failed: {}", e.getMessage());
            reply(commandMessage, "I could not fetch your file from Telegram; please try again in a moment."
                    + " Nothing was charged.");
        } finally {
            deleteQuietly(dir);
        }
    }

    /** Submits under the chat's progress lock, then posts the acknowledgement, which becomes the progress message. */
    private void submit(Message answerTo, Supplier<SubmitOutcome> submission) {
        long chatId = answerTo.getChatId();
        progress.whileSubmitting(chatId, () -> {
            SubmitOutcome outcome = submission.get();
            if (outcome instanceof SubmitOutcome.Accepted a) {
                String text = TelegramTexts.accepted(a.task(), a.remainingToday());
                Message ack = outbox.text(target(answerTo), text, TelegramTexts.progressKeyboard(a.task()));
                progress.remember(a.task().id(), ack.getMessageId(), text);
            } else if (outcome instanceof SubmitOutcome.Invalid invalid) {
                reply(answerTo, invalid.text());
            } else if (outcome instanceof SubmitOutcome.Denied denied) {
                reply(answerTo, denied.message());
            } // Repeated: this message was answered before the restart that re-sent it
            return outcome;
        });
    }

    private void onExtendCommand(Message message, String args) {
        String[] parts = args.strip().split("\\s+", 2);
        if (parts.length < 2 || parts[0].isEmpty()) {
            reply(message, "Write /extend <video id> <how it should continue>, e.g. /extend t7k2m9q the camera"
                    + " rises above the clouds");
            return;
        }
        followUp(message, parts[0], parts[1]);
    }

    private void followUp(Message message, String taskId, String instruction) {
        if (!videosAllowedIn(message)) {
            reply(message, OTHER_TOPIC);
            return;
        }
        Set<String> roles = roles(message.getChatId(), message.getFrom().getId());
        submit(message, () -> engine.followUp(taskId, Intent.EXTEND, instruction, userKey(message.getFrom()),
                chatRef(message), roles));
    }

    private String quotaText(Message message) {
        long chatId = message.getChatId();
        var snapshot = quota.snapshot(userKey(message.getFrom()), communityOf(chatId),
                roles(chatId, message.getFrom().getId()));
        return QuotaText.render(snapshot, prices, videoDefaults(chatId), clock.instant());
    }

    private void onModCommand(Message message, String args) {
        long chatId = message.getChatId();
        if (!isModerator(chatId, userId(message))) {
            reply(message, "Only group admins and the bot's operators (and the moderators they appoint) can use"
                    + " /videomod.");
            return;
        }
        Message replied = message.getReplyToMessage();
        UserKey replyTarget = replied != null && replied.getFrom() != null && replied.getFrom().getId() != botId
                ? userKey(replied.getFrom()) : null;
        var parsed = modParser.parse(args, replyTarget, this::resolveUser);
        if (parsed instanceof ModCommandParser.Problem p) {
            reply(message, p.message());
            return;
        }
        ModCommand command = ((ModCommandParser.Ok) parsed).command();
        if (command instanceof ModCommand.Moderator && !isAdminOrOperator(chatId, userId(message))) {
            reply(message, "Only group admins and the bot's operators can add or remove moderators; as a moderator"
                    + " you can use the other /videomod actions.");
            return;
        }
        String here = communityOf(chatId) == null ? null : placeOf(message);
        String answer = modRunner.run(command, userKey(message.getFrom()), communityOf(chatId), here,
                u -> roles(chatId, Long.parseLong(u.userId())), dev.seedancebot.core.ports.in.PlaceNames.NEUTRAL);
        reply(message, answer);
    }

    private Optional<UserKey> resolveUser(String token) {
        if (token.matches("\\d{1,19}")) {
            return Optional.of(new UserKey(Platform.TELEGRAM, token));
        }
        if (token.startsWith("@")) {
            Long id = usernames.get(token.substring(1).toLowerCase(Locale.ROOT));
            return Optional.ofNullable(id).map(i -> new UserKey(Platform.TELEGRAM, String.valueOf(i)));
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- buttons

    private void onButton(CallbackQuery query) {
        String data = query.getData() == null ? "" : query.getData();
        MaybeInaccessibleMessage under = query.getMessage();
        User from = query.getFrom();
        usernames(from);
        if (under == null || !(under instanceof Message message)) {
            answer(query, "This button is too old; send the command again.", true);
            return;
        }
        long chatId = message.getChatId();
        if (data.startsWith(TelegramTexts.CANCEL)) {
            String taskId = data.substring(TelegramTexts.CANCEL.length());
            ActionOutcome outcome = engine.cancel(taskId, userKey(from), isModerator(chatId, from.getId()));
            answer(query, outcome.message(), !outcome.done());
        } else if (data.startsWith(TelegramTexts.REROLL)) {
            String taskId = data.substring(TelegramTexts.REROLL.length());
            if (!videosAllowedIn(message)) {
                answer(query, OTHER_TOPIC, true);
                return;
            }
            answer(query, "Re-rolling " + taskId + "…", false);
            ChatRef chat = new ChatRef(Platform.TELEGRAM, communityOf(chatId), String.valueOf(chatId),
                    threadOf(message), String.valueOf(message.getMessageId()));
            Set<String> roles = roles(chatId, from.getId());
            submit(message, () -> engine.reroll(taskId, userKey(from), chat, roles));
        } else if (data.startsWith(TelegramTexts.EXTEND)) {
            String taskId = data.substring(TelegramTexts.EXTEND.length());
            if (!videosAllowedIn(message)) {
                answer(query, OTHER_TOPIC, true);
                return;
            }
            answer(query, null, false);
            outbox.text(target(message), TelegramTexts.extendPrompt(taskId),
                    ForceReplyKeyboard.builder().forceReply(true).selective(true)
                            .inputFieldPlaceholder("How should the video continue?").build());
        } else {
            answer(query, null, false);
        }
    }

    private void answer(CallbackQuery query, String text, boolean alert) {
        api.call(AnswerCallbackQuery.builder().callbackQueryId(query.getId()).text(text).showAlert(alert).build());
    }

    // ---------------------------------------------------------------- helpers

    /** One downloadable input of a message. */
    private record Media(String fileId, long declaredBytes, String label, MediaKind kind) {}

    private static List<Media> mediaOf(List<Message> messages) {
        List<Media> media = new ArrayList<>();
        int photos = 0;
        for (Message m : messages) {
            if (m.hasPhoto()) {
                PhotoSize largest = m.getPhoto().stream()
                        .max(Comparator.comparingInt(p -> p.getWidth() * p.getHeight())).orElseThrow();
                media.add(new Media(largest.getFileId(), size(largest.getFileSize()), "photo " + (++photos),
                        MediaKind.IMAGE));
            }
            Video v = m.getVideo();
            if (v != null) {
                media.add(new Media(v.getFileId(), size(v.getFileSize()), nameOr(v.getFileName(), "video"),
                        MediaKind.VIDEO));
            }
            Audio a = m.getAudio();
            if (a != null) {
                media.add(new Media(a.getFileId(), size(a.getFileSize()), nameOr(a.getFileName(), "audio"),
                        MediaKind.AUDIO));
            }
            Document d = m.getDocument();
            if (d != null) {
                media.add(new Media(d.getFileId(), size(d.getFileSize()), nameOr(d.getFileName(), "document"),
                        kindOf(d.getMimeType(), d.getFileName())));
            }
        }
        return media;
    }

    /** The kind of a file sent as a document, from its MIME type or else its extension; {@code null} if neither. */
    private static MediaKind kindOf(String mimeType, String fileName) {
        String mime = mimeType == null ? "" : mimeType.toLowerCase(Locale.ROOT);
        if (mime.startsWith("image/")) {
            return MediaKind.IMAGE;
        }
        if (mime.startsWith("video/")) {
            return MediaKind.VIDEO;
        }
        if (mime.startsWith("audio/")) {
            return MediaKind.AUDIO;
        }
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (name.matches(".*\\.(jpe?g|png|webp|gif|bmp)$")) {
            return MediaKind.IMAGE;
        }
        if (name.matches(".*\\.(mp4|mov|m4v|webm)$")) {
            return MediaKind.VIDEO;
        }
        if (name.matches(".*\\.(mp3|wav|m4a|aac|ogg)$")) {
            return MediaKind.AUDIO;
        }
        return null;
    }

    private static long size(Number bytes) {
        return bytes == null ? 0 : bytes.longValue();
    }

    private static String nameOr(String name, String fallback) {
        return name == null || name.isBlank() ? fallback : name;
    }

    private void reply(Message to, String text) {
        outbox.text(target(to), text, null);
    }

    static Outbox.Target target(Message m) {
        Integer thread = threadOf(m) == null ? null : Integer.valueOf(threadOf(m));
        return new Outbox.Target(m.getChatId(), thread, m.getMessageId());
    }

    /**
     * The forum topic of a message. Only topic messages have one: a message in General carries no topic, and a reply
     * in General carries the replied message's id, which is no topic.
     */
    private static String threadOf(Message m) {
        Integer thread = m.getMessageThreadId();
        if (thread == null || !Boolean.TRUE.equals(m.getIsTopicMessage()) || thread == 1) {
            return null;
        }
        return String.valueOf(thread);
    }

    private static ChatRef chatRef(Message m) {
        long chatId = m.getChatId();
        return new ChatRef(Platform.TELEGRAM, communityOf(chatId), String.valueOf(chatId), threadOf(m),
                String.valueOf(m.getMessageId()));
    }

    /** Groups are communities; private chats are not. */
    private static String communityOf(long chatId) {
        return chatId < 0 ? String.valueOf(chatId) : null;
    }

    private Set<String> roles(long chatId, long userId) {
        return admins.isAdmin(chatId, userId) ? Set.of(TelegramAdapter.ADMIN_ROLE) : Set.of();
    }

    /** Operators, the group's admins, and the users its admins made moderators ({@code /videomod moderator}). */
    private boolean isModerator(long chatId, long userId) {
        return isAdminOrOperator(chatId, userId) || modRunner.communities().get(communityOf(chatId))
                .isModeratorRole(Set.of(String.valueOf(userId)));
    }

    /** Who may appoint moderators: the bot's operators and the group's admins. */
    private boolean isAdminOrOperator(long chatId, long userId) {
        return settings.operatorIds().contains(userId) || admins.isAdmin(chatId, userId);
    }

    /** The options a {@code /video} here gets for what it leaves out: the configuration, as the group changed it. */
    private VideoOptions videoDefaults(long chatId) {
        return modRunner.communities().get(communityOf(chatId)).defaults(settings.videoDefaults());
    }

    /**
     * Whether videos may be made where {@code m} was sent: everywhere in private chats, and in a group wherever its
     * moderators allowed it ({@code /videomod channel}; no topic listed = every topic).
     */
    private boolean videosAllowedIn(Message m) {
        String community = communityOf(m.getChatId());
        return community == null || modRunner.communities().get(community).allowsChannel(List.of(placeOf(m)));
    }

    /** A group message's place for the channel settings: its forum topic, else General (also groups without topics). */
    private static String placeOf(Message m) {
        String thread = threadOf(m);
        return thread == null ? CommunitySettings.TELEGRAM_GENERAL : thread;
    }

    private static long userId(Message m) {
        return m.getFrom().getId();
    }

    private static UserKey userKey(User user) {
        return new UserKey(Platform.TELEGRAM, String.valueOf(user.getId()));
    }

    private void remember(Message m) {
        usernames(m.getFrom());
        if (m.getReplyToMessage() != null) {
            usernames(m.getReplyToMessage().getFrom());
        }
    }

    private void usernames(User user) {
        if (user != null && user.getUserName() != null) {
            usernames.put(user.getUserName().toLowerCase(Locale.ROOT), user.getId());
        }
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

    /** A bot command: {@code /name@Bot args}. */
    record Command(String name, String args) {
        /** Empty when {@code text} is no command, or a command addressed to another bot. */
        static Optional<Command> parse(String text, String botUsername) {
            if (text == null || !text.startsWith("/")) {
                return Optional.empty();
            }
            String[] parts = text.split("\\s+", 2);
            String head = parts[0].substring(1);
            int at = head.indexOf('@');
            if (at >= 0) {
                if (!head.substring(at + 1).equalsIgnoreCase(botUsername)) {
                    return Optional.empty();
                }
                head = head.substring(0, at);
            }
            return Optional.of(new Command(head.toLowerCase(Locale.ROOT), parts.length > 1 ? parts[1] : ""));
        }
    }
}
