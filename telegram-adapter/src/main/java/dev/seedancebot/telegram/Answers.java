package dev.seedancebot.telegram;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.platform.UserTexts;
import dev.seedancebot.core.policy.Verdict;
import dev.seedancebot.core.ports.in.Answer;
import java.util.function.Supplier;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * How the bot answers in a chat: replies, the core's refusals in Telegram's words, and submissions whose
 * acknowledgement becomes the task's progress message.
 */
final class Answers {
    /** The answer when the handler queue is full; the update was not read, so nothing can have been charged. */
    /** How a refusal names the places where videos are made: Telegram shows topic ids to nobody. */

    private final Outbox outbox;
    private final ProgressMessages progress;

    Answers(Outbox outbox, ProgressMessages progress) {
        this.outbox = outbox;
        this.progress = progress;
    }

    void reply(Message to, String text) {
        outbox.text(target(to), text, null);
    }

    /** A core answer; a silent one (a flood past its first warning) is not sent. */
    void reply(Message to, Answer answer) {
        if (!answer.silent()) {
            reply(to, answer.text());
        }
    }

    /**
     * True when {@code verdict} refuses; the refusal is answered unless the core asked for silence (a flood past its
     * first warning: answers would feed it).
     */
    boolean refused(Message to, Verdict verdict) {
        if (!(verdict instanceof Verdict.Refused refused)) {
            return false;
        }
        if (!refused.silent()) {
            reply(to, text(refused));
        }
        return true;
    }

    static String text(Verdict.Refused refused) {
        return refused.text(places -> t("telegram.otherTopics"));
    }

    static String denied(SubmitOutcome.Denied denied) {
        return denied.text(places -> t("telegram.otherTopics"));
    }

    /**
     * Submits under the chat's progress lock, then posts the acknowledgement, which becomes the progress message; a
     * refusal is answered as a reply.
     */
    void submit(Message answerTo, Supplier<SubmitOutcome> submission) {
        // Repeated has no text: that message was answered before the restart that re-sent it; a silent denial is a
        // flood past its first warning
        String refusal = refusalText(acknowledged(answerTo, submission));
        if (refusal != null) {
            reply(answerTo, refusal);
        }
    }

    /**
     * Like {@link #submit}, but leaves refusals to the caller (a button press answers them to the presser alone,
     * so that nothing is posted where the press was not allowed).
     */
    SubmitOutcome acknowledged(Message answerTo, Supplier<SubmitOutcome> submission) {
        return progress.whileSubmitting(answerTo.getChatId(), () -> {
            SubmitOutcome outcome = submission.get();
            if (outcome instanceof SubmitOutcome.Accepted a) {
                String text = TelegramTexts.accepted(a.task(), a.remainingToday());
                Message ack = outbox.text(target(answerTo), text, TelegramTexts.progressKeyboard(a.task()));
                progress.remember(a.task().id(), ack.getMessageId(), text);
                if (!a.conversions().isEmpty()) {
                    // a message of its own: the acknowledgement is edited into progress and then the video
                    outbox.text(target(answerTo), String.join("\n", a.conversions()), null);
                }
            }
            return outcome;
        });
    }

    /** The words for a submission that was not accepted; {@code null} for an accepted or repeated one. */
    static String refusalText(SubmitOutcome outcome) {
        if (outcome instanceof SubmitOutcome.Invalid invalid) {
            return invalid.text();
        }
        return outcome instanceof SubmitOutcome.Denied denied && !denied.silent() ? denied(denied) : null;
    }

    static Outbox.Target target(Message m) {
        String thread = TelegramActors.threadOf(m);
        return new Outbox.Target(m.getChatId(), thread == null ? null : Integer.valueOf(thread), m.getMessageId());
    }
}
