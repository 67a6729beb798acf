package dev.seedancebot.telegram;

import dev.seedancebot.core.request.VideoOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * Settings of the Telegram adapter.
 *
 * @param token the bot token; it appears only in Bot API URLs, never in logs or provider requests
 * @param apiUrl where the Bot API is ({@link TelegramUrl#DEFAULT_URL}, a local Bot API server or a test fake)
 * @param fileBaseUrl where files are downloaded from, e.g. {@code https://api.telegram.org}; the adapter appends
 *     {@code /file/bot<token>/<path>} itself because TelegramBots ignores {@code apiUrl} for downloads
 * @param localServer a local Bot API server ({@code --local}): uploads up to 2000 MB and no 20 MB download cap
 * @param operatorIds users who may moderate in every chat, in addition to each group's admins
 * @param albumDebounce how long after an album's last item the album counts as complete
 * @param adminCacheTtl how long a group's admin list is trusted before it is fetched again
 * @param videoDefaults the options a {@code /video} without inline options gets
 */
public record TelegramSettings(
        String token,
        TelegramUrl apiUrl,
        String fileBaseUrl,
        boolean localServer,
        Set<Long> operatorIds,
        Duration albumDebounce,
        Duration adminCacheTtl,
        VideoOptions videoDefaults) {

    public TelegramSettings {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token may not be blank");
        }
        Objects.requireNonNull(apiUrl, "apiUrl");
        if (fileBaseUrl == null || !fileBaseUrl.startsWith("http")) {
            throw new IllegalArgumentException("fileBaseUrl must be an http(s) URL");
        }
        fileBaseUrl = fileBaseUrl.endsWith("/") ? fileBaseUrl.substring(0, fileBaseUrl.length() - 1) : fileBaseUrl;
        operatorIds = Set.copyOf(operatorIds);
        Objects.requireNonNull(albumDebounce, "albumDebounce");
        Objects.requireNonNull(adminCacheTtl, "adminCacheTtl");
        Objects.requireNonNull(videoDefaults, "videoDefaults");
    }

    /** Telegram's cloud API, no operators, a 1.5 s album debounce, admin lists trusted for 5 minutes. */
    public static TelegramSettings defaults(String token) {
        return new TelegramSettings(token, TelegramUrl.DEFAULT_URL, "https://api.telegram.org", false, Set.of(),
                Duration.ofMillis(1500), Duration.ofMinutes(5), VideoOptions.DEFAULTS);
    }

    /** The same settings pointed at another server (a local Bot API server or a test fake). */
    public TelegramSettings withServer(String scheme, String host, int port, boolean local) {
        return new TelegramSettings(token, new TelegramUrl(scheme, host, port, false),
                scheme + "://" + host + ":" + port, local, operatorIds, albumDebounce, adminCacheTtl, videoDefaults);
    }

    public TelegramSettings withOperators(Set<Long> ids) {
        return new TelegramSettings(token, apiUrl, fileBaseUrl, localServer, ids, albumDebounce, adminCacheTtl,
                videoDefaults);
    }

    public TelegramSettings withAlbumDebounce(Duration value) {
        return new TelegramSettings(token, apiUrl, fileBaseUrl, localServer, operatorIds, value, adminCacheTtl,
                videoDefaults);
    }

    /** Largest upload Telegram accepts from this bot. */
    long uploadLimitBytes() {
        return (localServer ? 2000L : 50L) * 1000 * 1000;
    }

    /** Largest file the bot may download; unlimited on a local server. */
    long downloadLimitBytes() {
        return localServer ? Long.MAX_VALUE : 20L * 1024 * 1024;
    }

    /** Never print the token. */
    @Override
    public String toString() {
        return "TelegramSettings[api=" + apiUrl.getSchema() + "://" + apiUrl.getHost() + ":" + apiUrl.getPort()
                + ", localServer=" + localServer + ", operators=" + operatorIds.size() + "]";
    }
}
