package dev.seedancebot.app.config;

import dev.seedancebot.telegram.TelegramSettings;
import dev.seedancebot.telegram.TelegramSettings.Receiver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Builds the {@code telegram:} section straight into the adapter's {@link TelegramSettings}; its token is
 * {@code null} when Telegram is not configured. {@code telegram.operator-ids} is read by {@link TrustBinder}: the
 * core decides what operators may do.
 */
final class TelegramBinder {
    private static final Pattern TELEGRAM_TOKEN = Pattern.compile("\\d{5,}:[A-Za-z0-9_-]{30,}");
    /** What Telegram accepts as {@code secret_token} of a webhook. */
    private static final Pattern WEBHOOK_SECRET = Pattern.compile("[A-Za-z0-9_-]{1,256}");

    private TelegramBinder() {}

    static TelegramSettings bind(ValueReader r, AppConfig.Storage storage) {
        String token = r.secret("telegram.token", "telegram.token-file");
        URI api = URI.create(r.httpUrl("telegram.api-url", "https://api.telegram.org"));
        boolean localServer = r.bool("telegram.local-server");
        Duration albumDebounce = r.duration("telegram.album-debounce", Duration.ofMillis(100));
        Receiver receiver = receiver(r, storage);
        if (token != null && !TELEGRAM_TOKEN.matcher(token).matches()) {
            r.problem("telegram.token does not look like a bot token (digits, a colon, then about 35 letters, e.g."
                    + " 123456789:AAH...); copy it again from @BotFather (" + r.origin("telegram.token") + ")");
        }
        TelegramSettings settings = TelegramSettings.defaults(token).withAlbumDebounce(albumDebounce)
                .withReceiver(receiver);
        if (api.toString().replaceAll("/+$", "").equals(settings.fileBaseUrl()) && !localServer) {
            return settings;
        }
        int port = api.getPort() != -1 ? api.getPort() : api.getScheme().equals("https") ? 443 : 80;
        return settings.withServer(api.getScheme(), api.getHost(), port, localServer);
    }

    /** {@code telegram.receiver} and the keys of its mode. */
    private static Receiver receiver(ValueReader r, AppConfig.Storage storage) {
        String rawMode = r.raw("telegram.receiver");
        Receiver.Mode mode;
        try {
            mode = Receiver.Mode.parse(rawMode == null ? "" : rawMode);
        } catch (IllegalArgumentException e) {
            r.bad("telegram.receiver", "use polling (one instance), elected-polling (several instances on one"
                    + " PostgreSQL database; one of them polls) or webhook (Telegram posts to your load"
                    + " balancer's HTTPS URL)");
            mode = Receiver.Mode.POLLING;
        }
        Duration interval = r.duration("telegram.election-interval", Duration.ofSeconds(1), Duration.ofMinutes(5));
        String secret = r.secret("telegram.webhook-secret", "telegram.webhook-secret-file");
        String url = r.raw("telegram.webhook-url");
        InetSocketAddress listen = listenAddress(r, "telegram.webhook-listen");
        if (mode != Receiver.Mode.WEBHOOK) {
            for (String key : List.of("telegram.webhook-url", "telegram.webhook-secret")) {
                if (r.isSet(key)) {
                    r.warning(key + " is set (" + r.origin(key) + ") but telegram.receiver is "
                            + mode.configName() + ", so it is not used; set telegram.receiver: webhook to use it");
                }
            }
        }
        if (mode == Receiver.Mode.ELECTED_POLLING) {
            if (!storage.isShared()) {
                r.warning("telegram.receiver = elected-polling without a PostgreSQL database"
                        + " (storage.jdbc-url): this instance always wins the election and simply polls; use"
                        + " polling, or set storage.jdbc-url to share one database with the other instances");
            }
            return Receiver.electedPolling(interval);
        }
        if (mode == Receiver.Mode.POLLING) {
            return Receiver.polling();
        }
        URI webhook = webhookUrl(r, "telegram.webhook-url", url);
        if (secret == null) {
            if (!r.wasReported("telegram.webhook-secret-file")) {
                r.problem("telegram.webhook-secret is required with telegram.receiver = webhook: set"
                        + " TELEGRAM_WEBHOOK_SECRET (or TELEGRAM_WEBHOOK_SECRET_FILE=/path) to 1-256 characters"
                        + " of A-Z a-z 0-9 _ -, e.g. the output of `openssl rand -hex 32`; every instance needs"
                        + " the same one");
            }
            return Receiver.polling();
        }
        if (!WEBHOOK_SECRET.matcher(secret).matches()) {
            String key = r.raw("telegram.webhook-secret-file") != null
                    ? "telegram.webhook-secret-file" : "telegram.webhook-secret";
            r.problem(key + " (" + r.origin(key) + ") does not hold a valid webhook secret: Telegram"
                    + " accepts 1-256 characters of A-Z a-z 0-9 _ - (e.g. the output of `openssl rand -hex"
                    + " 32`)");
            return Receiver.polling();
        }
        if (webhook == null || listen == null) {
            return Receiver.polling();
        }
        return Receiver.webhook(webhook, secret, listen);
    }

    /**
     * The public webhook URL. Telegram only posts to HTTPS; plain http is accepted for loopback hosts, where a test
     * server or a local Bot API server may post.
     */
    private static URI webhookUrl(ValueReader r, String key, String value) {
        String example = "https://bot.example.com/telegram/hook";
        if (value == null) {
            r.problem(key + " is required with telegram.receiver = webhook: set it to the public HTTPS URL"
                    + " of your load balancer, e.g. " + example + " (its path is served on"
                    + " telegram.webhook-listen)");
            return null;
        }
        try {
            URI uri = new URI(value.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            if (host != null && (scheme.equals("https") || scheme.equals("http") && isLoopback(host))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        r.bad(key, "use the public https:// URL Telegram should post updates to (Telegram posts to HTTPS only;"
                + " TLS ends at your load balancer), e.g. " + example);
        return null;
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
    }

    /** {@code host:port}, {@code [v6]:port} or a bare port (all interfaces). */
    private static InetSocketAddress listenAddress(ValueReader r, String key) {
        String raw = r.raw(key);
        String text = raw == null ? "" : raw.strip();
        String host = "0.0.0.0";
        String port = text;
        int colon = text.lastIndexOf(':');
        if (colon >= 0) {
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
        }
        String fix = "use host:port such as 0.0.0.0:8443 (every interface) or 127.0.0.1:8443 (behind a proxy on"
                + " this machine), or just a port";
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535 || host.isEmpty()) {
                r.bad(key, fix);
                return null;
            }
            return new InetSocketAddress(InetAddress.getByName(host), p);
        } catch (NumberFormatException | UnknownHostException e) {
            r.bad(key, fix);
            return null;
        }
    }
}
