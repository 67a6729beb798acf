package dev.seedancebot.telegram;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.core.cluster.LeaderLock;
import dev.seedancebot.core.command.HelpText;
import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.platform.PlatformException;
import dev.seedancebot.core.platform.PlatformPort;
import dev.seedancebot.core.ports.in.ChatPorts;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
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
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * The Telegram side of the bot: receives updates, turns {@code /video}, {@code /extend}, {@code /quota},
 * {@code /help}, {@code /videomod} and button presses into core calls, and implements {@link PlatformPort} so the
 * engine can show progress, post results and notify users.
 *
 * <p>Receiving ({@link TelegramSettings.Receiver}): Telegram serves {@code getUpdates} to one consumer per token. In
 * {@code polling} mode this instance polls; in {@code elected-polling} mode only the holder of the receiver
 * {@link LeaderLock} polls, every instance retries the lock on a timer, and the holder stops polling as soon as it
 * finds the lock lost, so a dead holder is replaced within about one election interval; in {@code webhook} mode every
 * instance serves Telegram's webhook calls behind a load balancer. Sending works the same in every mode, so any
 * instance can deliver the tasks it runs.
 *
 * <p>Lifecycle: construct, {@link #start()} (checks the token with getMe, publishes the command menu, starts
 * receiving), register with the engine's {@code PlatformRouter}, and {@link #close()} on shutdown. The adapter owns its
 * executors, its webhook server and the receiver lock, and closes them all.
 *
 * <p>Threads: updates are handled on the adapter's own executor, never on the SDK's consumer thread;
 * {@link PlatformPort} methods are called on engine threads and may block (rate-limit waits included).
 */
public final class TelegramAdapter implements PlatformPort, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TelegramAdapter.class);
    /** How long getUpdates is held open by Telegram. */
    private static final int POLL_TIMEOUT_SECONDS = 50;
    /** Batches of polled updates handled at once (see {@link PollWindow}). */
    private static final int BATCHES_IN_FLIGHT = 4;
    /** How long the poll thread waits for the oldest batch before it polls on (leaving that batch unconfirmed). */
    private static final Duration BATCH_WAIT = Duration.ofSeconds(90);
    private static final List<String> ALLOWED_UPDATES = List.of("message", "callback_query");

    private final TelegramSettings settings;
    private final OkHttpClient http;
    private final ExecutorService handlers;
    /** Sends "busy" answers for the updates {@link #handlers} had no room for. */
    private final ExecutorService busyAnswers;
    /** Runs polled batches (each waits for its updates' handlers), so that polling goes on meanwhile. */
    private final ExecutorService batches;
    private final ScheduledExecutorService timers;
    private final ScheduledExecutorService polling;
    private final BotApi api;
    private final Outbox outbox;
    private final ProgressMessages progress;
    private final ResultDelivery results;
    private final UpdateHandler updates;
    private final PollWindow window;
    private final Path inputDir;
    private final LeaderLock receiverLock;
    /** Runs the election rounds in elected-polling mode; null in the other modes. */
    private final ScheduledExecutorService election;
    private boolean started;
    private boolean closed;
    /** Non-null while this instance polls. */
    private TelegramBotsLongPollingApplication application;
    private WebhookServer webhook;

    /**
     * @param ports what the adapter asks of the core; the core decides, the adapter describes and answers
     * @param http an OkHttp client without auth interceptors (Telegram calls must carry nothing but the bot token);
     *     the adapter derives its clients from it and leaves its lifecycle to the caller
     * @param ticker time source for the admin cache and edit pacing
     * @param workDir where inputs are staged while they are downloaded
     */
    public TelegramAdapter(TelegramSettings settings, ChatPorts ports, OkHttpClient http, Ticker ticker, Path workDir) {
        this(settings, ports, http, ticker, workDir, LeaderLock.alwaysGranted());
    }

    /**
     * @param receiverLock decides which instance polls in {@code elected-polling} mode (one lock name shared by all
     *     instances of the bot, e.g. {@code telegram-receiver}); unused in the other modes. The adapter releases and
     *     closes it in {@link #close()}.
     */
    public TelegramAdapter(TelegramSettings settings, ChatPorts ports, OkHttpClient http, Ticker ticker, Path workDir,
            LeaderLock receiverLock) {
        this(settings, ports, http, ticker, workDir, receiverLock, HandlerLimits.DEFAULT);
    }

    TelegramAdapter(TelegramSettings settings, ChatPorts ports, OkHttpClient http, Ticker ticker, Path workDir,
            LeaderLock receiverLock, HandlerLimits limits) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(ports, "ports");
        this.receiverLock = Objects.requireNonNull(receiverLock, "receiverLock");
        this.http = TelegramHttp.client(http, Duration.ofSeconds(POLL_TIMEOUT_SECONDS + 25)).newBuilder()
                .addInterceptor(new UploadTypes())
                .build();
        this.handlers = bounded(limits.threads(), limits.queue(), "telegram-handler");
        this.busyAnswers = bounded(1, limits.busyAnswers(), "telegram-busy");
        this.batches = Executors.newCachedThreadPool(threads("telegram-batch"));
        this.timers = Executors.newSingleThreadScheduledExecutor(threads("telegram-timer"));
        this.polling = Executors.newSingleThreadScheduledExecutor(threads("telegram-poll"));
        this.election = settings.receiver().mode() == TelegramSettings.Receiver.Mode.ELECTED_POLLING
                ? Executors.newSingleThreadScheduledExecutor(threads("telegram-election")) : null;
        try {
            this.inputDir = Files.createDirectories(workDir.resolve("telegram-inputs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OkHttpTelegramClient client = new OkHttpTelegramClient(this.http, settings.token(), settings.apiUrl());
        this.api = new BotApi(client, this.http, settings);
        this.outbox = new Outbox(api);
        this.progress = new ProgressMessages(ticker);
        this.results = new ResultDelivery(outbox, progress, settings.uploadLimitBytes());
        ChatAdmins admins = new ChatAdmins(api, settings.adminCacheTtl(), ticker);
        this.updates = new UpdateHandler(settings, api, outbox, admins, progress, ports, handlers, busyAnswers, timers,
                inputDir);
        this.window = new PollWindow(updates::consumeFully, batches, BATCHES_IN_FLIGHT, BATCH_WAIT);
    }

    /**
     * How much update handling may pile up.
     *
     * @param threads updates handled at once
     * @param queue updates waiting for a thread; beyond it an update is answered "busy" and not read
     * @param busyAnswers "busy" answers waiting to be sent; beyond it updates are dropped without an answer
     */
    record HandlerLimits(int threads, int queue, int busyAnswers) {
        /**
         * 32 threads: a handler spends most of its time waiting (database connections and commits, the
         * acknowledgement's HTTP call) and competes for the CPU with the JIT and the engine's 16 workers, which start
         * each accepted task's create call at once. With 8, the handlers of a cold burst of 500 {@code /video} got
         * 19% of two cores (the engine's workers 18%) and the last acknowledgements came after 3 s; with 32 they get
         * about 27%. 128 since bursts were measured across a real network's round trip (IntakeBenchmark): each
         * handler waits one round trip for its acknowledgement, so 32 of them send a polled batch of 100
         * acknowledgements in 4 waves of round trips, 128 in one. Same run, same load (17–25 on 2 cores), 500 at
         * once at a 200 ms round trip: p99 6.1 s with 32, 3.4 s with 128; the rest of the time is CPU (about 5 ms
         * of it per {@code /video} in the handler, mostly the core's submit). The queue holds the four polled batches of up to 100 updates in
         * flight ({@link PollWindow}) with room to spare, so only a webhook flood or a stalled core fills it.
         */
        static final HandlerLimits DEFAULT = new HandlerLimits(128, 1024, 64);
    }

    private static ThreadPoolExecutor bounded(int threads, int queue, String name) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                threads(name), new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Checks the token, publishes the command menu and starts receiving: polling, the first election round (which
     * polls if it wins), or the webhook server plus setWebhook.
     */
    /**
     * The command menu in every shipped language: English as the default list, then one list per language, which
     * Telegram shows to users whose app uses it. Telegram takes two-letter codes only, so {@code pt} gets Brazilian
     * Portuguese and {@code zh} Simplified Chinese.
     */
    private void registerCommands() {
        for (Locale language : Languages.SHIPPED) {
            try (Texts.Scope scope = Texts.use(language)) {
                List<BotCommand> commands = HelpText.menu(true).stream()
                        .map(c -> new BotCommand(c.name(), c.description()))
                        .toList();
                SetMyCommands.SetMyCommandsBuilder<?, ?> set = SetMyCommands.builder().commands(commands);
                if (!language.equals(Languages.ENGLISH)) {
                    set.languageCode(language.getLanguage());
                }
                api.call(set.build());
            }
        }
    }

    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        User me = api.call(new GetMe());
        updates.botIdentity(me.getId(), me.getUserName());
        registerCommands();
        TelegramSettings.Receiver receiver = settings.receiver();
        switch (receiver.mode()) {
            case POLLING -> startPolling();
            case ELECTED_POLLING -> election.scheduleWithFixedDelay(this::electionRound, 0,
                    receiver.electionInterval().toMillis(), TimeUnit.MILLISECONDS);
            case WEBHOOK -> startWebhook(receiver);
        }
        log.info("Telegram bot @{} started ({})", me.getUserName(), settings);
    }

    /** Whether this instance is long-polling now (in elected-polling mode: whether it holds the receiver lock). */
    public synchronized boolean isPolling() {
        return application != null;
    }

    /** Where the webhook server listens, once started in webhook mode. */
    synchronized InetSocketAddress webhookAddress() {
        return webhook == null ? null : webhook.address();
    }

    /**
     * Stops receiving, then releases the receiver lock (so that the next holder's polling never overlaps this one's),
     * then stops the adapter's threads; waits briefly for updates being handled.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        if (election != null) {
            shutdown(election); // lets a round in progress finish; none starts polling once closed is set
        }
        synchronized (this) {
            stopPolling();
            if (webhook != null) {
                webhook.close();
            }
        }
        shutdown(polling);
        receiverLock.close();
        shutdown(timers);
        shutdown(batches);
        shutdown(handlers);
        shutdown(busyAnswers);
        TelegramHttp.release(http);
    }

    /**
     * One election round on the election thread: polls while this instance holds the lock, stops as soon as it does
     * not. {@code tryAcquire} also checks a held lock, so a holder whose database session died learns it here.
     */
    private void electionRound() {
        try {
            boolean leader = receiverLock.tryAcquire();
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (leader && application == null) {
                    log.info("Telegram receiver: this instance holds the lock and starts polling");
                    startPolling();
                } else if (!leader && application != null) {
                    log.warn("Telegram receiver: the lock is lost; polling stops and another instance takes over");
                    stopPolling();
                }
            }
        } catch (RuntimeException e) {
            // an exception would end the schedule; the next round tries again
            log.warn("Telegram receiver election round failed: {}", e.toString());
        }
    }

    private synchronized void startPolling() {
        TelegramBotsLongPollingApplication app = new TelegramBotsLongPollingApplication(
                com.fasterxml.jackson.databind.ObjectMapper::new, () -> http, () -> polling);
        try {
            // registerBot deletes a webhook left from webhook mode, then polls on the adapter's poll thread
            app.registerBot(settings.token(), settings::apiUrl,
                    // TelegramBots passes the last update id it received; the window answers the next one (which
                    // confirms that one; passing it unchanged made every poll return at once, thousands a second),
                    // or the first of the oldest batch still being handled, which confirms only handled batches
                    lastReceived -> GetUpdates.builder().offset(window.nextOffset(lastReceived))
                            .timeout(POLL_TIMEOUT_SECONDS).allowedUpdates(ALLOWED_UPDATES).build(),
                    window::accept);
        } catch (TelegramApiException e) {
            closeQuietly(app);
            throw new PlatformException("Telegram polling could not start: " + e.getClass().getSimpleName(), false,
                    e);
        }
        application = app;
    }

    /**
     * Cancels the poll loop. A getUpdates in flight still completes; updates it fetched are handled here, and since
     * their offset is confirmed only by the next poll, the next holder may get them again (at least once, never lost).
     */
    private synchronized void stopPolling() {
        if (application != null) {
            closeQuietly(application);
            application = null;
        }
    }

    private static void closeQuietly(TelegramBotsLongPollingApplication app) {
        try {
            app.close();
        } catch (Exception e) {
            log.warn("Telegram polling did not stop cleanly: {}", e.getClass().getSimpleName());
        }
    }

    /**
     * Serves the webhook, then points Telegram at it. Every instance behind the load balancer does both; setWebhook
     * with the same URL and secret is idempotent. The webhook is left in place on close, since other instances may
     * still serve it; a later start in a polling mode deletes it.
     */
    private synchronized void startWebhook(TelegramSettings.Receiver receiver) {
        webhook = WebhookServer.start(receiver.webhookListen(), receiver.webhookPath(), receiver.webhookSecret(),
                updates::consume);
        try {
            api.setWebhook(SetWebhook.builder().url(receiver.webhookUrl().toString())
                    .secretToken(receiver.webhookSecret()).allowedUpdates(ALLOWED_UPDATES).build());
        } catch (BotApiException e) {
            throw platformException(e);
        }
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
        if (task.state() == TaskState.DELIVERED) {
            // delivery turned the progress message into the result (or, with none left, posted the result anew):
            // editing it now would overwrite the video's caption, and it has nothing left to say
            return task.deliveredMessageId();
        }
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

    /** Without one Telegram shows a grey box until it has processed the video. */
    @Override
    public boolean wantsThumbnail() {
        return true;
    }

    @Override
    public String deliver(TaskView task, Delivery delivery) {
        try {
            return String.valueOf(results.deliver(task, delivery));
        } catch (BotApiException e) {
            throw platformException(e);
        }
    }

    @Override
    public void notify(TaskView task, Notice notice) {
        try {
            outbox.text(Outbox.Target.of(task), notice.text(), null);
        } catch (BotApiException e) {
            throw platformException(e);
        }
    }

    /** A private chat's id is its user's id, so the operator's id is where the message goes. */
    @Override
    public void directMessage(String userId, String text) {
        try {
            outbox.text(new Outbox.Target(Long.parseLong(userId), null, null), text, null);
        } catch (BotApiException e) {
            throw platformException(e);
        }
    }

    private int postProgress(TaskView task, String text) {
        Message sent = outbox.text(Outbox.Target.of(task), text, TelegramTexts.progressKeyboard(task));
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
