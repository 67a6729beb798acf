package dev.seedancebot.testkit.discord;

import java.util.List;

/**
 * A guild member who sends interactions. Permissions come from {@code roleIds}, as in Discord: the fake's guild
 * defines {@link FakeDiscord#ROLE_MODERATORS} (no extra permissions) and {@link FakeDiscord#ROLE_ADMINS} (Manage
 * Server).
 */
public record Member(String id, String username, List<String> roleIds) {
    public Member {
        roleIds = List.copyOf(roleIds);
    }

    public static Member of(String id, String username) {
        return new Member(id, username, List.of());
    }

    public Member withRoles(String... roles) {
        return new Member(id, username, List.of(roles));
    }
}
