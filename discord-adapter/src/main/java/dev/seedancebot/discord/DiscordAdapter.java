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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.MiscUtil;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Discord side of the bot: owns JDA's shard manager, registers the slash commands, turns interactions into core
 * requests and implements {@link PlatformPort} for the engine.
 *
 * <p>Sharding ({@link DiscordSettings.Sharding}): the instance runs all shards of the configured or recommended total,
 * or a range of them while other instances run the rest. Interactions arrive on the shard of their guild, so each
 * instance answers the commands of its own guilds; finished videos and notices are posted by channel id over REST, so
 * any instance can deliver any task, whichever shard its guild is on.
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
    private final Set<Integer> readyShards = ConcurrentHashMap.newKeySet();
    private final Object readyMonitor = new Object();
    private volatile ShardManager shards;

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
                core.moderation().communities(), new ModCommandRunner(core.moderation(), core.engine(),
                        settings.defaults()), contexts,
                new AttachmentDownloader(http, settings.restBaseUrl(), downloads), work, this::renderProgress);
    }

    /**
     * Logs in this instance's shards, waits for their guilds, registers the commands (per configured guild on the
     * shards of this instance; globally from the instance that runs shard 0) and registers this adapter with the
     * core's router.
     *
     * @throws IllegalStateException if the shards do not become ready within a minute
     */
    public void start() {
        DiscordSettings.Sharding sharding = settings.sharding();
        // JDA always asks for the GUILDS intent (guilds and channels); the bot needs no other
        DefaultShardManagerBuilder builder = DefaultShardManagerBuilder.createLight(settings.token(),
                        EnumSet.noneOf(GatewayIntent.class))
                // 0 in our settings, -1 in JDA's: ask GET /gateway/bot, on the configured REST base URL
                .setShardsTotal(sharding.total() == 0 ? -1 : sharding.total())
                .setRestConfig(new RestConfig().setBaseUrl(settings.restBaseUrl()))
                .setCompression(settings.gatewayCompression() ? Compression.ZLIB : Compression.NONE)
                // the raw payload carries attachment_size_limit, which JDA 6.5 does not expose
                .setEventPassthrough(true)
                .setEnableShutdownHook(false)
                .addEventListeners(listener, new ReadyTracker());
        if (sharding.isRange()) {
            builder.setShards(sharding.min(), sharding.max());
        }
        if (settings.gatewayUrl() != null) {
            builder.setSessionController(gatewayOverride(settings.gatewayUrl()));
        }
        shards = builder.build();
        awaitReady();
        registerCommands();
        core.router().register(this);
        log.info("Discord adapter ready as {} with shards {} of {} in {} guild(s)", rest().getSelfUser().getName(),
                ownShards(), shards.getShardsTotal(), shards.getGuildCache().size());
    }

    /**
     * Whether every shard this instance runs is connected to the gateway right now; false while JDA reconnects. REST
     * deliveries still work while it is false.
     */
    public boolean isConnected() {
        ShardManager manager = shards;
        return manager != null
                && !manager.getShards().isEmpty()
                && manager.getShards().stream().allMatch(jda -> jda.getStatus() == JDA.Status.CONNECTED);
    }

    /** The shard manager, for tests that must shut it down in any case. */
    ShardManager shardManager() {
        return shards;
    }

    @Override
    public void close() {
        core.router().unregister(Platform.DISCORD);
        ShardManager s = shards;
        if (s != null) {
            List<JDA> running = s.getShards();
            s.shutdown();
            for (JDA j : running) {
                try {
                    if (!j.awaitShutdown(Duration.ofSeconds(5))) {
                        j.shutdownNow();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    j.shutdownNow();
                }
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
        Target to = target(task);
        try {
            return send(to, task, delivery);
        } catch (RuntimeException e) {
            Throwable cause = unwrap(e);
            if (DiscordFailures.isUploadTooLarge(cause) && delivery instanceof Delivery.Upload upload
                    && task.resultUrl() != null) {
                // the user's limit was lower than the interaction said (or unknown after a restart): fall back to the link
                Instant expires = (task.finishedAt() == null ? contexts.now() : task.finishedAt()).plus(Duration.ofHours(24));
                Delivery link = new Delivery.Link(task.resultUrl(), expires, upload.sizeBytes(), uploadLimitBytes(task));
                return send(to, task, link);
            }
            throw failure("posting video " + task.id() + " in " + to.id(), task, to, cause);
        }
    }

    @Override
    public void notify(TaskView task, Notice notice) {
        Target to = target(task);
        MessageCreateData message = new MessageCreateBuilder().setContent(TaskTexts.notice(task, notice.text()))
                .setAllowedMentions(EnumSet.of(Message.MentionType.USER)).build();
        try {
            post(to, message, null);
        } catch (RuntimeException e) {
            Throwable cause = unwrap(e);
            if (DiscordFailures.isMissingPermission(cause)) {
                // the channel is closed to the bot; the interaction (or a DM) still reaches the user
                log.warn("notice {} for task {} sent privately: the bot may not post in {}", notice.kind(), task.id(),
                        to.id());
                tellUser(task, notice.text());
                return;
            }
            throw DiscordFailures.map("notice " + notice.kind() + " for " + task.id(), cause);
        }
    }

    // ---------------------------------------------------------------- internals

    /**
     * Where a task's messages go: its channel or thread, or the requester's DMs for private requests. {@code cached}
     * is JDA's object when one of this instance's shards has it, else null and the post goes by id.
     */
    private record Target(String id, MessageChannel cached) {}

    private String send(Target to, TaskView task, Delivery delivery) {
        MessageCreateBuilder message = new MessageCreateBuilder().setContent(TaskTexts.delivered(task, delivery))
                .setAllowedMentions(EnumSet.of(Message.MentionType.USER))
                .setComponents(TaskTexts.resultButtons(task));
        if (delivery instanceof Delivery.Upload upload) {
            message.addFiles(FileUpload.fromData(upload.file().toFile(), "seedance-" + task.id() + ".mp4"));
        }
        // Discord answers a repeated nonce with the first message: a delivery repeated after a crash posts once
        return post(to, message.build(), task.id());
    }

    /** Posts through the cached channel (JDA checks permissions first) or, without one, by id over REST. */
    private String post(Target to, MessageCreateData message, String nonce) {
        if (to.cached() != null) {
            return to.cached().sendMessage(message).setNonce(nonce).complete().getId();
        }
        return ChannelPoster.post(rest(), to.id(), message, nonce).complete();
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

    /**
     * The task's channel or thread, or the requester's DMs for private requests. A channel that is gone answers 404
     * {@code 10003} to the post, which maps to a permanent failure.
     */
    private Target target(TaskView task) {
        ShardManager s = requireShards();
        String id = task.chat().threadId() != null ? task.chat().threadId() : task.chat().chatId();
        MessageChannel cached = s.getChannelById(GuildMessageChannel.class, id);
        if (cached == null) {
            cached = s.getPrivateChannelById(id);
        }
        // null when another instance runs the guild's shard, or for a DM not opened since this instance started
        return new Target(id, cached);
    }

    /**
     * Maps a failure and, when the bot lacks a permission, tells the operator in the log and the user where they can
     * still be reached (the interaction while valid, else a DM).
     */
    private PlatformException failure(String what, TaskView task, Target to, Throwable cause) {
        PlatformException mapped = DiscordFailures.map(what, cause);
        if (DiscordFailures.isMissingPermission(cause)) {
            String where = to.cached() instanceof GuildMessageChannel g ? "#" + g.getName() + " (" + g.getId()
                    + ") of " + g.getGuild().getName() : to.id();
            log.warn("Discord: the bot lacks a permission in {}: {}. Give its role View Channel, Send Messages, Send"
                    + " Messages in Threads, Attach Files and Embed Links there.", where, cause.getMessage());
            String text = "I could not post in <#" + to.id() + "> because I am missing a permission there ("
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
        rest().openPrivateChannelById(task.requester().userId())
                .flatMap(dm -> dm.sendMessage(TaskTexts.limit(text)))
                .queue(null, e -> log.warn("could not DM {} about task {}: {}", task.requester(), task.id(),
                        e.toString()));
    }

    /** Counts the shards whose guilds are loaded; JDA fires one ReadyEvent per shard. */
    private final class ReadyTracker extends ListenerAdapter {
        @Override
        public void onReady(ReadyEvent event) {
            synchronized (readyMonitor) {
                readyShards.add(event.getJDA().getShardInfo().getShardId());
                readyMonitor.notifyAll();
            }
        }
    }

    /**
     * Waits until every shard of this instance fired ReadyEvent. The shard manager starts them one after another
     * (Discord allows one IDENTIFY per 5 s per concurrency bucket), so a large range takes a while.
     */
    private void awaitReady() {
        Set<Integer> expected = ownShards();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        synchronized (readyMonitor) {
            try {
                while (!readyShards.containsAll(expected)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        shards.shutdown();
                        throw new IllegalStateException("Discord shards " + expected + " were not all ready within "
                                + READY_TIMEOUT + " (ready: " + readyShards + "); check the token and the network");
                    }
                    readyMonitor.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                shards.shutdown();
                throw new IllegalStateException("interrupted while connecting to Discord", e);
            }
        }
    }

    /** The shard ids this instance runs; known once the shard manager is built (the total may come from Discord). */
    private Set<Integer> ownShards() {
        DiscordSettings.Sharding sharding = settings.sharding();
        IntStream ids = sharding.isRange() ? IntStream.rangeClosed(sharding.min(), sharding.max())
                : IntStream.range(0, shards.getShardsTotal());
        return ids.boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    private void registerCommands() {
        var commands = SlashCommands.toJda();
        if (settings.commandGuildIds().isEmpty()) {
            if (!ownShards().contains(0)) {
                // global commands are one list per application: the instance with shard 0 writes it, once
                log.info("global slash commands are registered by the instance that runs shard 0");
                return;
            }
            try {
                List<?> done = rest().updateCommands().addCommands(commands).complete();
                log.info("registered {} global slash commands", done.size());
            } catch (RuntimeException e) {
                log.error("could not register the slash commands: {}. Was the bot invited with the"
                        + " applications.commands scope?", e.toString());
            }
            return;
        }
        for (String guildId : settings.commandGuildIds()) {
            int shard = MiscUtil.getShardForGuild(guildId, shards.getShardsTotal());
            if (!ownShards().contains(shard)) {
                log.debug("guild {} is on shard {}, which another instance runs; it registers the commands there",
                        guildId, shard);
                continue;
            }
            Guild guild = shards.getGuildById(guildId);
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

    private ShardManager requireShards() {
        ShardManager s = shards;
        if (s == null) {
            throw new PlatformException("the Discord adapter is not started", false);
        }
        return s;
    }

    /**
     * A JDA instance for requests that belong to no shard (REST by channel id, DMs, global commands): the first one
     * running. Every shard shares the bot token, so any of them will do.
     */
    private JDA rest() {
        return requireShards().getShardCache().stream().findFirst()
                .orElseThrow(() -> new PlatformException("no Discord shard is running", false));
    }

    /**
     * Takes the gateway URL from settings instead of {@code GET /gateway/bot}'s {@code url}, keeping Discord's answer
     * for the rest (the shard manager reads the session concurrency from it).
     */
    private static SessionControllerAdapter gatewayOverride(String gateway) {
        return new SessionControllerAdapter() {
            @Override
            public ShardedGateway getShardedGateway(JDA api) {
                ShardedGateway fromDiscord = super.getShardedGateway(api);
                return new ShardedGateway(gateway, fromDiscord.getShardTotal(), fromDiscord.getConcurrency());
            }

            @Override
            public String getGateway() {
                return gateway;
            }
        };
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
