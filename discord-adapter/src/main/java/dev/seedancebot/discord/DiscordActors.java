package dev.seedancebot.discord;

import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.policy.Verdict;
import dev.seedancebot.core.ports.in.PlaceNames;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.channel.Channel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.interactions.Interaction;

/**
 * Describes who sent an interaction, and where, in the core's terms ({@link Actor}); the core's policy decides what
 * follows. Only facts Discord sent with the interaction are used: its guild, channel or thread, and member. Custom
 * ids and option values never name the place or the community, so a forged one cannot move the actor elsewhere.
 */
final class DiscordActors {
    private final Set<String> moderatorRoleIds;

    /** @param moderatorRoleIds the operator's {@code discord.moderator-role-ids}: their holders administer the bot */
    DiscordActors(Set<String> moderatorRoleIds) {
        this.moderatorRoleIds = Set.copyOf(moderatorRoleIds);
    }

    /**
     * The member in their guild at the interaction's channel (and thread), or the user in a DM, speaking the language
     * of their Discord client (every interaction carries it).
     */
    Actor of(Interaction interaction) {
        return person(interaction).speaking(interaction.getUserLocale().getLocale());
    }

    private Actor person(Interaction interaction) {
        UserKey user = user(interaction.getUser().getId());
        List<String> places = places(interaction.getChannel());
        if (interaction.getGuild() == null) {
            return new Actor(user, Actor.Sender.PERSON, null, places, Set.of(), Actor.AdminCheck.NO);
        }
        Member member = interaction.getMember();
        // The member (with its roles) comes with the interaction itself, and JDA keeps the roles' permissions live
        // from the gateway's GUILD_ROLE_UPDATE events (the GUILDS intent), so the cached answer is as fresh as the
        // press: asking again (fresh) needs no REST call.
        Actor.AdminCheck admin = fresh -> isAdmin(member);
        return Actor.member(user, interaction.getGuild().getId(), places, roleIds(member), admin);
    }

    /** Where the bot answers in the interaction's channel: a guild channel, a thread and its parent, or a DM. */
    static ChatRef chatOf(MessageChannel channel, String communityId) {
        if (channel instanceof ThreadChannel thread) {
            return new ChatRef(Platform.DISCORD, communityId, thread.getParentChannel().getId(), thread.getId(), null);
        }
        return ChatRef.of(Platform.DISCORD, communityId, channel.getId());
    }

    /** The refusal's text with the places it names as channel mentions, which Discord shows as links. */
    /** Channels as links, roles as role mentions (they ping nobody: every message sets its allowed mentions). */
    static final PlaceNames NAMES = PlaceNames.of(id -> "<#" + id + ">", id -> "<@&" + id + ">",
            () -> Texts.t("place.discord.admins"));

    static String text(Verdict.Refused refused) {
        return refused.text(DiscordActors::channels);
    }

    static String channels(java.util.List<String> ids) {
        return ids.stream().map(NAMES::channel).collect(Collectors.joining(", "));
    }

    static Set<String> roleIds(Member member) {
        return member == null ? Set.of() : member.getRoles().stream().map(Role::getId).collect(Collectors.toSet());
    }

    static UserKey user(String id) {
        return new UserKey(Platform.DISCORD, id);
    }

    /** The channel, or a thread's parent channel and the thread (most specific last, as {@link Actor} wants). */
    private static List<String> places(Channel channel) {
        if (channel == null) {
            return List.of();
        }
        if (channel instanceof ThreadChannel thread) {
            return List.of(thread.getParentChannel().getId(), thread.getId());
        }
        return List.of(channel.getId());
    }

    /** Discord's own admin right (Manage Server) or a role the operator configured as administering the bot. */
    private boolean isAdmin(Member member) {
        return member != null && (member.hasPermission(Permission.MANAGE_SERVER)
                || member.getRoles().stream().anyMatch(r -> moderatorRoleIds.contains(r.getId())));
    }
}
