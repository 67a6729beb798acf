package dev.seedancebot.testkit.discord;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A slash command invocation to dispatch with {@link FakeDiscord#dispatch(SlashCommand)}: command, optional
 * subcommand, typed options, who sends it and where. Option values are typed as Discord types them: {@code String}
 * is STRING, {@code Integer}/{@code Long} INTEGER, {@code Double} NUMBER, {@code Boolean} BOOLEAN and a
 * {@link CdnAttachment} ATTACHMENT and a {@link Member} USER (both with their {@code resolved} entries); ROLE and
 * CHANNEL options come from {@link #roleOption} and {@link #channelOption}. Mutable builder; not thread-safe.
 */
public final class SlashCommand {
    final String name;
    String subcommand;
    final List<Option> options = new ArrayList<>();
    Member member = FakeDiscord.ALICE;
    String channelId = FakeDiscord.CHANNEL_GENERAL;
    long attachmentSizeLimit = FakeDiscord.DEFAULT_UPLOAD_LIMIT;
    boolean directMessage;

    record Option(String name, Object value) {}

    /** A ROLE option's value: a role of the fake's guild. */
    record RoleValue(String roleId) {}

    /** A CHANNEL option's value: a channel or thread of the fake's guild. */
    record ChannelValue(String channelId) {}

    private SlashCommand(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public static SlashCommand of(String name) {
        return new SlashCommand(name);
    }

    /** {@code /name subcommand ...}. */
    public static SlashCommand of(String name, String subcommand) {
        SlashCommand c = new SlashCommand(name);
        c.subcommand = subcommand;
        return c;
    }

    public SlashCommand option(String optionName, Object value) {
        if (!(value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Boolean || value instanceof CdnAttachment || value instanceof Member)) {
            throw new IllegalArgumentException("unsupported option type " + value.getClass().getName());
        }
        options.add(new Option(optionName, value));
        return this;
    }

    /** A ROLE option naming one of the fake guild's roles (with its {@code resolved.roles} entry). */
    public SlashCommand roleOption(String optionName, String roleId) {
        options.add(new Option(optionName, new RoleValue(Objects.requireNonNull(roleId, "roleId"))));
        return this;
    }

    /** A CHANNEL option naming one of the fake guild's channels (with its {@code resolved.channels} entry). */
    public SlashCommand channelOption(String optionName, String channelId) {
        options.add(new Option(optionName, new ChannelValue(Objects.requireNonNull(channelId, "channelId"))));
        return this;
    }

    public SlashCommand by(Member who) {
        this.member = Objects.requireNonNull(who, "who");
        return this;
    }

    /** The channel (or thread) the command is used in; it must exist in the fake's guild. */
    public SlashCommand in(String channel) {
        this.channelId = Objects.requireNonNull(channel, "channel");
        return this;
    }

    /** Sends the command in the member's DM with the bot (no guild), opening that DM if needed. */
    public SlashCommand inDirectMessage() {
        this.directMessage = true;
        return this;
    }

    /** The interaction's {@code attachment_size_limit}: the invoking user's upload limit in this guild. */
    public SlashCommand attachmentSizeLimit(long bytes) {
        this.attachmentSizeLimit = bytes;
        return this;
    }
}
