package dev.seedancebot.discord;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.platform.PlatformException;
import dev.seedancebot.core.platform.PlatformPort;
import dev.seedancebot.core.task.TaskView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of Discord ({@link PlatformPort}): progress as edits of the task's interaction response while its
 * token is valid (judged by the injected clock, with a margin below Discord's 15 minutes); finished videos and
 * notices as new channel messages sent with the bot token, so they arrive however long a video takes. Every message
 * may ping the requester and nobody else, whatever the prompt it quotes mentions. Called from engine threads; blocks
 * on Discord.
 */
final class DiscordDelivery implements PlatformPort {
    private static final Logger log = LoggerFactory.getLogger(DiscordDelivery.class);

    private final TaskContexts contexts;
    private final Supplier<ShardManager> shards;

    /** @param shards the running shard manager; throws {@link PlatformException} before start */
    DiscordDelivery(TaskContexts contexts, Supplier<ShardManager> shards) {
        this.contexts = contexts;
        this.shards = shards;
    }

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
        MessageCreateData message = Mentions.only(new MessageCreateBuilder(), task.requester().userId())
                .setContent(TaskTexts.notice(task, notice.text())).build();
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
        MessageCreateBuilder message = Mentions.only(new MessageCreateBuilder(), task.requester().userId())
                .setContent(TaskTexts.delivered(task, delivery))
                .setComponents(TaskTexts.resultButtons(task));
        if (delivery instanceof Delivery.Upload upload) {
            message.addFiles(Mp4Upload.of(upload, task.options().spoiler()));
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

    /**
     * Edits the task's interaction response if the state changed and its token is still usable; once the token has
     * expired, only the final state is shown, edited with the bot token instead.
     */
    void renderProgress(TaskView task) {
        Optional<TaskContexts.Context> live = contexts.live(task.id());
        if (live.isEmpty() && task.state().isTerminal()) {
            endAfterTokenExpired(task);
        }
        live.ifPresent(ctx -> {
            synchronized (ctx) {
                String text = TaskTexts.progress(task);
                if (text.equals(ctx.lastText) || !ctx.isNewer(task)) {
                    return;
                }
                try {
                    Message m = Mentions.none(ctx.hook.editOriginal(text))
                            .setComponents(TaskTexts.progressButtons(task)).complete();
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
     * Ends a progress message whose interaction token has expired (a video that took over 14 minutes, or a restart):
     * the message is the bot's own, so the bot token may edit it in its channel, leaving the final state and no
     * Cancel button that would only answer "already ended". An ephemeral (private) progress message cannot be edited
     * this way; Discord answers 404 there, which is logged and harmless.
     */
    private void endAfterTokenExpired(TaskView task) {
        String messageId = contexts.get(task.id()).map(c -> c.messageId).orElse(task.progressMessageId());
        if (messageId == null) {
            return;
        }
        Target to = target(task);
        MessageEditData edit = Mentions.none(new MessageEditBuilder()).setContent(TaskTexts.progress(task))
                .setComponents(List.of()).build();
        try {
            if (to.cached() != null) {
                to.cached().editMessageById(messageId, edit).complete();
            } else {
                ChannelPoster.edit(rest(), to.id(), messageId, edit).complete();
            }
        } catch (RuntimeException e) {
            throw DiscordFailures.map("final progress of " + task.id(), unwrap(e));
        }
    }

    /**
     * The task's channel or thread, or the requester's DMs for private requests. A channel that is gone answers 404
     * {@code 10003} to the post, which maps to a permanent failure.
     */
    private Target target(TaskView task) {
        ShardManager s = shards.get();
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
            // Discord's (or JDA's) wording stays in the log; the user gets what to do
            String text = t("discord.missingPermission", "taskId", task.id(), "channel", "<#" + to.id() + ">");
            tellUser(task, text);
        }
        return mapped;
    }

    private void tellUser(TaskView task, String text) {
        var live = contexts.live(task.id());
        if (live.isPresent()) {
            Mentions.none(live.get().hook.sendMessage(TaskTexts.limit(text))).setEphemeral(true)
                    .queue(null, e -> log.warn("could not tell {} about task {}: {}", task.requester(), task.id(),
                            e.toString()));
            return;
        }
        rest().openPrivateChannelById(task.requester().userId())
                .flatMap(dm -> Mentions.none(dm.sendMessage(TaskTexts.limit(text))))
                .queue(null, e -> log.warn("could not DM {} about task {}: {}", task.requester(), task.id(),
                        e.toString()));
    }

    /** Opens (or reuses) the DM channel with {@code userId} and posts {@code text} there; waits for Discord. */
    @Override
    public void directMessage(String userId, String text) {
        try {
            rest().openPrivateChannelById(userId)
                    .flatMap(dm -> Mentions.none(dm.sendMessage(TaskTexts.limit(text))))
                    .complete();
        } catch (RuntimeException e) {
            throw DiscordFailures.map("DM to " + userId, e);
        }
    }

    /**
     * A JDA instance for requests that belong to no shard (REST by channel id, DMs): the first one running. Every
     * shard shares the bot token, so any of them will do.
     */
    private JDA rest() {
        return shards.get().getShardCache().stream().findFirst()
                .orElseThrow(() -> new PlatformException("no Discord shard is running", false));
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
