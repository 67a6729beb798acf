package dev.seedancebot.core.policy;

import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who acts, and where, in neutral terms: the adapter fills it in from platform facts (Discord member permissions and
 * roles, Telegram chat type, admin status and {@code sender_chat}); the core's {@link IntakePolicy} alone decides what
 * the actor may do with it. Operators are not a platform fact: the policy knows them from the operator's
 * configuration.
 *
 * @param user the person (for a {@link Sender#PERSON}) or the account the platform attributes the message to
 * @param sender what kind of sender the platform says this is
 * @param communityId the Discord server or Telegram group; {@code null} in a private chat or the terminal
 * @param places the channel, thread or topic ids the command came from, most specific last; empty when unknown
 * @param roleIds the member's roles in the community (Discord role ids), for moderator roles and role limits
 * @param admin whether the platform says this member administers the community (Discord Manage Server or a
 *     configured moderator role; Telegram chat admin); asked again, fresh, before actions that change money
 * @param language the language the platform says the person uses (Discord's interaction locale such as
 *     {@code es-ES}, Telegram's {@code language_code}), as sent; {@code null} when unknown. The core resolves the
 *     language it answers in from this, the person's own choice and the community's default.
 */
public record Actor(UserKey user, Sender sender, String communityId, List<String> places, Set<String> roleIds,
        AdminCheck admin, String language) {

    /** What the platform says sent the message. */
    public enum Sender {
        /** A person writing as themselves: the only sender with a quota and rights of its own. */
        PERSON,
        /** A Telegram post made as a channel (a channel post, a linked channel's forward, "send as channel"). */
        CHANNEL,
        /** A Telegram group admin posting anonymously as the group: which admin it is cannot be known. */
        ANONYMOUS_ADMIN
    }

    /** Whether the member administers the community; {@code fresh} asks the platform instead of a cache. */
    @FunctionalInterface
    public interface AdminCheck {
        AdminCheck NO = fresh -> false;

        boolean isAdmin(boolean fresh);
    }

    public Actor {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(sender, "sender");
        places = List.copyOf(places);
        roleIds = Set.copyOf(roleIds);
        Objects.requireNonNull(admin, "admin");
    }

    /** An actor whose platform did not say their language. */
    public Actor(UserKey user, Sender sender, String communityId, List<String> places, Set<String> roleIds,
            AdminCheck admin) {
        this(user, sender, communityId, places, roleIds, admin, null);
    }

    /** The same actor, with the language its platform says it uses. */
    public Actor speaking(String platformLanguage) {
        return new Actor(user, sender, communityId, places, roleIds, admin, platformLanguage);
    }

    /** A person in a community, with roles and an admin check. */
    public static Actor member(UserKey user, String communityId, List<String> places, Set<String> roleIds,
            AdminCheck admin) {
        return new Actor(user, Sender.PERSON, communityId, places, roleIds, admin);
    }

    /** A person in a private chat with the bot (or the terminal). */
    public static Actor direct(UserKey user) {
        return new Actor(user, Sender.PERSON, null, List.of(), Set.of(), AdminCheck.NO);
    }

    public Platform platform() {
        return user.platform();
    }

    public boolean inPrivate() {
        return communityId == null;
    }

    /** The same actor acting in another place of the same community (a button pressed elsewhere). */
    public Actor at(List<String> otherPlaces) {
        return new Actor(user, sender, communityId, otherPlaces, roleIds, admin, language);
    }
}
