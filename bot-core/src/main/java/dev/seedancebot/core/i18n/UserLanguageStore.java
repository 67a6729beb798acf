package dev.seedancebot.core.i18n;

import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.storage.Jdbc;
import dev.seedancebot.core.storage.UserKeyColumn;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The languages people chose with {@code /language}, in {@code user_language}. Read once per interaction by primary
 * key, uncached: a choice made on one instance applies on every other at once, and the read is cheaper than the
 * platform round trip it answers.
 */
public final class UserLanguageStore {
    private final Jdbc jdbc;
    private final Clock clock;

    public UserLanguageStore(Jdbc jdbc, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Optional<Locale> get(UserKey user) {
        return jdbc.query("SELECT language FROM user_language WHERE user_key = ?", row -> row.getString(1),
                UserKeyColumn.format(user)).stream().findFirst().flatMap(Languages::match);
    }

    public void set(UserKey user, Locale language) {
        String key = UserKeyColumn.format(user);
        String tag = Languages.tag(language);
        Instant now = clock.instant();
        jdbc.inTransaction(c -> {
            if (Jdbc.update(c, "UPDATE user_language SET language = ?, updated_at = ? WHERE user_key = ?", tag, now,
                    key) == 0) {
                Jdbc.update(c, "INSERT INTO user_language (user_key, language, updated_at) VALUES (?, ?, ?)", key, tag,
                        now);
            }
            return null;
        });
    }

    public void clear(UserKey user) {
        jdbc.update("DELETE FROM user_language WHERE user_key = ?", UserKeyColumn.format(user));
    }
}
