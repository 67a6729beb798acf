package dev.seedancebot.telegram;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.ports.in.PlaceNames;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * Describes who sent a message or pressed a button, and where, as an {@link Actor}: the platform facts only (chat
 * type, {@code sender_chat}, admin status, topic). What the actor may do is the core's decision.
 */
final class TelegramActors {
    /**
     * The accounts Telegram puts in {@code from} when nobody in particular wrote the message: Channel_Bot (posts as a
     * channel), GroupAnonymousBot (anonymous admins) and the service account of older automatic forwards. They are
     * never people, whatever a message claims.
     */
    private static final Set<Long> PLACEHOLDERS = Set.of(136817688L, 1087968824L, 777000L);
    /** The place id of a group's General topic, and of a group without topics, in channel settings. */
    static final String GENERAL = "general";
    /** The role id a chat's admins carry in role limits ({@code /videomod limit role telegram:admin ...}). */
    static final String ADMIN_ROLE = "telegram:admin";
    /** Topics by number (members cannot see topic ids, but moderators set them), appointed moderators as people. */
    static final PlaceNames NAMES = PlaceNames.of(
            id -> GENERAL.equals(id) ? t("place.telegram.general") : t("place.telegram.topic", "id", id),
            id -> t("place.telegram.user", "id", id), () -> t("place.telegram.admins"));

    private final ChatAdmins admins;

    TelegramActors(ChatAdmins admins) {
        this.admins = admins;
    }

    /**
     * The sender of {@code m}; empty for messages the bot ignores silently: a linked channel's posts that Telegram
     * forwards into its discussion group by itself, and messages without any sender.
     */
    Optional<Actor> of(Message m) {
        if (ignored(m)) {
            return Optional.empty();
        }
        Chat senderChat = m.getSenderChat();
        if (!isPerson(m)) {
            // a channel, or an admin hiding behind the group: no person to charge, rate or trust
            boolean anonymousAdmin = senderChat != null && senderChat.getId().equals(m.getChatId());
            long id = senderChat != null ? senderChat.getId() : m.getFrom().getId();
            return Optional.of(new Actor(new UserKey(Platform.TELEGRAM, String.valueOf(id)),
                    anonymousAdmin ? Actor.Sender.ANONYMOUS_ADMIN : Actor.Sender.CHANNEL, communityOf(m.getChat()),
                    places(m), Set.of(), Actor.AdminCheck.NO));
        }
        return Optional.of(person(m.getFrom(), m).speaking(m.getFrom().getLanguageCode()));
    }

    /** The person who pressed a button under {@code under}: they act in that message's chat and topic. */
    Actor pressing(User from, Message under) {
        return person(from, under).speaking(from.getLanguageCode());
    }

    /** Updates the bot never acts on: automatic forwards from a linked channel, and messages without a sender. */
    static boolean ignored(Message m) {
        return Boolean.TRUE.equals(m.getIsAutomaticForward()) || m.getFrom() == null && m.getSenderChat() == null;
    }

    /** Whether a person wrote {@code m} as themselves (not as a channel, not anonymously as the group). */
    static boolean isPerson(Message m) {
        return m.getSenderChat() == null && m.getFrom() != null && !isPlaceholder(m.getFrom().getId());
    }

    static boolean isPlaceholder(long userId) {
        return PLACEHOLDERS.contains(userId);
    }

    private Actor person(User from, Message where) {
        long chatId = where.getChatId();
        long userId = from.getId();
        String community = communityOf(where.getChat());
        if (community == null) {
            return new Actor(userKey(from), Actor.Sender.PERSON, null, places(where), Set.of(),
                    Actor.AdminCheck.NO);
        }
        // the admin role feeds the quota's role limits; cached like every other admin lookup
        Set<String> roles = admins.isAdmin(chatId, userId, false) ? Set.of(ADMIN_ROLE)
                : Set.of();
        return Actor.member(userKey(from), community, places(where), roles,
                fresh -> admins.isAdmin(chatId, userId, fresh));
    }

    static UserKey userKey(User user) {
        return new UserKey(Platform.TELEGRAM, String.valueOf(user.getId()));
    }

    /**
     * Where {@code m} was sent, most specific last: the chat, then in a group its forum topic or
     * {@link #GENERAL} (General, and groups without topics), as the channel settings name
     * them.
     */
    static List<String> places(Message m) {
        String chat = String.valueOf(m.getChatId());
        if (communityOf(m.getChat()) == null) {
            return List.of(chat);
        }
        String thread = threadOf(m);
        return List.of(chat, thread == null ? GENERAL : thread);
    }

    /** Groups are communities; private chats are not. */
    static String communityOf(Chat chat) {
        return Boolean.TRUE.equals(chat.isUserChat()) ? null : String.valueOf(chat.getId());
    }

    /** Where an answer to {@code m} goes: its chat and topic, as a reply to it. */
    static ChatRef chatRef(Message m) {
        return new ChatRef(Platform.TELEGRAM, communityOf(m.getChat()), String.valueOf(m.getChatId()), threadOf(m),
                String.valueOf(m.getMessageId()));
    }

    /**
     * The forum topic of a message. Only topic messages have one: a message in General carries no topic, and a reply
     * in General carries the replied message's id, which is no topic.
     */
    static String threadOf(Message m) {
        Integer thread = m.getMessageThreadId();
        if (thread == null || !Boolean.TRUE.equals(m.getIsTopicMessage()) || thread == 1) {
            return null;
        }
        return String.valueOf(thread);
    }
}
