package dev.seedancebot.telegram;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.i18n.Texts;

import dev.seedancebot.core.command.HelpText;
import dev.seedancebot.core.platform.UserTexts;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.ports.in.ChatPorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Turns updates into core calls: routes commands, albums and button presses to {@link VideoIntake},
 * {@link TaskCommands} and {@link ModerationCommands}, each with the {@link Actor} Telegram's facts describe. Runs
 * every update on the bounded handler executor, never on the SDK's consumer thread; when that is full the update is
 * answered "busy" (on a small executor of its own) and not read further. One error boundary per update
 * ({@link #safely}). Channel posts, automatic forwards from a linked channel and other update kinds are ignored.
 */
final class UpdateHandler {
    private static final Logger log = LoggerFactory.getLogger(UpdateHandler.class);
    private static final int WEBHOOK_WAIT_SECONDS = 60;

    private final Answers answers;
    private final BotApi api;
    private final TelegramActors actors;
    private final ChatPorts ports;
    private final ExecutorService executor;
    private final ExecutorService busy;
    private final AlbumCollector albums;
    private final VideoIntake videos;
    private final TaskCommands taskCommands;
    private final HistoryCommands history;
    private final ModerationCommands moderation;
    private volatile String botUsername = "";

    /**
     * @param executor runs the updates; bounded, it rejects work when its queue is full
     * @param busy answers the updates {@code executor} rejected; bounded too, beyond it they are dropped silently
     */
    UpdateHandler(TelegramSettings settings, BotApi api, Outbox outbox, ChatAdmins admins, ProgressMessages progress,
            ChatPorts ports, ExecutorService executor, ExecutorService busy, ScheduledExecutorService scheduler,
            Path inputDir) {
        this.api = api;
        this.ports = ports;
        this.executor = executor;
        this.busy = busy;
        this.answers = new Answers(outbox, progress);
        this.actors = new TelegramActors(admins);
        this.videos = new VideoIntake(settings, api, answers, ports.requests(), inputDir);
        this.history = new HistoryCommands(api, outbox, answers, ports.history());
        this.taskCommands = new TaskCommands(api, outbox, answers, actors, ports.tasks(), ports.requests(), history,
                new ContentButtons(api, outbox, ports.content()), ports.languages());
        this.moderation = new ModerationCommands(ports.moderation(), ports.stats(), outbox, admins);
        this.albums = new AlbumCollector(settings.albumDebounce(), scheduler,
                items -> handle(new ArrayList<>(), () -> onAlbum(items), commandItem(items)),
                item -> isVideoCommand(item.getCaption()),
                item -> {
                    try (Texts.Scope language = platformLanguage(item)) {
                        answers.reply(item, t("telegram.tooManyAlbums", "max", AlbumCollector.MAX_PENDING_PER_CHAT));
                    }
                });
    }

    void botIdentity(long id, String username) {
        this.botUsername = username == null ? "" : username;
        taskCommands.botIdentity(id);
        moderation.botIdentity(id);
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
            if (update.hasMessage() && !TelegramActors.ignored(update.getMessage())) {
                Message message = update.getMessage();
                moderation.remember(message);
                if (message.getMediaGroupId() != null) {
                    albums.add(message);
                } else {
                    handle(handling, () -> onMessage(message), () -> {
                        try (Texts.Scope language = platformLanguage(message)) {
                            answers.reply(message, UserTexts.busy());
                        }
                    });
                }
            } else if (update.hasCallbackQuery()) {
                CallbackQuery query = update.getCallbackQuery();
                moderation.remember(query.getFrom());
                handle(handling, () -> taskCommands.onButton(query), () -> {
                    try (Texts.Scope language = Texts.use(Languages.match(query.getFrom().getLanguageCode())
                            .orElse(Languages.ENGLISH))) {
                        api.call(AnswerCallbackQuery.builder().callbackQueryId(query.getId()).text(UserTexts.busy())
                                .showAlert(true).build());
                    }
                });
            }
        }
        return CompletableFuture.allOf(handling.toArray(CompletableFuture[]::new));
    }

    /** Runs {@code work} on the handler executor; when its queue is full, {@code answerBusy} on the busy one. */
    private void handle(List<CompletableFuture<Void>> handling, Runnable work, Runnable answerBusy) {
        if (executor.isShutdown()) {
            log.debug("update dropped: the adapter is shutting down");
            return;
        }
        try {
            handling.add(CompletableFuture.runAsync(() -> safely(work), executor));
        } catch (RejectedExecutionException full) {
            try {
                busy.execute(() -> safely(answerBusy));
            } catch (RejectedExecutionException alsoFull) {
                log.debug("update dropped unanswered: the handlers and the busy answers are all queued up");
            }
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
        Optional<Command> command = Command.parse(message.hasText() ? message.getText() : message.getCaption(),
                botUsername);
        Optional<String> extending = command.isEmpty() ? taskCommands.promptAnswered(message) : Optional.empty();
        boolean privateChatter = command.isEmpty() && extending.isEmpty()
                && Boolean.TRUE.equals(message.getChat().isUserChat()) && message.hasText();
        if (command.isEmpty() && extending.isEmpty() && !privateChatter) {
            return; // group chatter is none of the bot's business
        }
        Optional<Actor> sender = actors.of(message);
        if (sender.isEmpty()) {
            return;
        }
        Actor actor = sender.get();
        try (Texts.Scope language = Texts.use(ports.languages().localeOf(actor))) {
            onMessage(message, actor, command, extending, privateChatter);
        }
    }

    private void onMessage(Message message, Actor actor, Optional<Command> command, Optional<String> extending,
            boolean privateChatter) {
        if (privateChatter) {
            if (!answers.refused(message, ports.requests().count(actor))) {
                answers.reply(message, t("telegram.privateChatter"));
            }
            return;
        }
        if (extending.isPresent()) {
            taskCommands.onPromptAnswer(actor, message, extending.get());
            return;
        }
        Command c = command.get();
        switch (c.name()) {
            case "video" -> videos.onVideo(actor, message, c.args(), List.of(message));
            case "extend" -> taskCommands.onExtendCommand(actor, message, c.args());
            case "quota" -> answers.reply(message, ports.quota().quota(actor));
            case "history" -> history.onCommand(actor, message);
            case "language" -> answers.reply(message, ports.languages().choose(actor, c.args()));
            case "help", "start" -> {
                if (!answers.refused(message, ports.requests().count(actor))) {
                    answers.reply(message, HelpText.render(ports.moderation().isModerator(actor)));
                }
            }
            case "videomod" -> moderation.onCommand(actor, message, c.args(), answers);
            default -> { } // another bot's command, in a group
        }
    }

    /** The album's item that carries {@code /video}, if any: the one answered. */
    private Runnable commandItem(List<Message> items) {
        return () -> items.stream().filter(m -> isVideoCommand(m.getCaption())).findFirst()
                .ifPresent(m -> {
                    try (Texts.Scope language = platformLanguage(m)) {
                        answers.reply(m, UserTexts.busy());
                    }
                });
    }

    private void onAlbum(List<Message> items) {
        List<Message> sorted = items.stream().sorted(Comparator.comparing(Message::getMessageId)).toList();
        Optional<Message> commandItem = sorted.stream().filter(m -> isVideoCommand(m.getCaption())).findFirst();
        if (commandItem.isEmpty()) {
            return; // an album for people, not for the bot
        }
        Message command = commandItem.get();
        actors.of(command).ifPresent(actor -> {
            try (Texts.Scope language = Texts.use(ports.languages().localeOf(actor))) {
                videos.onVideo(actor, command, Command.parse(command.getCaption(), botUsername).orElseThrow().args(),
                        sorted);
            }
        });
    }

    private boolean isVideoCommand(String text) {
        return Command.parse(text, botUsername).map(c -> c.name().equals("video")).orElse(false);
    }

    /** The sender's Telegram language, for answers given without reading the database (the bot is busy). */
    private static Texts.Scope platformLanguage(Message message) {
        return Texts.use(Languages.match(message.getFrom() == null ? null : message.getFrom().getLanguageCode())
                .orElse(Languages.ENGLISH));
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
