package dev.seedancebot.discord;

import dev.seedancebot.core.content.ContentTexts;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.ports.in.ContentActions;
import dev.seedancebot.core.task.TaskView;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delete and Report under a posted video; every answer is ephemeral, so a refusal or a report is the presser's alone.
 * The core decides and records; this removes the messages (by channel id over REST, so it works whichever shard has
 * the channel) or carries the report: to the channel the moderators chose, else to the server's owner by direct
 * message. The owner, because Discord names no "admins" to a bot: finding the members with Manage Server would need
 * the privileged member list (this bot runs without the GUILD_MEMBERS intent), while every guild names its owner.
 */
final class ContentButtons {
    private static final Logger log = LoggerFactory.getLogger(ContentButtons.class);

    private final ContentActions content;

    ContentButtons(ContentActions content) {
        this.content = content;
    }

    void delete(InteractionHook hook, Actor actor, String taskId, JDA jda) {
        ContentActions.DeleteOutcome outcome = content.delete(actor, taskId);
        if (outcome instanceof ContentActions.DeleteRefused refused) {
            Answers.reply(hook, refused.answer());
            return;
        }
        ContentActions.Deleted deleted = (ContentActions.Deleted) outcome;
        TaskView task = deleted.task();
        String channel = channelOf(task);
        for (String id : deleted.messageIds()) {
            try {
                ChannelPoster.delete(jda, channel, id).complete();
            } catch (RuntimeException e) {
                // already gone, or an ephemeral progress message, which only its viewer can dismiss
                log.info("task {}: message {} not deleted: {}", task.id(), id, DiscordDelivery.unwrap(e).toString());
            }
        }
        Answers.reply(hook, deleted.confirmation());
    }

    void report(InteractionHook hook, Actor actor, String taskId, JDA jda, Guild guild) {
        ContentActions.ReportOutcome outcome = content.report(actor, taskId);
        if (outcome instanceof ContentActions.ReportRefused refused) {
            Answers.reply(hook, refused.answer());
            return;
        }
        ContentActions.Reported reported = (ContentActions.Reported) outcome;
        TaskView task = reported.task();
        String link = "https://discord.com/channels/" + task.chat().communityId() + "/" + channelOf(task) + "/"
                + task.deliveredMessageId();
        MessageCreateData alert = Mentions.none(new MessageCreateBuilder()).setContent(TaskTexts.limit(
                ContentTexts.reportAlert(task, "<@" + reported.reporter().userId() + ">",
                        "<@" + task.requester().userId() + ">", "<#" + channelOf(task) + "> (" + link + ")")))
                .build();
        try {
            if (reported.channelId() != null) {
                ChannelPoster.post(jda, reported.channelId(), alert, null).complete();
            } else {
                String owner = guild == null ? null : guild.getOwnerId();
                if (owner == null) {
                    throw new IllegalStateException("no server owner known for " + task.chat().communityId());
                }
                jda.openPrivateChannelById(owner).flatMap(dm -> dm.sendMessage(alert)).complete();
            }
            Answers.reply(hook, reported.confirmation());
        } catch (RuntimeException e) {
            log.warn("report of task {} not delivered: {}", task.id(), DiscordDelivery.unwrap(e).toString());
            Answers.reply(hook, ContentTexts.reportNotDelivered(task.id()));
        }
    }

    private static String channelOf(TaskView task) {
        return task.chat().threadId() != null ? task.chat().threadId() : task.chat().chatId();
    }
}
