package dev.seedancebot.app.config;

import dev.seedancebot.core.cluster.ClusterSettings;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.engine.RetentionSettings;
import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.core.quota.BudgetSettings;
import dev.seedancebot.core.quota.PriceTable;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.core.storage.Database;
import dev.seedancebot.discord.DiscordSettings;
import dev.seedancebot.telegram.TelegramSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The whole, validated configuration, as {@link ConfigLoader} builds it. Secrets ({@code null} when not configured)
 * never appear in {@link #toString()} of any part.
 *
 * @param source where the file came from ("built-in defaults" when there was none), for messages
 * @param warnings settings that work but are probably not what was meant; {@code run} logs them at start and
 *     {@code check-config} prints them
 */
public record AppConfig(
        String source,
        Seedance seedance,
        Discord discord,
        Telegram telegram,
        VideoOptions video,
        Storage storage,
        Engine engine,
        QuotaSettings quota,
        TrustSettings trust,
        BudgetSettings budgets,
        PriceTable prices,
        Ops ops,
        Logging logging,
        List<String> warnings) {

    public AppConfig {
        Objects.requireNonNull(source, "source");
        warnings = List.copyOf(warnings);
    }

    /** The same configuration with another storage section (the demo keeps its state apart from the bot's). */
    public AppConfig withStorage(Storage value) {
        return new AppConfig(source, seedance, discord, telegram, video, value, engine, quota, trust, budgets, prices, ops,
                logging,
                warnings);
    }

    /** Every configured secret, for log redaction. */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        Stream.of(seedance.apiKey(), discord.token(), telegram.token(), telegram.receiver().webhookSecret(),
                        storage.password())
                .filter(Objects::nonNull)
                .forEach(secrets::add);
        return secrets;
    }

    /** The Seedance provider; {@code apiKey} is {@code null} when not configured ({@code run} then won't start). */
    public record Seedance(
            String apiKey,
            String baseUrl,
            String model,
            Duration connectTimeout,
            Duration readTimeout,
            String assetGroupId) {

        /**
         * The client settings with this key, base URL and model; the retry and asset tuning keep the client's own
         * defaults, which follow the provider's documented behaviour rather than anything an operator should tune.
         */
        public SeedanceSettings settings(String key) {
            SeedanceSettings defaults = SeedanceSettings.defaults(key);
            return new SeedanceSettings(baseUrl, key, model, connectTimeout, readTimeout, defaults.maxResultBytes(),
                    assetGroupId, defaults.assetPollInterval(), defaults.assetPollTimeout(),
                    defaults.maxCreateAttempts(), defaults.assetNotReadyRetries(), defaults.assetRetryDelay());
        }

        @Override
        public String toString() {
            return "Seedance[apiKey=" + (apiKey == null ? "<unset>" : "<redacted>") + ", baseUrl=" + baseUrl
                    + ", model=" + model + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                    + ", assetGroupId=" + assetGroupId + "]";
        }
    }

    /**
     * The Discord bot; started only when {@code token} is set.
     *
     * @param commandGuildIds servers to register the slash commands in (they appear at once); empty = globally
     * @param moderatorRoleIds roles whose members may use {@code /videomod} besides those with Manage Server
     * @param restUrl Discord's REST root with the API version, ending in a slash (a proxy's, or a test fake's)
     * @param gatewayUrl the gateway WebSocket URL, or {@code null} for the one Discord names in {@code /gateway/bot}
     * @param gatewayCompression zlib-stream compression of the gateway; off only for plain-JSON gateways
     * @param sharding how many shards the bot has and which of them this instance runs
     */
    public record Discord(
            String token,
            List<String> commandGuildIds,
            Set<String> moderatorRoleIds,
            String restUrl,
            String gatewayUrl,
            boolean gatewayCompression,
            DiscordSettings.Sharding sharding) {
        public Discord {
            commandGuildIds = List.copyOf(commandGuildIds);
            moderatorRoleIds = Set.copyOf(moderatorRoleIds);
            Objects.requireNonNull(restUrl, "restUrl");
            Objects.requireNonNull(sharding, "sharding");
        }

        public boolean enabled() {
            return token != null;
        }

        @Override
        public String toString() {
            return "Discord[token=" + (token == null ? "<unset>" : "<redacted>") + ", commandGuildIds="
                    + commandGuildIds + ", moderatorRoleIds=" + moderatorRoleIds + ", restUrl=" + restUrl
                    + ", gatewayUrl=" + gatewayUrl + ", gatewayCompression=" + gatewayCompression + ", sharding="
                    + sharding + "]";
        }
    }

    /**
     * The Telegram bot; started only when {@code token} is set.
     *
     * @param apiUrl the Bot API server: Telegram's, or a local one ({@code localServer}) for files over 20/50 MB
     * @param operatorIds users who may moderate in every chat, besides each group's admins
     * @param albumDebounce how long after an album's last item the album counts as complete
     * @param receiver how updates arrive: polling, elected polling or a webhook (its secret is never printed)
     */
    public record Telegram(
            String token,
            URI apiUrl,
            boolean localServer,
            Set<Long> operatorIds,
            Duration albumDebounce,
            TelegramSettings.Receiver receiver) {
        public Telegram {
            operatorIds = Set.copyOf(operatorIds);
            Objects.requireNonNull(receiver, "receiver");
        }

        public boolean enabled() {
            return token != null;
        }

        @Override
        public String toString() {
            return "Telegram[token=" + (token == null ? "<unset>" : "<redacted>") + ", apiUrl=" + apiUrl
                    + ", localServer=" + localServer + ", operatorIds=" + operatorIds + ", albumDebounce="
                    + albumDebounce + ", receiver=" + receiver + "]";
        }
    }

    /**
     * The database and the working files. {@code jdbcUrl} {@code null} means the embedded H2 file under
     * {@code dataDir}.
     *
     * @param cluster this instance's id and task lease among the instances sharing a PostgreSQL database
     */
    public record Storage(Path dataDir, String jdbcUrl, String user, String password, ClusterSettings cluster) {
        public Storage {
            Objects.requireNonNull(cluster, "cluster");
        }

        /** A single instance with a random instance id and the default lease. */
        public Storage(Path dataDir, String jdbcUrl, String user, String password) {
            this(dataDir, jdbcUrl, user, password, ClusterSettings.defaults());
        }

        /**
         * Whether several instances may share this database: PostgreSQL only. The embedded H2 file is locked to one
         * process, and no other database gives the bot its cache invalidations and leader locks.
         */
        public boolean isShared() {
            return jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:");
        }

        /**
         * The configured URL, or the embedded H2 file under {@code dataDir/db} without H2's own shutdown hook, which
         * would close the database in the middle of the bot's graceful stop (the bot closes it last, itself). H2
         * allows no auto-server mode with that setting, so one process at a time opens the embedded file.
         */
        public String effectiveJdbcUrl() {
            return jdbcUrl != null ? jdbcUrl : Database.h2FileUrl(dataDir.resolve("db"));
        }

        /** Task inputs and results live beside the database, so one directory is the whole state to back up. */
        public Path workDir() {
            return dataDir;
        }

        @Override
        public String toString() {
            return "Storage[dataDir=" + dataDir + ", jdbcUrl=" + jdbcUrl + ", user=" + user + ", password="
                    + (password == null ? "<unset>" : "<redacted>") + ", cluster=" + cluster + "]";
        }
    }

    /**
     * Engine tuning; see {@link EngineSettings} for what each value does.
     *
     * @param retention read from the {@code storage} section ({@code keep-task-files}, {@code keep-task-rows},
     *     {@code min-free-disk}): it is about the data, but the engine applies it
     */
    public record Engine(
            int workers,
            Duration firstPollAfter,
            Duration pollInterval,
            Duration latePollInterval,
            Duration lateAfter,
            Duration slowNoticeAfter,
            Duration giveUpAfter,
            int maxPollsInFlight,
            long maxResultBytes,
            int deliveryAttempts,
            RetentionSettings retention) {

        public EngineSettings settings(Path workDir) {
            EngineSettings d = EngineSettings.defaults(workDir);
            return new EngineSettings(workDir, d.tick(), firstPollAfter, pollInterval, latePollInterval, lateAfter,
                    slowNoticeAfter, giveUpAfter, maxPollsInFlight, d.jitter(), d.rateLimitPause(), d.retryDelay(),
                    maxResultBytes, deliveryAttempts, d.resultLinkValidity(), retention);
        }
    }

    /** The operations HTTP endpoint; {@code httpPort} 0 turns it off. */
    public record Ops(int httpPort, String httpBind) {}

    /** Log output: {@code json} is one JSON object per line, for log shippers. */
    public record Logging(Format format, String level) {
        public enum Format {
            TEXT,
            JSON
        }
    }
}
