package dev.seedancebot.app.config;

import dev.seedancebot.core.cluster.ClusterSettings;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.engine.queue.QueueSettings;
import dev.seedancebot.core.media.convert.ConversionSettings;
import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.core.quota.BudgetSettings;
import dev.seedancebot.core.quota.PriceTable;
import dev.seedancebot.core.spend.SpendSettings;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.core.storage.Database;
import dev.seedancebot.discord.DiscordSettings;
import dev.seedancebot.telegram.TelegramSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The whole, validated configuration, as {@link ConfigLoader} builds it: the core's and the adapters' own settings
 * where they exist, and the app's records where nothing else holds the values. Secrets ({@code null} when not
 * configured) never appear in {@link #toString()} of any part.
 *
 * @param source where the file came from ("built-in defaults" when there was none), for messages
 * @param discord the Discord adapter's settings; started only when {@link DiscordSettings#enabled() enabled}
 * @param telegram the Telegram adapter's settings; started only when {@link TelegramSettings#enabled() enabled}
 * @param engine the engine's settings, working in {@link Storage#workDir()}; with the {@code storage} section's
 *     retention keys ({@code keep-task-files}, {@code keep-task-rows}, {@code min-free-disk})
 * @param workers the core's worker threads ({@code engine.workers})
 * @param queue the queue in front of the provider ({@code queue:}: cap on tasks in flight, community weights)
 * @param media how users' files are converted before they are charged ({@code media:})
 * @param trust who may do what, with {@code telegram.operator-ids} among the operators
 * @param spend the provider's price in money and the operator alerts ({@code spend:})
 * @param blockedWords the operator's words and patterns refused in prompts everywhere ({@code content.blocked-words})
 * @param warnings settings that work but are probably not what was meant; {@code run} logs them at start and
 *     {@code check-config} prints them
 */
public record AppConfig(
        String source,
        Seedance seedance,
        DiscordSettings discord,
        TelegramSettings telegram,
        VideoOptions video,
        Storage storage,
        EngineSettings engine,
        int workers,
        QueueSettings queue,
        ConversionSettings media,
        QuotaSettings quota,
        TrustSettings trust,
        BudgetSettings budgets,
        PriceTable prices,
        SpendSettings spend,
        Ops ops,
        Logging logging,
        List<String> warnings,
        List<String> blockedWords) {

    public AppConfig {
        Objects.requireNonNull(source, "source");
        blockedWords = List.copyOf(blockedWords);
        warnings = List.copyOf(warnings);
    }

    /**
     * The same configuration with another storage section (the demo keeps its state apart from the bot's); the
     * engine works in its directory.
     */
    public AppConfig withStorage(Storage value) {
        return new AppConfig(source, seedance, discord, telegram, video, value,
                EngineBinder.at(engine, value.workDir()), workers, queue, media, quota, trust, budgets, prices, spend,
                ops, logging, warnings, blockedWords);
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

    /**
     * The values of {@link SeedanceSettings} an operator sets; {@code apiKey} is {@code null} when not configured
     * ({@code run} then won't start, other commands need no provider).
     */
    public record Seedance(
            String apiKey,
            String baseUrl,
            String model,
            Duration connectTimeout,
            Duration readTimeout,
            String assetGroupId,
            Duration assetInactiveTimeout,
            Duration taskNotFoundGrace) {

        /**
         * The client settings with this key, base URL and model, the Inactive-asset window and the task "not found"
         * grace; the other retry and asset tuning keeps the client's own defaults, which follow the provider's
         * documented behaviour rather than anything an operator should tune.
         */
        public SeedanceSettings settings(String key) {
            SeedanceSettings defaults = SeedanceSettings.defaults(key);
            return new SeedanceSettings(baseUrl, key, model, connectTimeout, readTimeout, defaults.maxResultBytes(),
                    assetGroupId, defaults.assetPollInterval(), defaults.assetPollTimeout(),
                    defaults.maxCreateAttempts(), defaults.assetNotReadyRetries(), defaults.assetRetryDelay(),
                    assetInactiveTimeout, taskNotFoundGrace);
        }

        @Override
        public String toString() {
            return "Seedance[apiKey=" + (apiKey == null ? "<unset>" : "<redacted>") + ", baseUrl=" + baseUrl
                    + ", model=" + model + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                    + ", assetGroupId=" + assetGroupId + ", assetInactiveTimeout=" + assetInactiveTimeout
                    + ", taskNotFoundGrace=" + taskNotFoundGrace + "]";
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
