package dev.seedancebot.telegram;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.content.ContentTexts;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.ports.in.ContentActions;
import dev.seedancebot.core.task.TaskView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChatAdministrators;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMember;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Delete and Report under a posted video. The core decides and records; this removes the messages or carries the
 * report: to the topic (or, by its negative id, the chat) the moderators chose, else to each human admin of the group
 * by direct message. Telegram lets a bot write only to people who started it, so admins who never did are skipped
 * (logged); the answer to the reporter says the moderators were told as soon as one place took the report.
 */
final class ContentButtons {
    private static final Logger log = LoggerFactory.getLogger(ContentButtons.class);

    private final BotApi api;
    private final Outbox outbox;
    private final ContentActions content;

    ContentButtons(BotApi api, Outbox outbox, ContentActions content) {
        this.api = api;
        this.outbox = outbox;
        this.content = content;
    }

    static boolean handles(String data) {
        return data.startsWith(TelegramTexts.DELETE) || data.startsWith(TelegramTexts.REPORT);
    }

    void onButton(CallbackQuery query, Actor actor, String data) {
        if (data.startsWith(TelegramTexts.DELETE)) {
            delete(query, actor, data.substring(TelegramTexts.DELETE.length()));
        } else {
            report(query, actor, data.substring(TelegramTexts.REPORT.length()));
        }
    }

    private void delete(CallbackQuery query, Actor actor, String taskId) {
        ContentActions.DeleteOutcome outcome = content.delete(actor, taskId);
        if (outcome instanceof ContentActions.DeleteRefused refused) {
            answer(query, refused.answer().silent() ? null : refused.answer().text(), true);
            return;
        }
        ContentActions.Deleted deleted = (ContentActions.Deleted) outcome;
        TaskView task = deleted.task();
        for (String id : deleted.messageIds()) {
            try {
                api.call(new DeleteMessage(task.chat().chatId(), Integer.valueOf(id)));
            } catch (BotApiException e) {
                // already gone, or older than 48 h where Telegram lets bots delete only with admin rights
                log.warn("task {}: message {} could not be deleted: {}", task.id(), id, e.getMessage());
            }
        }
        answer(query, deleted.confirmation(), false);
    }

    private void report(CallbackQuery query, Actor actor, String taskId) {
        ContentActions.ReportOutcome outcome = content.report(actor, taskId);
        if (outcome instanceof ContentActions.ReportRefused refused) {
            answer(query, refused.answer().silent() ? null : refused.answer().text(), true);
            return;
        }
        ContentActions.Reported reported = (ContentActions.Reported) outcome;
        TaskView task = reported.task();
        String alert = ContentTexts.reportAlert(task, name(query.getFrom()),
                t("place.telegram.user", "id", task.requester().userId()),
                t("place.telegram.groupMessage", "id", task.deliveredMessageId()));
        long chatId = Long.parseLong(task.chat().chatId());
        boolean told;
        try {
            if (reported.channelId() != null) {
                String where = reported.channelId();
                // a negative id is a chat of its own (a moderators' group); a positive one a topic of this group
                Outbox.Target to = where.startsWith("-") ? new Outbox.Target(Long.parseLong(where), null, null)
                        : new Outbox.Target(chatId, Integer.valueOf(where), null);
                outbox.text(to, alert, null);
                told = true;
            } else {
                told = toAdmins(chatId, alert) > 0;
            }
        } catch (BotApiException | NumberFormatException e) {
            log.warn("report of task {} not delivered: {}", task.id(), e.getMessage());
            told = false;
        }
        answer(query, told ? reported.confirmation() : ContentTexts.reportNotDelivered(task.id()), true);
    }

    /** Sends the alert to each human admin who can be written to; returns how many got it. */
    private int toAdmins(long chatId, String alert) {
        int told = 0;
        for (ChatMember admin : api.call(new GetChatAdministrators(String.valueOf(chatId)))) {
            User user = admin.getUser();
            if (Boolean.TRUE.equals(user.getIsBot())) {
                continue;
            }
            try {
                outbox.text(new Outbox.Target(user.getId(), null, null), alert, null);
                told++;
            } catch (BotApiException e) {
                log.info("report not sent to admin {} of {} (they have not started the bot?): {}", user.getId(),
                        chatId, e.getMessage());
            }
        }
        return told;
    }

    private static String name(User user) {
        return user.getUserName() != null ? "@" + user.getUserName() : user.getFirstName() + " (" + user.getId() + ")";
    }

    private void answer(CallbackQuery query, String text, boolean alert) {
        api.call(AnswerCallbackQuery.builder().callbackQueryId(query.getId()).text(text).showAlert(alert).build());
    }
}
