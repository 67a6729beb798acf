package dev.seedancebot.telegram;

import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.ports.in.TaskHistory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * {@code /history} on Telegram, which has no messages only one member sees. The list is answered where it was asked:
 * in a group it shows only the asker's own videos made in that group, which the group saw posted with their prompt,
 * settings and cost already, so it tells the group nothing new; in a private chat, the private ones. Its page buttons
 * carry the owner, and the core refuses anyone else's press (answered to the presser alone). Run again and Extend are
 * the Re-roll and Extend buttons of a delivered video, checked and charged the same; File posts the kept video again.
 */
final class HistoryCommands {
    private static final Logger log = LoggerFactory.getLogger(HistoryCommands.class);
    private static final Pattern PAGE = Pattern.compile("h:(\\d{1,4}):(\\d{1,20})");

    private final BotApi api;
    private final Outbox outbox;
    private final Answers answers;
    private final TaskHistory history;

    HistoryCommands(BotApi api, Outbox outbox, Answers answers, TaskHistory history) {
        this.api = api;
        this.outbox = outbox;
        this.answers = answers;
        this.history = history;
    }

    void onCommand(Actor actor, Message message) {
        TaskHistory.PageOutcome outcome = history.page(actor, actor.user(), 0);
        if (outcome instanceof TaskHistory.PageRefused refused) {
            answers.reply(message, refused.answer());
            return;
        }
        TaskHistory.Page page = (TaskHistory.Page) outcome;
        outbox.text(Answers.target(message), page.text(), TelegramTexts.historyKeyboard(page));
    }

    static boolean handles(String data) {
        return data.startsWith(TelegramTexts.HISTORY) || data.startsWith(TelegramTexts.FILE);
    }

    void onButton(CallbackQuery query, Actor actor, Message message, String data) {
        if (data.startsWith(TelegramTexts.FILE)) {
            file(query, actor, message, data.substring(TelegramTexts.FILE.length()));
            return;
        }
        Matcher m = PAGE.matcher(data);
        if (!m.matches()) {
            answer(query, null, false);
            return;
        }
        UserKey owner = new UserKey(Platform.TELEGRAM, m.group(2));
        TaskHistory.PageOutcome outcome = history.page(actor, owner, Integer.parseInt(m.group(1)));
        if (outcome instanceof TaskHistory.PageRefused refused) {
            answer(query, refused.answer().silent() ? null : refused.answer().text(), true);
            return;
        }
        TaskHistory.Page page = (TaskHistory.Page) outcome;
        outbox.edit(message.getChatId(), message.getMessageId(), page.text(), TelegramTexts.historyKeyboard(page));
        answer(query, null, false);
    }

    /** The kept video, posted again where the button is, as a reply to the list. */
    private void file(CallbackQuery query, Actor actor, Message message, String taskId) {
        TaskHistory.FileOutcome outcome = history.keptFile(actor, taskId);
        if (outcome instanceof TaskHistory.FileRefused refused) {
            answer(query, refused.answer().silent() ? null : refused.answer().text(), true);
            return;
        }
        TaskHistory.KeptFile kept = (TaskHistory.KeptFile) outcome;
        answer(query, null, false);
        try {
            outbox.video(Answers.target(message), kept.upload(), TelegramTexts.caption(kept.task()),
                    TelegramTexts.resultKeyboard(taskId), kept.task().options().spoiler());
        } catch (BotApiException e) {
            // Telegram's answer is for the log; the user is told in the bot's words
            log.warn("could not send the file of {} again: {}", taskId, e.getMessage());
            outbox.text(Answers.target(message), TelegramTexts.fileNotSent(), null);
        }
    }

    private void answer(CallbackQuery query, String text, boolean alert) {
        api.call(AnswerCallbackQuery.builder().callbackQueryId(query.getId()).text(text).showAlert(alert).build());
    }
}
