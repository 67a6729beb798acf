package dev.seedancebot.telegram;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.core.command.HelpText;
import dev.seedancebot.core.command.ModCommandRunner;
import dev.seedancebot.core.engine.TaskView;
import dev.seedancebot.core.engine.GenerationEngine;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.moderation.ModerationService;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.platform.PlatformException;
import dev.seedancebot.core.platform.PlatformPort;
import dev.seedancebot.core.quota.PriceTable;
import dev.seedancebot.core.quota.QuotaService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * The Telegram side of the bot: long-polls updates, turns {@code /video}, {@code /extend}, {@code /quota},
 * {@code /help}, {@code /videomod} and button presses into core calls, and implements {@link PlatformPort} so the
 * engine can show progress, post results and notify users.
 *
 * <p>Lifecycle: construct, {@link #start()} (checks the token with getMe, publishes the command menu, starts
 * polling), register with the engine's {@code PlatformRouter}, and {@link #close()} on shutdown. The adapter owns its
 * polling executor, its update-handling executor and its album scheduler, and shuts them all down.
 *
 * <p>Threads: updates are handled on the adapter's own executor, never on the SDK's consumer thread;
 * {@link PlatformPort} methods are called on engine threads and may block (rate-limit waits included).
 */
public final class TelegramAdapter implements PlatformPort, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TelegramAdapter.class);
    /** How long getUpdates is held open by Telegram. */
    private static final int POLL_TIMEOUT_SECONDS = 50;

    private final TelegramSettings settings;
    private final OkHttpClient http;
    private final ExecutorService handlers;
    private final ScheduledExecutorService timers;
    private final ScheduledExecutorService polling;
    private final BotApi api;
    private final Outbox outbox;
    private final ProgressMessages progress;
    private final UpdateHandler updates;
    private final Path inputDir;
    private TelegramBotsLongPollingApplication application;

    /**
     * @param http an OkHttp client without auth interceptors (Telegram calls must carry nothing but the bot token);
     *     the adapter derives its clients from it and leaves its lifecycle to the caller
     * @param ticker time source for the admin cache and edit pacing
     * @param workDir where inputs are staged while they are downloaded
     */
    public TelegramAdapter(
            TelegramSettings settings,
            GenerationEngine engine,
            QuotaService quota,
            ModerationService moderation,
            PriceTable prices,
            OkHttpClient http,
            Clock clock,
            Ticker ticker,
            Path workDir) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = http.newBuilder().readTimeout(Duration.ofSeconds(POLL_TIMEOUT_SECONDS + 25)).build();
        this.handlers = Executors.newFixedThreadPool(8, threads("telegram-handler"));
        this.timers = Executors.newSingleThreadScheduledExecutor(threads("telegram-timer"));
        this.polling = Executors.newSingleThreadScheduledExecutor(threads("telegram-poll"));
        try {
            this.inputDir = Files.createDirectories(workDir.resolve("telegram-inputs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OkHttpTelegramClient client = new OkHttpTelegramClient(this.http, settings.token(), settings.apiUrl());
        this.api = new BotApi(client, this.http, settings);
        this.outbox = new Outbox(api);
        this.progress = new ProgressMessages(ticker);
        ChatAdmins admins = new ChatAdmins(api, settings.adminCacheTtl(), ticker);
        this.updates = new UpdateHandler(settings, api, outbox, admins, progress, engine, quota, prices,
                new ModCommandRunner(moderation, engine), clock, handlers, timers, inputDir);
    }

    /** Checks the token, publishes the command menu and starts long polling. */
    public synchronized void start() {
        if (application != null) {
            throw new IllegalStateException("already started");
        }
        User me = api.call(new GetMe());
        updates.botIdentity(me.getId(), me.getUserName());
        List<BotCommand> commands = HelpText.menu(true).stream()
                .map(c -> new BotCommand(c.name(), c.description()))
                .toList();
        api.call(new SetMyCommands(commands));
        application = new TelegramBotsLongPollingApplication(
                com.fasterxml.jackson.databind.ObjectMapper::new, () -> http, () -> polling);
        try {
            application.registerBot(settings.token(), settings::apiUrl,
                    offset -> GetUpdates.builder().offset(offset).timeout(POLL_TIMEOUT_SECONDS)
                            .allowedUpdates(List.of("message", "callback_query")).build(),
                    updates::consume);
        } catch (TelegramApiException e) {
            throw new PlatformException("Telegram polling could not start: " + e.getClass().getSimpleName(), false,
                    e);
        }
        log.info("Telegram bot @{} started ({})", me.getUserName(), settings);
    }

    /** Stops polling and the adapter's threads; waits briefly for updates being handled. */
    @Override
    public synchronized void close() {
        if (application != null) {
            try {
                application.close();
            } catch (Exception e) {
                log.warn("Telegram polling did not stop cleanly: {}", e.getClass().getSimpleName());
            }
        }
        shutdown(polling);
        shutdown(timers);
        shutdown(handlers);
    }

    private static void shutdown(ExecutorService executor) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- PlatformPort

    @Override
    public Platform platform() {
        return Platform.TELEGRAM;
    }

    @Override
    public String showProgress(TaskView task) {
        long chatId = Long.parseLong(task.chat().chatId());
        String text = TelegramTexts.progress(task);
        Integer messageId = task.progressMessageId() != null ? Integer.valueOf(task.progressMessageId())
                : progress.messageOf(chatId, task.id());
        try {
            if (messageId == null) {
                return String.valueOf(postProgress(task, text));
            }
            if (!progress.changed(task.id(), text)) {
                return String.valueOf(messageId);
            }
            if (!paceEdit(chatId, task.state().isTerminal())) {
                return String.valueOf(messageId); // a later change will show the newest state
            }
            try {
                outbox.edit(chatId, messageId, text, TelegramTexts.progressKeyboard(task));
                progress.remember(task.id(), messageId, text);
                return String.valueOf(messageId);
            } catch (BotApiException e) {
                if (e.kind() == BotApiException.Kind.NOT_MODIFIED) {
                    progress.remember(task.id(), messageId, text);
                    return String.valueOf(messageId);
                }
                if (e.kind() == BotApiException.Kind.CANT_EDIT) {
                    return String.valueOf(postProgress(task, text)); // too old or deleted: post a fresh one
                }
                throw e;
            }
        } catch (BotApiException e) {
            throw platformException(e);
        }
    }

    @Override
    public long uploadLimitBytes(TaskView task) {
        return settings.uploadLimitBytes();
    }

    @Override
    public String deliver(TaskView task, Delivery delivery) {
        Outbox.Target to = target(task);
        try {
            Message sent;
            if (delivery instanceof Delivery.Upload upload) {
                try {
                    sent = outbox.video(to, upload.file(), TelegramTexts.caption(task),
                            TelegramTexts.resultKeyboard(task.id()));
                } catch (BotApiException e) {
                    if (e.kind() != BotApiException.Kind.TOO_LARGE || task.resultUrl() == null) {
                        throw e;
                    }
                    // Telegram measured it differently than we did; the provider's link still works (the engine
                    // sets finishedAt before any delivery; the link lives 24 h from then)
                    Delivery.Link link = new Delivery.Link(task.resultUrl(), task.finishedAt().plus(Duration.ofHours(24)),
                            upload.sizeBytes(), settings.uploadLimitBytes());
                    sent = outbox.text(to, TelegramTexts.link(task, link), TelegramTexts.resultKeyboard(task.id()));
                }
            } else {
                Delivery.Link link = (Delivery.Link) delivery;
                sent = outbox.text(to, TelegramTexts.link(task, link), TelegramTexts.resultKeyboard(task.id()));
            }
            return String.valueOf(sent.getMessageId());
        } catch (BotApiException e) {
            throw platformException(e);
        }
    }

    @Override
    public void notify(TaskView task, Notice notice) {
        try {
            outbox.text(target(task), notice.text(), null);
        } catch (BotApiException e) {
            throw platformException(e);
        }
    }

    private int postProgress(TaskView task, String text) {
        Message sent = outbox.text(target(task), text, TelegramTexts.progressKeyboard(task));
        progress.remember(task.id(), sent.getMessageId(), text);
        return sent.getMessageId();
    }

    /**
     * Keeps edits in a chat about a second apart: intermediate progress is skipped inside that window, a final state
     * waits for it.
     */
    private boolean paceEdit(long chatId, boolean mustShow) {
        long waitNanos = progress.waitBeforeEdit(chatId);
        if (waitNanos > 0) {
            if (!mustShow) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(waitNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        progress.edited(chatId);
        return true;
    }

    private static Outbox.Target target(TaskView task) {
        return new Outbox.Target(Long.parseLong(task.chat().chatId()),
                task.chat().threadId() == null ? null : Integer.valueOf(task.chat().threadId()),
                task.chat().replyToMessageId() == null ? null : Integer.valueOf(task.chat().replyToMessageId()));
    }

    private static PlatformException platformException(BotApiException e) {
        boolean permanent = e.kind() == BotApiException.Kind.FORBIDDEN || e.kind() == BotApiException.Kind.TOO_LARGE
                || e.kind() == BotApiException.Kind.OTHER;
        return new PlatformException(e.getMessage(), permanent, e);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
