package dev.seedancebot.telegram;

import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.policy.Verdict;
import java.util.function.Supplier;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * How the bot answers in a chat: replies, the core's refusals in Telegram's words, and submissions whose
 * acknowledgement becomes the task's progress message.
 */
final class Answers {
    /** The answer when the handler queue is full; the update was not read, so nothing can have been charged. */
    static final String BUSY = "The bot is busy right now; please try again in a minute. Nothing was charged.";
    /** How a refusal names the places where videos are made: Telegram shows topic ids to nobody. */
    private static final String OTHER_TOPICS = "other topics of this group";
    /** The core's generic wording for the same, in refusals that reach the adapter only as text. */
    private static final String CORE_OTHER_CHANNELS = "other channels";

    private final Outbox outbox;
    private final ProgressMessages progress;

    Answers(Outbox outbox, ProgressMessages progress) {
        this.outbox = outbox;
        this.progress = progress;
    }

    void reply(Message to, String text) {
        outbox.text(target(to), text, null);
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
        return refused.text(places -> OTHER_TOPICS);
    }

    /**
     * A refusal the core returned as text only ({@link SubmitOutcome.Denied}), which names places the core's generic
     * way; until Denied carries the verdict, Telegram's wording is put back here.
     */
    static String denied(SubmitOutcome.Denied denied) {
        return denied.message().replace(CORE_OTHER_CHANNELS, OTHER_TOPICS);
    }

    /**
     * Submits under the chat's progress lock, then posts the acknowledgement, which becomes the progress message; a
     * refusal is answered as a reply.
     */
    void submit(Message answerTo, Supplier<SubmitOutcome> submission) {
        // Repeated has no text: that message was answered before the restart that re-sent it
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
            }
            return outcome;
        });
    }

    /** The words for a submission that was not accepted; {@code null} for an accepted or repeated one. */
    static String refusalText(SubmitOutcome outcome) {
        if (outcome instanceof SubmitOutcome.Invalid invalid) {
            return invalid.text();
        }
        return outcome instanceof SubmitOutcome.Denied denied ? denied(denied) : null;
    }

    static Outbox.Target target(Message m) {
        String thread = TelegramActors.threadOf(m);
        return new Outbox.Target(m.getChatId(), thread == null ? null : Integer.valueOf(thread), m.getMessageId());
    }
}
