package dev.seedancebot.discord;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.requests.Route;
import net.dv8tion.jda.api.utils.AttachedFile;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import net.dv8tion.jda.internal.requests.RestActionImpl;
import okhttp3.RequestBody;

/**
 * Posts (or edits) a message in a channel known only by its id: a channel of a guild on a shard another instance runs, or a DM
 * not cached since a restart. JDA 6.5 sends messages only through cached channel objects, and Discord needs nothing
 * but the id ({@code POST channels/{id}/messages}), so this builds the request JDA itself would build and queues it on
 * JDA's requester, keeping its rate limiting, retries and {@code ErrorResponseException}s.
 *
 * <p>{@link RestActionImpl} is JDA's internal (but long-stable) base of every REST action and the only internal class
 * used; everything else is public API. Without a cached channel JDA cannot check permissions first, so a channel
 * closed to the bot answers 403 {@code 50013}, which {@link DiscordFailures} treats like JDA's own check.
 */
final class ChannelPoster {
    private ChannelPoster() {}

    /**
     * @param nonce sent with {@code enforce_nonce} so that a repeated post returns the first message; null for none
     * @return the action, which yields the new message's id
     */
    static RestAction<String> post(JDA jda, String channelId, MessageCreateData message, String nonce) {
        RequestBody body;
        // closing is safe once the body exists: JDA's file bodies buffer their stream on first use
        try (MessageCreateData data = message) {
            DataObject json = data.toData();
            if (nonce != null) {
                json.put("nonce", nonce).put("enforce_nonce", true);
            }
            // multipart with only payload_json is accepted too, so one shape serves messages with and without files
            body = AttachedFile.createMultipartBody(data.getAllDistinctFiles(), json).build();
        }
        return new RestActionImpl<>(jda, Route.Messages.SEND_MESSAGE.compile(channelId), body,
                (response, request) -> response.getObject().getString("id"));
    }

    /** Edits a message of the bot's in a channel known only by its id ({@code PATCH channels/{id}/messages/{id}}). */
    static RestAction<Void> edit(JDA jda, String channelId, String messageId, MessageEditData message) {
        RequestBody body;
        try (MessageEditData data = message) {
            body = AttachedFile.createMultipartBody(data.getFiles(), data.toData()).build();
        }
        return new RestActionImpl<>(jda, Route.Messages.EDIT_MESSAGE.compile(channelId, messageId), body);
    }

    /** Deletes a message in a channel known only by its id ({@code DELETE channels/{id}/messages/{id}}). */
    static RestAction<Void> delete(JDA jda, String channelId, String messageId) {
        return new RestActionImpl<>(jda, Route.Messages.DELETE_MESSAGE.compile(channelId, messageId));
    }
}
