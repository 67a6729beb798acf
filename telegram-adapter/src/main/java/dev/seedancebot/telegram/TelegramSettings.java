package dev.seedancebot.telegram;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * Settings of the Telegram adapter.
 *
 * @param token the bot token; it appears only in Bot API URLs, never in logs or provider requests; {@code null}
 *     when Telegram is not configured: the app then does not start the adapter
 * @param apiUrl where the Bot API is ({@link TelegramUrl#DEFAULT_URL}, a local Bot API server or a test fake)
 * @param fileBaseUrl where files are downloaded from, e.g. {@code https://api.telegram.org}; the adapter appends
 *     {@code /file/bot<token>/<path>} itself because TelegramBots ignores {@code apiUrl} for downloads
 * @param localServer a local Bot API server ({@code --local}): uploads up to 2000 MB and downloads without
 *     Telegram's 20 MB cap
 * @param albumDebounce how long after an album's last item the album counts as complete
 * @param adminCacheTtl how long a group's admin list is trusted before it is fetched again
 * @param receiver how this instance receives updates: polling alone, polling when elected, or a webhook
 */
public record TelegramSettings(
        String token,
        TelegramUrl apiUrl,
        String fileBaseUrl,
        boolean localServer,
        Duration albumDebounce,
        Duration adminCacheTtl,
        Receiver receiver) {

    /**
     * How updates reach the bot. Telegram serves {@code getUpdates} to one consumer per token (a second one gets 409
     * Conflict), so several instances either elect the one that polls or all accept webhook calls behind a load
     * balancer. Results are sent by whichever instance runs the task, in every mode.
     *
     * @param mode see {@link Mode}
     * @param electionInterval {@link Mode#ELECTED_POLLING}: how often an instance tries the lock (and the holder checks
     *     it still has it); a dead holder is replaced within about this long after PostgreSQL ends its session
     * @param webhookUrl {@link Mode#WEBHOOK}: the public HTTPS URL Telegram posts updates to (the load balancer's);
     *     its path is also the path this instance serves
     * @param webhookSecret {@link Mode#WEBHOOK}: 1–256 characters of {@code A-Z a-z 0-9 _ -}; Telegram sends it in
     *     {@code X-Telegram-Bot-Api-Secret-Token} and requests without it are refused
     * @param webhookListen {@link Mode#WEBHOOK}: the local address the instance's HTTP server binds (port 0: any free
     *     port)
     */
    public record Receiver(Mode mode, Duration electionInterval, URI webhookUrl, String webhookSecret,
            InetSocketAddress webhookListen) {
        public static final Duration DEFAULT_ELECTION_INTERVAL = Duration.ofSeconds(5);
        private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{1,256}");

        /** The receiver modes, with their configuration names. */
        public enum Mode {
            /** This instance long-polls; the only choice for a single instance (the default). */
            POLLING,
            /** The instance holding the cluster's leader lock long-polls; the others only send. */
            ELECTED_POLLING,
            /** Telegram posts updates to a URL; every instance behind the load balancer accepts them. */
            WEBHOOK;

            /** {@code polling}, {@code elected-polling} or {@code webhook}. */
            public static Mode parse(String name) {
                for (Mode m : values()) {
                    if (m.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                        return m;
                    }
                }
                throw new IllegalArgumentException("telegram.receiver must be polling, elected-polling or webhook,"
                        + " was " + name);
            }

            public String configName() {
                return name().toLowerCase(Locale.ROOT).replace('_', '-');
            }
        }

        public Receiver {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(electionInterval, "electionInterval");
            if (electionInterval.isNegative() || electionInterval.isZero()) {
                throw new IllegalArgumentException("electionInterval must be positive");
            }
            if (mode == Mode.WEBHOOK) {
                if (webhookUrl == null || webhookUrl.getScheme() == null || !webhookUrl.getScheme().startsWith("http")) {
                    throw new IllegalArgumentException("telegram.webhook.url must be an http(s) URL");
                }
                if (webhookSecret == null || !SECRET.matcher(webhookSecret).matches()) {
                    throw new IllegalArgumentException("telegram.webhook.secretToken must be 1-256 characters of"
                            + " A-Z, a-z, 0-9, _ and -");
                }
                Objects.requireNonNull(webhookListen, "webhookListen");
            }
        }

        /** A single instance polling (the default). */
        public static Receiver polling() {
            return new Receiver(Mode.POLLING, DEFAULT_ELECTION_INTERVAL, null, null, null);
        }

        /** Polling by whichever instance holds the leader lock, tried every {@code interval}. */
        public static Receiver electedPolling(Duration interval) {
            return new Receiver(Mode.ELECTED_POLLING, interval, null, null, null);
        }

        /** Webhook mode: Telegram posts to {@code url}; this instance serves its path on {@code listen}. */
        public static Receiver webhook(URI url, String secret, InetSocketAddress listen) {
            return new Receiver(Mode.WEBHOOK, DEFAULT_ELECTION_INTERVAL, url, secret, listen);
        }

        /** The path Telegram's requests arrive on: the webhook URL's path, {@code /} if it has none. */
        String webhookPath() {
            String path = webhookUrl.getRawPath();
            return path == null || path.isEmpty() ? "/" : path;
        }

        /** Never print the secret. */
        @Override
        public String toString() {
            return "Receiver[" + mode.configName() + (mode == Mode.ELECTED_POLLING ? ", every " + electionInterval : "")
                    + (mode == Mode.WEBHOOK ? ", url=" + webhookUrl + ", listen=" + webhookListen + ", secret=***" : "")
                    + "]";
        }
    }

    public TelegramSettings {
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("token may not be blank");
        }
        Objects.requireNonNull(apiUrl, "apiUrl");
        if (fileBaseUrl == null || !fileBaseUrl.startsWith("http")) {
            throw new IllegalArgumentException("fileBaseUrl must be an http(s) URL");
        }
        fileBaseUrl = fileBaseUrl.endsWith("/") ? fileBaseUrl.substring(0, fileBaseUrl.length() - 1) : fileBaseUrl;
        Objects.requireNonNull(albumDebounce, "albumDebounce");
        Objects.requireNonNull(adminCacheTtl, "adminCacheTtl");
        Objects.requireNonNull(receiver, "receiver");
    }

    /** Whether a token is configured, so that the adapter can run. */
    public boolean enabled() {
        return token != null;
    }

    /** Settings of a single polling instance. */
    public TelegramSettings(String token, TelegramUrl apiUrl, String fileBaseUrl, boolean localServer,
            Duration albumDebounce, Duration adminCacheTtl) {
        this(token, apiUrl, fileBaseUrl, localServer, albumDebounce, adminCacheTtl, Receiver.polling());
    }

    /** Telegram's cloud API, a 1.5 s album debounce, admin lists trusted for 5 minutes. */
    public static TelegramSettings defaults(String token) {
        return new TelegramSettings(token, TelegramUrl.DEFAULT_URL, "https://api.telegram.org", false,
                Duration.ofMillis(1500), Duration.ofMinutes(5));
    }

    /** The same settings pointed at another server (a local Bot API server or a test fake). */
    public TelegramSettings withServer(String scheme, String host, int port, boolean local) {
        return new TelegramSettings(token, new TelegramUrl(scheme, host, port, false),
                scheme + "://" + host + ":" + port, local, albumDebounce, adminCacheTtl, receiver);
    }

    public TelegramSettings withAlbumDebounce(Duration value) {
        return new TelegramSettings(token, apiUrl, fileBaseUrl, localServer, value, adminCacheTtl, receiver);
    }

    public TelegramSettings withReceiver(Receiver value) {
        return new TelegramSettings(token, apiUrl, fileBaseUrl, localServer, albumDebounce, adminCacheTtl, value);
    }

    /** Largest upload Telegram accepts from this bot. */
    long uploadLimitBytes() {
        return (localServer ? 2000L : 50L) * 1000 * 1000;
    }

    /**
     * Largest file the bot downloads: Telegram's 20 MB for bots, or on a local server (which has no such cap) the
     * most one request to Seedance can carry, so that no input is fetched only to be refused.
     */
    long downloadLimitBytes() {
        return (localServer ? 64L : 20L) * 1024 * 1024;
    }

    /** Never print the token. */
    @Override
    public String toString() {
        return "TelegramSettings[api=" + apiUrl.getSchema() + "://" + apiUrl.getHost() + ":" + apiUrl.getPort()
                + ", localServer=" + localServer + ", receiver=" + receiver + "]";
    }
}
