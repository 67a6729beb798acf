package dev.seedancebot.discord;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.command.ModCommandRunner;
import dev.seedancebot.core.engine.TaskView;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.platform.PlatformException;
import dev.seedancebot.core.platform.PlatformPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.requests.restaction.MessageCreateAction;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Discord side of the bot: owns the JDA connection, registers the slash commands, turns interactions into core
 * requests and implements {@link PlatformPort} for the engine.
 *
 * <p>Interactions are acknowledged on JDA's thread within Discord's 3 s and handled on this adapter's own executor.
 * Progress is shown by editing the interaction response while its token is valid (judged by the injected clock, with
 * a margin below Discord's 15 minutes); finished videos and notices are always new channel messages sent with the bot
 * token, so they arrive however long a video takes. Buttons carry the task id and work after a restart.
 *
 * <p>Lifecycle: {@link #start()} once (blocks until the gateway is ready and the commands are registered, then
 * registers with the core's router), {@link #close()} once. The {@link PlatformPort} methods are called from engine
 * threads and block on Discord.
 */
public final class DiscordAdapter implements PlatformPort, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiscordAdapter.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final DiscordSettings settings;
    private final CoreAssembly core;
    private final TaskContexts contexts;
    private final ExecutorService work;
    private final Path downloads;
    private final InteractionListener listener;
    private volatile JDA jda;

    /**
     * @param clock decides whether an interaction token may still be used; the core's clock in production
     */
    public DiscordAdapter(DiscordSettings settings, CoreAssembly core, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.core = Objects.requireNonNull(core, "core");
        this.contexts = new TaskContexts(Objects.requireNonNull(clock, "clock"));
        AtomicInteger n = new AtomicInteger();
        this.work = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "discord-work-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            this.downloads = Files.createTempDirectory("seedance-discord-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.listener = new InteractionListener(settings, core.engine(), core.quota(), core.prices(),
                new ModCommandRunner(core.moderation(), core.engine()), contexts,
                new AttachmentDownloader(http, settings.restBaseUrl(), downloads), work, this::renderProgress);
    }

    /**
     * Logs in, waits for the guilds, registers the commands (per guild when configured, else globally) and registers
     * this adapter with the core's router.
     *
     * @throws IllegalStateException if Discord does not become ready within a minute
     */
    public void start() {
        String gateway = settings.gatewayUrl();
        jda = JDABuilder.createLight(settings.token(), EnumSet.noneOf(GatewayIntent.class))
                .setRestConfig(new RestConfig().setBaseUrl(settings.restBaseUrl()))
                .setSessionController(new SessionControllerAdapter() {
                    @Override
                    public String getGateway() {
                        return gateway;
                    }
                })
                .setCompression(settings.gatewayCompression() ? Compression.ZLIB : Compression.NONE)
                // the raw payload carries attachment_size_limit, which JDA 6.5 does not expose
                .setEventPassthrough(true)
                .setEnableShutdownHook(false)
                .addEventListeners(listener)
                .build();
        awaitReady();
        registerCommands();
        core.router().register(this);
        log.info("Discord adapter ready as {} in {} guild(s)", jda.getSelfUser().getName(), jda.getGuilds().size());
    }

    /** The JDA instance, for tests that must shut it down in any case. */
    JDA jda() {
        return jda;
    }

    @Override
    public void close() {
        core.router().unregister(Platform.DISCORD);
        JDA j = jda;
        if (j != null) {
            j.shutdown();
            try {
                if (!j.awaitShutdown(Duration.ofSeconds(5))) {
                    j.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                j.shutdownNow();
            }
        }
        work.shutdownNow();
        try (var files = Files.walk(downloads)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("download folder {} not removed: {}", downloads, e.toString());
        }
    }

    // ---------------------------------------------------------------- PlatformPort

    @Override
    public Platform platform() {
        return Platform.DISCORD;
    }

    @Override
    public String showProgress(TaskView task) {
        renderProgress(task);
        return contexts.get(task.id()).map(c -> c.messageId).orElse(task.progressMessageId());
    }

    @Override
    public long uploadLimitBytes(TaskView task) {
        return contexts.uploadLimit(task.id());
    }

    @Override
    public String deliver(TaskView task, Delivery delivery) {
        MessageChannel channel = target(task);
        try {
            return send(channel, task, delivery);
        } catch (RuntimeException e) {
            Throwable cause = unwrap(e);
            if (DiscordFailures.isUploadTooLarge(cause) && delivery instanceof Delivery.Upload upload
                    && task.resultUrl() != null) {
                // the user's limit was lower than the interaction said (or unknown after a restart): fall back to the link
                Instant expires = (task.finishedAt() == null ? contexts.now() : task.finishedAt()).plus(Duration.ofHours(24));
                Delivery link = new Delivery.Link(task.resultUrl(), expires, upload.sizeBytes(), uploadLimitBytes(task));
                return send(channel, task, link);
            }
            throw failure("posting video " + task.id() + " in " + channel.getId(), task, channel, cause);
        }
    }

    @Override
    public void notify(TaskView task, Notice notice) {
        MessageChannel channel = target(task);
        String text = TaskTexts.notice(task, notice.text());
        try {
            channel.sendMessage(text).setAllowedMentions(EnumSet.of(Message.MentionType.USER)).complete();
        } catch (RuntimeException e) {
            Throwable cause = unwrap(e);
            if (DiscordFailures.isMissingPermission(cause)) {
                // the channel is closed to the bot; the interaction (or a DM) still reaches the user
                log.warn("notice {} for task {} sent privately: the bot may not post in {}", notice.kind(), task.id(),
                        channel.getId());
                tellUser(task, notice.text());
                return;
            }
            throw DiscordFailures.map("notice " + notice.kind() + " for " + task.id(), cause);
        }
    }

    // ---------------------------------------------------------------- internals

    private String send(MessageChannel channel, TaskView task, Delivery delivery) {
        MessageCreateAction action = channel.sendMessage(TaskTexts.delivered(task, delivery))
                .setAllowedMentions(EnumSet.of(Message.MentionType.USER))
                .setComponents(TaskTexts.resultButtons(task))
                // Discord answers a repeated nonce with the first message: a delivery repeated after a crash posts once
                .setNonce(task.id());
        if (delivery instanceof Delivery.Upload upload) {
            action = action.addFiles(FileUpload.fromData(upload.file().toFile(), "seedance-" + task.id() + ".mp4"));
        }
        return action.complete().getId();
    }

    /** Edits the task's interaction response if the state changed and its token is still usable. */
    private void renderProgress(TaskView task) {
        contexts.live(task.id()).ifPresent(ctx -> {
            synchronized (ctx) {
                String text = TaskTexts.progress(task);
                if (text.equals(ctx.lastText) || !ctx.isNewer(task)) {
                    return;
                }
                try {
                    Message m = ctx.hook.editOriginal(text).setComponents(TaskTexts.progressButtons(task)).complete();
                    ctx.shown(task, text, m.getId());
                } catch (RuntimeException e) {
                    throw DiscordFailures.map("progress of " + task.id(), unwrap(e));
                }
            }
        });
        if (task.state().isTerminal()) {
            // the final state is shown and the upload limit no longer needed
            contexts.forget(task.id());
        }
    }

    /** The channel or thread of the task, or the requester's DMs for private requests. */
    private MessageChannel target(TaskView task) {
        JDA j = requireJda();
        String id = task.chat().threadId() != null ? task.chat().threadId() : task.chat().chatId();
        GuildMessageChannel channel = j.getChannelById(GuildMessageChannel.class, id);
        if (channel != null) {
            return channel;
        }
        try {
            MessageChannel dm = j.openPrivateChannelById(task.requester().userId()).complete();
            if (dm.getId().equals(id)) {
                return dm;
            }
        } catch (RuntimeException e) {
            throw DiscordFailures.map("opening a DM with " + task.requester().userId(), unwrap(e));
        }
        throw new PlatformException("channel " + id + " of task " + task.id() + " is gone or not visible to the bot",
                true);
    }

    /**
     * Maps a failure and, when the bot lacks a permission, tells the operator in the log and the user where they can
     * still be reached (the interaction while valid, else a DM).
     */
    private PlatformException failure(String what, TaskView task, MessageChannel channel, Throwable cause) {
        PlatformException mapped = DiscordFailures.map(what, cause);
        if (DiscordFailures.isMissingPermission(cause)) {
            String where = channel instanceof GuildMessageChannel g ? "#" + g.getName() + " (" + g.getId() + ") of "
                    + g.getGuild().getName() : channel.getId();
            log.warn("Discord: the bot lacks a permission in {}: {}. Give its role View Channel, Send Messages, Send"
                    + " Messages in Threads, Attach Files and Embed Links there.", where, cause.getMessage());
            String text = "I could not post in <#" + channel.getId() + "> because I am missing a permission there ("
                    + cause.getMessage() + "). Please ask a server admin to let me send messages and attach files"
                    + " in that channel. Video " + task.id() + ".";
            tellUser(task, text);
        }
        return mapped;
    }

    private void tellUser(TaskView task, String text) {
        var live = contexts.live(task.id());
        if (live.isPresent()) {
            live.get().hook.sendMessage(TaskTexts.limit(text)).setEphemeral(true)
                    .queue(null, e -> log.warn("could not tell {} about task {}: {}", task.requester(), task.id(),
                            e.toString()));
            return;
        }
        requireJda().openPrivateChannelById(task.requester().userId())
                .flatMap(dm -> dm.sendMessage(TaskTexts.limit(text)))
                .queue(null, e -> log.warn("could not DM {} about task {}: {}", task.requester(), task.id(),
                        e.toString()));
    }

    private void awaitReady() {
        try {
            CompletableFuture.runAsync(() -> {
                try {
                    jda.awaitReady();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }).get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            jda.shutdownNow();
            throw new IllegalStateException("Discord did not become ready within " + READY_TIMEOUT
                    + "; check the token and the network", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jda.shutdownNow();
            throw new IllegalStateException("interrupted while connecting to Discord", e);
        }
    }

    private void registerCommands() {
        var commands = SlashCommands.toJda();
        if (settings.commandGuildIds().isEmpty()) {
            try {
                List<?> done = jda.updateCommands().addCommands(commands).complete();
                log.info("registered {} global slash commands", done.size());
            } catch (RuntimeException e) {
                log.error("could not register the slash commands: {}. Was the bot invited with the"
                        + " applications.commands scope?", e.toString());
            }
            return;
        }
        for (String guildId : settings.commandGuildIds()) {
            Guild guild = jda.getGuildById(guildId);
            if (guild == null) {
                log.warn("discord.commandGuildIds names guild {}, but the bot is not in it", guildId);
                continue;
            }
            try {
                List<?> done = guild.updateCommands().addCommands(commands).complete();
                log.info("registered {} slash commands in guild {}", done.size(), guild.getName());
            } catch (RuntimeException e) {
                log.error("could not register the slash commands in guild {}: {}. Was the bot invited with the"
                        + " applications.commands scope?", guildId, e.toString());
            }
        }
    }

    private JDA requireJda() {
        JDA j = jda;
        if (j == null) {
            throw new PlatformException("the Discord adapter is not started", false);
        }
        return j;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof java.util.concurrent.CompletionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
