package dev.seedancebot.app.config;

import dev.seedancebot.core.seedance.SeedanceSettings;
import java.time.Duration;
import java.util.Locale;

/**
 * Builds the {@code seedance:} section. Its values become {@link SeedanceSettings} once a key is known
 * ({@link AppConfig.Seedance#settings(String)}): the key may be unset, for commands that need no provider.
 */
final class SeedanceBinder {
    private SeedanceBinder() {}

    static AppConfig.Seedance bind(ValueReader r) {
        AppConfig.Seedance seedance = new AppConfig.Seedance(
                r.secret("seedance.api-key", "seedance.api-key-file"),
                r.httpUrl("seedance.base-url", SeedanceSettings.DEFAULT_BASE_URL),
                r.text("seedance.model", SeedanceSettings.DEFAULT_MODEL),
                r.duration("seedance.connect-timeout", Duration.ofMillis(100)),
                r.duration("seedance.read-timeout", Duration.ofSeconds(1)),
                r.optionalText("seedance.asset-group-id"),
                r.duration("seedance.asset-inactive-timeout", Duration.ofSeconds(1), Duration.ofMinutes(10)),
                r.duration("seedance.task-not-found-grace", Duration.ZERO, Duration.ofHours(24)));
        if (seedance.apiKey() != null && seedance.apiKey().toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            r.problem("seedance.api-key must be the bare key; remove the \"Bearer \" prefix ("
                    + r.origin("seedance.api-key") + ")");
        }
        return seedance;
    }
}
