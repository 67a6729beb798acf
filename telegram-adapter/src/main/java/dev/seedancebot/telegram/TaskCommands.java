package dev.seedancebot.telegram;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.ports.in.LanguageRequests;

import dev.seedancebot.core.engine.ActionOutcome;
import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.policy.Verdict;
import dev.seedancebot.core.ports.in.TaskActions;
import dev.seedancebot.core.ports.in.VideoRequests;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ForceReplyKeyboard;

/**
 * Actions on existing tasks: the Cancel, Re-roll and Extend buttons, replies to the extend prompt and
 * {@code /extend <id>}. Button data and ids are whatever the client sent, so the core checks every one against where
 * the task belongs; a refused press is answered to the presser alone and posts nothing in the chat.
 */
final class TaskCommands {
    private final BotApi api;
    private final Outbox outbox;
    private final Answers answers;
    private final TelegramActors actors;
    private final TaskActions tasks;
    private final VideoRequests requests;
    private final HistoryCommands history;
    private final ContentButtons content;
    private volatile long botId;

    TaskCommands(BotApi api, Outbox outbox, Answers answers, TelegramActors actors, TaskActions tasks,
            VideoRequests requests, HistoryCommands history, ContentButtons content, LanguageRequests languages) {
        this.languages = languages;
        this.api = api;
        this.outbox = outbox;
        this.answers = answers;
        this.actors = actors;
        this.tasks = tasks;
        this.requests = requests;
        this.history = history;
        this.content = content;
    }

    private final LanguageRequests languages;

    void botIdentity(long id) {
        this.botId = id;
    }

    void onExtendCommand(Actor actor, Message message, String args) {
        String[] parts = args.strip().split("\\s+", 2);
        if (parts.length < 2 || parts[0].isEmpty()) {
            answers.reply(message, t("telegram.extendUsage"));
            return;
        }
        extend(actor, message, parts[0], parts[1]);
    }

    /** The task whose extend prompt {@code message} answers, when it is a text reply to one. */
    Optional<String> promptAnswered(Message message) {
        Message replied = message.getReplyToMessage();
        if (replied == null || replied.getFrom() == null || replied.getFrom().getId() != botId || !message.hasText()) {
            return Optional.empty();
        }
        return TelegramTexts.extendTaskOf(replied.getText());
    }

    /** The reply to an extend prompt is the instruction. */
    void onPromptAnswer(Actor actor, Message message, String taskId) {
        extend(actor, message, taskId, message.getText());
    }

    private void extend(Actor actor, Message message, String taskId, String instruction) {
        answers.submit(message, () -> tasks.extend(actor, taskId, instruction, TelegramActors.chatRef(message)));
    }

    void onButton(CallbackQuery query) {
        String data = query.getData() == null ? "" : query.getData();
        MaybeInaccessibleMessage under = query.getMessage();
        if (!(under instanceof Message message)) {
            try (Texts.Scope language = Texts.use(Languages.match(query.getFrom().getLanguageCode())
                    .orElse(Languages.ENGLISH))) {
                answer(query, t("telegram.buttonTooOld"), true);
            }
            return;
        }
        // the press happens where the button is: that message's chat and topic, whoever the presser is
        Actor actor = actors.pressing(query.getFrom(), message);
        try (Texts.Scope language = Texts.use(languages.localeOf(actor))) {
            onButton(query, data, message, actor);
        }
    }

    private void onButton(CallbackQuery query, String data, Message message, Actor actor) {
        if (data.startsWith(TelegramTexts.CANCEL)) {
            ActionOutcome outcome = tasks.cancel(actor, data.substring(TelegramTexts.CANCEL.length()));
            answer(query, outcome.message(), !outcome.done());
        } else if (data.startsWith(TelegramTexts.REROLL)) {
            String taskId = data.substring(TelegramTexts.REROLL.length());
            SubmitOutcome outcome = answers.acknowledged(message,
                    () -> tasks.reroll(actor, taskId, TelegramActors.chatRef(message)));
            String refusal = Answers.refusalText(outcome);
            answer(query, refusal == null ? t("telegram.rerolling", "taskId", taskId) : refusal, refusal != null);
        } else if (data.startsWith(TelegramTexts.EXTEND)) {
            onExtendButton(query, actor, message, data.substring(TelegramTexts.EXTEND.length()));
        } else if (ContentButtons.handles(data)) {
            content.onButton(query, actor, data);
        } else if (HistoryCommands.handles(data)) {
            history.onButton(query, actor, message, data);
        } else {
            answer(query, null, false);
        }
    }

    /**
     * The prompt costs nothing, but a video would follow: the core admits the presser here first, so nobody is asked
     * for an instruction that would be refused. Whose task it is is checked when the instruction arrives.
     */
    private void onExtendButton(CallbackQuery query, Actor actor, Message message, String taskId) {
        Verdict verdict = requests.admit(actor);
        if (verdict instanceof Verdict.Refused refused) {
            if (!refused.silent()) {
                answer(query, Answers.text(refused), true);
            }
            return;
        }
        answer(query, null, false);
        outbox.text(Answers.target(message), TelegramTexts.extendPrompt(taskId),
                ForceReplyKeyboard.builder().forceReply(true).selective(true)
                        .inputFieldPlaceholder(t("telegram.extendPlaceholder")).build());
    }

    private void answer(CallbackQuery query, String text, boolean alert) {
        api.call(AnswerCallbackQuery.builder().callbackQueryId(query.getId()).text(text).showAlert(alert).build());
    }
}
