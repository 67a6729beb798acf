package dev.seedancebot.discord;

import java.util.EnumSet;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.utils.messages.MessageRequest;

/**
 * The mentions a bot message may ping, set on every message it creates or edits. Texts echo what users wrote
 * (prompts, instructions, option values, reasons), and Discord pings whatever a bot's message mentions unless
 * {@code allowed_mentions} says otherwise, so a prompt with {@code @everyone}, {@code <@&role>} or {@code <@user>}
 * would let its author ping through the bot. Nothing is parsed from the text; only the requester is named.
 */
final class Mentions {
    private Mentions() {}

    /** Pings nobody. */
    static <R extends MessageRequest<R>> R none(R request) {
        return request.setAllowedMentions(EnumSet.noneOf(Message.MentionType.class)).mentionRepliedUser(false);
    }

    /** Pings only {@code userId} (the requester a result or notice is for), whatever else the text mentions. */
    static <R extends MessageRequest<R>> R only(R request, String userId) {
        return none(request).mentionUsers(userId);
    }
}
