package dev.seedancebot.core.quota;

import dev.seedancebot.core.identity.UserKey;

/** Credits one user spent in some scope. */
public record UserTotal(UserKey user, long credits) {}
