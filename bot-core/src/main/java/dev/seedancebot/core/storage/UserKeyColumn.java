package dev.seedancebot.core.storage;

import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import java.util.Locale;
import java.util.Objects;

/** How a {@link UserKey} is stored in one text column: its {@code toString()}, e.g. "discord:123". */
public final class UserKeyColumn {

    private UserKeyColumn() {}

    public static String format(UserKey user) {
        return Objects.requireNonNull(user, "user").toString();
    }

    /** The inverse of {@link #format}; the user id may itself contain colons. */
    public static UserKey parse(String column) {
        int colon = column.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("not a stored user key: " + column);
        }
        return new UserKey(Platform.valueOf(column.substring(0, colon).toUpperCase(Locale.ROOT)),
                column.substring(colon + 1));
    }
}
