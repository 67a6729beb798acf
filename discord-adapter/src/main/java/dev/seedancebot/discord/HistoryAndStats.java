package dev.seedancebot.discord;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.command.ModCommand;
import dev.seedancebot.core.history.HistoryTexts;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.ports.in.ChatPorts;
import dev.seedancebot.core.ports.in.TaskHistory;
import dev.seedancebot.core.ports.in.UsageStatsQueries;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.utils.FileUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /history} and {@code /videomod stats} on Discord. Every answer goes into the interaction's own response, which
 * is ephemeral: only the person who asked sees their list, their file again, or the chart. Runs on the adapter's
 * executor; the core decides.
 */
final class HistoryAndStats {
    private static final Logger log = LoggerFactory.getLogger(HistoryAndStats.class);

    private final ChatPorts ports;

    HistoryAndStats(ChatPorts ports) {
        this.ports = ports;
    }

    /** Shows page {@code page} of the actor's own history in the (slash or button) interaction's message. */
    void page(InteractionHook hook, Actor actor, int page) {
        TaskHistory.PageOutcome outcome = ports.history().page(actor, actor.user(), page);
        if (outcome instanceof TaskHistory.PageRefused refused) {
            Answers.reply(hook, refused.answer());
            return;
        }
        TaskHistory.Page shown = (TaskHistory.Page) outcome;
        Mentions.none(hook.editOriginal(TaskTexts.limit(shown.text())).setComponents(HistoryView.buttons(shown)))
                .queue(null, e -> log.warn("could not show history: {}", e.toString()));
    }

    /** The kept file, attached to an ephemeral answer: the person's own video, seen by them alone. */
    void file(InteractionHook hook, Actor actor, String taskId, long uploadLimit) {
        TaskHistory.FileOutcome outcome = ports.history().keptFile(actor, taskId);
        if (outcome instanceof TaskHistory.FileRefused refused) {
            Answers.reply(hook, refused.answer());
            return;
        }
        TaskHistory.KeptFile kept = (TaskHistory.KeptFile) outcome;
        if (kept.sizeBytes() > uploadLimit) {
            // Discord would refuse the upload and the answer would stay "thinking"; say why instead
            Answers.reply(hook, t("discord.fileTooLarge", "taskId", taskId,
                    "size", AttachmentDownloader.mib(kept.sizeBytes()), "limit", AttachmentDownloader.mib(uploadLimit)));
            return;
        }
        Mentions.none(hook.editOriginal(HistoryTexts.sendingAgain() + " `" + taskId + "`")
                        .setFiles(Mp4Upload.of(kept.upload(), kept.task().options().spoiler())))
                .queue(null, e -> log.warn("could not send the file of {} again: {}", taskId, e.toString()));
    }

    /** The usage chart as an image with its figures in words; the server's nicknames name the top users. */
    void stats(InteractionHook hook, Actor actor, ModCommand.Stats command, Guild guild) {
        UsageStatsQueries.Outcome outcome = ports.stats().stats(actor, command, user -> nameIn(guild, user));
        if (outcome instanceof UsageStatsQueries.Refused refused) {
            Answers.reply(hook, refused.answer());
            return;
        }
        UsageStatsQueries.Chart chart = (UsageStatsQueries.Chart) outcome;
        Mentions.none(hook.editOriginal(TaskTexts.limit(chart.caption())).setComponents()
                        .setFiles(FileUpload.fromData(chart.png(), "usage.png")))
                .queue(null, e -> log.warn("could not send the usage chart: {}", e.toString()));
    }

    private static String nameIn(Guild guild, UserKey user) {
        Member member = guild == null ? null : guild.getMemberById(user.userId());
        return member == null ? null : member.getEffectiveName();
    }
}
