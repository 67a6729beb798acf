package dev.seedancebot.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.seedancebot.app.config.AppConfig.Logging.Format;
import dev.seedancebot.core.cluster.ClusterSettings;
import dev.seedancebot.core.engine.RetentionSettings;
import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.core.quota.BudgetSettings;
import dev.seedancebot.core.quota.PriceTable;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.request.AspectRatio;
import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.discord.DiscordSettings;
import dev.seedancebot.telegram.TelegramSettings;
import dev.seedancebot.telegram.TelegramSettings.Receiver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds the {@link AppConfig} from, in rising priority: the built-in defaults ({@code seedance-bot-defaults.yml}),
 * one YAML file, the generic {@code SEEDANCE_BOT_<SECTION>_<KEY>} environment variables, and the well-known secret
 * variables ({@code SEEDANCE_API_KEY}, {@code DISCORD_TOKEN}, {@code TELEGRAM_BOT_TOKEN}, each also as {@code *_FILE}
 * naming a file that holds it). String values may refer to environment variables as {@code ${NAME}} or
 * {@code ${NAME:-fallback}}.
 *
 * <p>The whole configuration is checked in one pass: {@link ConfigException} lists every unknown key (with a "did you
 * mean" when one is close), every bad value and every unreadable file. Secret values never appear in a message.
 */
public final class ConfigLoader {
    /** Names the config file when {@code --config} is not given. */
    public static final String CONFIG_ENV = "SEEDANCE_BOT_CONFIG";
    /** Prefix of the generic per-key overrides. */
    public static final String ENV_PREFIX = "SEEDANCE_BOT_";
    /** Variables with the prefix that are not config keys: the file's location and the launcher script's jar. */
    private static final Set<String> LAUNCHER_ENV = Set.of(CONFIG_ENV, "SEEDANCE_BOT_JAR");
    /** Where the file is looked for when neither {@code --config} nor {@link #CONFIG_ENV} name one. */
    public static final Path DEFAULT_PATH = Path.of("config", "seedance-bot.yml");

    /** Dedicated variables for the values an operator sets most; they win over the file and the generic scheme. */
    static final Map<String, String> WELL_KNOWN_ENV = Map.of(
            "SEEDANCE_API_KEY", "seedance.api-key",
            "SEEDANCE_API_KEY_FILE", "seedance.api-key-file",
            "SEEDANCE_BASE_URL", "seedance.base-url",
            "DISCORD_TOKEN", "discord.token",
            "DISCORD_TOKEN_FILE", "discord.token-file",
            "TELEGRAM_BOT_TOKEN", "telegram.token",
            "TELEGRAM_BOT_TOKEN_FILE", "telegram.token-file",
            "TELEGRAM_WEBHOOK_SECRET", "telegram.webhook-secret",
            "TELEGRAM_WEBHOOK_SECRET_FILE", "telegram.webhook-secret-file");

    private static final Set<String> SECRET_KEYS = Set.of(
            "seedance.api-key", "discord.token", "telegram.token", "telegram.webhook-secret", "storage.password");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|kb|kib|mb|mib|gb|gib)");
    private static final Pattern TELEGRAM_TOKEN = Pattern.compile("\\d{5,}:[A-Za-z0-9_-]{30,}");
    /** What Telegram accepts as {@code secret_token} of a webhook. */
    private static final Pattern WEBHOOK_SECRET = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    /** Host names and the like: what an instance id may be made of. */
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Map<String, String> env;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The file that {@link #load(Path)} reads for {@code explicit}, or empty when only defaults apply. */
    public Optional<Path> resolvePath(Path explicit) {
        if (explicit != null) {
            return Optional.of(explicit);
        }
        String fromEnv = env.get(CONFIG_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(Path.of(fromEnv.strip()));
        }
        return Files.isRegularFile(DEFAULT_PATH) ? Optional.of(DEFAULT_PATH) : Optional.empty();
    }

    /**
     * Loads and validates everything.
     *
     * @param explicit the {@code --config} path, or {@code null}
     * @throws ConfigException listing every problem found
     */
    public AppConfig load(Path explicit) {
        Optional<Path> path = resolvePath(explicit);
        String source = path.map(p -> p.toAbsolutePath().normalize().toString()).orElse("built-in defaults");
        ObjectNode defaults = readDefaults();
        Values values = new Values(defaults);
        List<String> problems = new ArrayList<>();
        if (path.isPresent()) {
            mergeFile(path.get(), values, problems);
        }
        mergeGenericEnv(values, problems);
        WELL_KNOWN_ENV.forEach((name, key) -> {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                values.put(key, value.strip(), "environment variable " + name);
            }
        });
        interpolate(values, problems);
        AppConfig config = build(values, problems, source);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return config;
    }

    /** Every key the bot knows, as {@code section.key}, in file order. */
    public static List<String> knownKeys() {
        List<String> keys = new ArrayList<>();
        readDefaults().fields().forEachRemaining(section -> section.getValue().fieldNames()
                .forEachRemaining(key -> keys.add(section.getKey() + "." + key)));
        return keys;
    }

    /** The generic environment variable for {@code key}, e.g. {@code SEEDANCE_BOT_QUOTA_DAILY_LIMIT}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    // ------------------------------------------------------------------ sources

    private static ObjectNode readDefaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/seedance-bot-defaults.yml")) {
            if (in == null) {
                throw new IllegalStateException("seedance-bot-defaults.yml is missing from the jar");
            }
            return (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void mergeFile(Path path, Values values, List<String> problems) {
        String source = path.toAbsolutePath().normalize().toString();
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(source, "the file does not exist; copy config/seedance-bot.example.yml to "
                    + path + " or point --config / " + CONFIG_ENV + " at your file");
        }
        JsonNode root;
        try {
            root = yaml.readTree(Files.readString(path, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new ConfigException(source, "the file is not valid YAML" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(source, "the file cannot be read: " + e.getMessage());
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return; // an empty file means "all defaults"
        }
        if (!root.isObject()) {
            throw new ConfigException(source, "the file must be a mapping of sections (seedance:, discord:, ...)");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> section = it.next();
            String name = section.getKey();
            if (!values.defaults.has(name)) {
                problems.add("unknown section '" + name + "'" + suggestion(name, sectionNames(values.defaults)));
                continue;
            }
            JsonNode body = section.getValue();
            if (body == null || body.isNull()) {
                continue;
            }
            if (!body.isObject()) {
                problems.add("'" + name + "' must be a section of keys (e.g. '" + name + ":' followed by indented"
                        + " 'key: value' lines), not a single value");
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = body.fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = keys.next();
                String key = name + "." + entry.getKey();
                if (!values.known(key)) {
                    problems.add("unknown key '" + key + "'" + suggestion(key, knownKeys()));
                } else if (entry.getValue().isObject()) {
                    problems.add(key + " must be a value or a list, not a section");
                } else {
                    values.put(key, scalarOrList(entry.getValue()), "the file");
                }
            }
        }
    }

    private void mergeGenericEnv(Values values, List<String> problems) {
        Map<String, String> byEnvName = new LinkedHashMap<>();
        for (String key : knownKeys()) {
            byEnvName.put(envName(key), key);
        }
        new TreeMap<>(env).forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX) || LAUNCHER_ENV.contains(name)) {
                return;
            }
            String key = byEnvName.get(name);
            if (key == null) {
                problems.add("environment variable " + name + " matches no key"
                        + suggestion(name, List.copyOf(byEnvName.keySet())));
            } else {
                values.put(key, value, "environment variable " + name);
            }
        });
    }

    private void interpolate(Values values, List<String> problems) {
        for (String key : values.keys()) {
            String raw = values.raw(key);
            if (raw == null || !raw.contains("${")) {
                continue;
            }
            Matcher m = ENV_REFERENCE.matcher(raw);
            StringBuilder out = new StringBuilder();
            boolean missing = false;
            while (m.find()) {
                String value = env.get(m.group(1));
                if (value == null || value.isEmpty()) {
                    value = m.group(3);
                }
                if (value == null) {
                    problems.add(key + " refers to ${" + m.group(1) + "}, but that environment variable is not set;"
                            + " set it, or give a fallback as ${" + m.group(1) + ":-value}");
                    values.reported(key);
                    missing = true;
                    value = "";
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            String result = out.toString().strip();
            values.put(key, missing || result.isEmpty() ? null : result, values.origin(key));
        }
    }

    // ------------------------------------------------------------------ typed values

    private AppConfig build(Values v, List<String> problems, String source) {
        Reader r = new Reader(v, problems);
        List<String> warnings = new ArrayList<>();
        AppConfig.Seedance seedance = new AppConfig.Seedance(
                r.secret("seedance.api-key", "seedance.api-key-file"),
                r.httpUrl("seedance.base-url", SeedanceSettings.DEFAULT_BASE_URL),
                r.text("seedance.model", "seedance-2.0-mini"),
                r.duration("seedance.connect-timeout", Duration.ofMillis(100)),
                r.duration("seedance.read-timeout", Duration.ofSeconds(1)),
                r.optionalText("seedance.asset-group-id"));
        if (seedance.apiKey() != null && seedance.apiKey().toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            problems.add("seedance.api-key must be the bare key; remove the \"Bearer \" prefix ("
                    + v.origin("seedance.api-key") + ")");
        }
        AppConfig.Storage storage = new AppConfig.Storage(
                r.path("storage.data-dir"),
                r.jdbcUrl("storage.jdbc-url"),
                r.optionalText("storage.user"),
                r.secret("storage.password", "storage.password-file"),
                r.cluster());
        AppConfig.Discord discord = new AppConfig.Discord(
                r.secret("discord.token", "discord.token-file"),
                r.ids("discord.command-guild-ids"),
                Set.copyOf(r.ids("discord.moderator-role-ids")),
                r.restUrl("discord.rest-url"),
                r.gatewayUrl("discord.gateway-url"),
                r.bool("discord.gateway-compression"),
                r.sharding(storage));
        AppConfig.Telegram telegram = new AppConfig.Telegram(
                r.secret("telegram.token", "telegram.token-file"),
                URI.create(r.httpUrl("telegram.api-url", "https://api.telegram.org")),
                r.bool("telegram.local-server"),
                r.ids("telegram.operator-ids").stream().map(Long::parseLong).collect(Collectors.toSet()),
                r.duration("telegram.album-debounce", Duration.ofMillis(100)),
                r.receiver(storage, warnings));
        if (telegram.token() != null && !TELEGRAM_TOKEN.matcher(telegram.token()).matches()) {
            problems.add("telegram.token does not look like a bot token (digits, a colon, then about 35 letters, e.g."
                    + " 123456789:AAH...); copy it again from @BotFather (" + v.origin("telegram.token") + ")");
        }
        VideoOptions video = r.video();
        AppConfig.Engine engine = new AppConfig.Engine(
                r.integer("engine.workers", 1, 256, "e.g. 8"),
                r.duration("engine.first-poll-after", Duration.ZERO),
                r.duration("engine.poll-interval", Duration.ofSeconds(1)),
                r.duration("engine.late-poll-interval", Duration.ofSeconds(1)),
                r.duration("engine.late-after", Duration.ZERO),
                r.duration("engine.slow-notice-after", Duration.ofSeconds(1)),
                r.duration("engine.give-up-after", Duration.ofMinutes(1)),
                r.integer("engine.max-polls-in-flight", 1, 1024, "e.g. 32"),
                r.size("engine.max-result-size"),
                r.integer("engine.delivery-attempts", 1, 100, "e.g. 5"),
                r.retention());
        QuotaSettings quota = r.quota();
        TrustBinder trustBinder = new TrustBinder(r.asSource());
        TrustSettings trust = trustBinder.trust(telegram.operatorIds());
        BudgetSettings budgets = trustBinder.budgets();
        PriceTable prices = r.prices();
        AppConfig.Ops ops = new AppConfig.Ops(
                r.integer("ops.http-port", 0, 65535, "a TCP port such as 8080, or 0 to turn the endpoint off"),
                r.text("ops.http-bind", "127.0.0.1"));
        AppConfig.Logging logging = new AppConfig.Logging(
                r.choice("logging.format", Format.class),
                r.logLevel("logging.level"));
        return new AppConfig(source, seedance, discord, telegram, video, storage, engine, quota, trust, budgets, prices,
                ops, logging,
                warnings);
    }

    /** Converts raw strings to typed values, adding one message per bad value instead of stopping at the first. */
    private final class Reader {
        private final Values values;
        private final List<String> problems;

        Reader(Values values, List<String> problems) {
            this.values = values;
            this.problems = problems;
        }

        TrustBinder.Source asSource() {
            return new TrustBinder.Source() {
                @Override
                public String raw(String key) {
                    return values.raw(key);
                }

                @Override
                public void bad(String key, String expectation) {
                    Reader.this.bad(key, expectation);
                }

                @Override
                public Duration duration(String key, Duration min) {
                    return Reader.this.duration(key, min);
                }
            };
        }

        private String bad(String key, String expectation) {
            if (values.wasReported(key)) {
                return null; // one message per key: the first names the real cause
            }
            values.reported(key);
            String shown = SECRET_KEYS.contains(key) ? "<hidden>" : "'" + values.raw(key) + "'";
            String where = values.origin(key).equals("defaults") ? "" : " (" + values.origin(key) + ")";
            problems.add(key + " = " + shown + where + " is not valid: " + expectation);
            return null;
        }

        String optionalText(String key) {
            return values.raw(key);
        }

        String text(String key, String example) {
            String value = values.raw(key);
            if (value == null) {
                bad(key, "a value is required, e.g. " + example);
                return example;
            }
            return value;
        }

        String secret(String valueKey, String fileKey) {
            String value = values.raw(valueKey);
            String file = values.raw(fileKey);
            if (value != null && file != null) {
                problems.add(valueKey + " is set (" + values.origin(valueKey) + ") and so is " + fileKey + " ("
                        + values.origin(fileKey) + "); keep only one of them");
                return value;
            }
            if (file == null) {
                return value;
            }
            try {
                String read = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
                if (read.isEmpty()) {
                    bad(fileKey, "the file is empty; put the secret in it on one line");
                    return null;
                }
                return read;
            } catch (IOException | RuntimeException e) {
                bad(fileKey, "the file cannot be read (" + e.getMessage() + "); check the path and that the bot's"
                        + " user may read it");
                return null;
            }
        }

        String httpUrl(String key, String example) {
            String value = text(key, example);
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                    return value;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            bad(key, "use an http(s) URL with a host, e.g. " + example);
            return example;
        }

        boolean bool(String key) {
            String raw = values.raw(key) == null ? "" : values.raw(key).strip().toLowerCase(Locale.ROOT);
            return switch (raw) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> {
                    bad(key, "use true or false");
                    yield false;
                }
            };
        }

        /** Numeric ids (Discord snowflakes, Telegram user ids), as a YAML list or comma-separated. */
        List<String> ids(String key) {
            String raw = values.raw(key);
            if (raw == null || raw.isBlank()) {
                return List.of();
            }
            List<String> ids = new ArrayList<>();
            for (String part : raw.split(",")) {
                String id = part.strip();
                if (!id.matches("-?\\d{1,19}")) {
                    bad(key, "use numeric ids, as a YAML list [123, 456] or comma-separated; '" + id + "' is not one"
                            + " (in Discord: Developer Mode, then right-click > Copy ID)");
                    return List.of();
                }
                ids.add(id);
            }
            return ids;
        }

        /**
         * {@code storage.keep-task-files}, {@code storage.keep-task-rows} (at least as long) and
         * {@code storage.min-free-disk} (0 = no floor).
         */
        RetentionSettings retention() {
            Duration files = duration("storage.keep-task-files", Duration.ofHours(1));
            Duration rows = duration("storage.keep-task-rows", Duration.ofHours(1));
            if (rows.compareTo(files) < 0) {
                bad("storage.keep-task-rows", "use at least storage.keep-task-files: a task's files never outlive"
                        + " its row");
                rows = files;
            }
            Long floor = parseSize(values.raw("storage.min-free-disk"));
            if (floor == null) {
                bad("storage.min-free-disk", "use a size with a unit: B, KB, MB or GB (e.g. 1GB), or 0 for no floor");
                floor = RetentionSettings.DEFAULTS.minFreeDiskBytes();
            }
            return new RetentionSettings(files, rows, RetentionSettings.DEFAULTS.sweepEvery(), floor);
        }

        // ------------------------------------------------------------ scale-out

        /** {@code storage.instance-id} (random when unset) and {@code storage.lease}. */
        ClusterSettings cluster() {
            Duration lease = duration("storage.lease", Duration.ofSeconds(2), Duration.ofMinutes(10));
            String id = values.raw("storage.instance-id");
            if (id == null) {
                return new ClusterSettings(ClusterSettings.defaults().instanceId(), lease);
            }
            id = id.strip();
            if (!INSTANCE_ID.matcher(id).matches()) {
                bad("storage.instance-id", "use 1-64 characters of A-Z a-z 0-9 . _ - that no other running instance"
                        + " uses, such as the host name (instance-id: ${HOSTNAME:-} falls back to a random id), or"
                        + " remove the key for a random id");
                return new ClusterSettings(ClusterSettings.defaults().instanceId(), lease);
            }
            return new ClusterSettings(id, lease);
        }

        /** {@code discord.rest-url}: an http(s) URL; the trailing slash the REST client needs is added. */
        String restUrl(String key) {
            String value = httpUrl(key, DiscordSettings.DEFAULT_REST_BASE_URL);
            return value.endsWith("/") ? value : value + "/";
        }

        /** {@code discord.gateway-url}: a ws(s) URL, or null for the one Discord names. */
        String gatewayUrl(String key) {
            String value = values.raw(key);
            if (value == null) {
                return null;
            }
            try {
                URI uri = new URI(value.strip());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("ws") || scheme.equals("wss")) && uri.getHost() != null) {
                    return value.strip();
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            bad(key, "use a ws:// or wss:// URL with a host, e.g. wss://gateway.discord.gg, or remove the key to use"
                    + " the gateway Discord names");
            return null;
        }

        /** {@code discord.shards-total}, {@code shard-min} and {@code shard-max}, checked together. */
        DiscordSettings.Sharding sharding(AppConfig.Storage storage) {
            int total = integer("discord.shards-total", 0, 65535, "0 = Discord's recommendation and all shards here");
            Integer min = optionalInteger("discord.shard-min", 0, 65534, "the lowest shard id this instance runs");
            Integer max = optionalInteger("discord.shard-max", 0, 65534, "the highest shard id this instance runs");
            if (values.wasReported("discord.shards-total") || values.wasReported("discord.shard-min")
                    || values.wasReported("discord.shard-max")) {
                return DiscordSettings.Sharding.RECOMMENDED;
            }
            if (min == null && max == null) {
                return total == 0 ? DiscordSettings.Sharding.RECOMMENDED : DiscordSettings.Sharding.all(total);
            }
            if (min == null || max == null) {
                String set = min != null ? "discord.shard-min" : "discord.shard-max";
                String unset = min != null ? "discord.shard-max" : "discord.shard-min";
                problems.add(set + " = " + values.raw(set) + " (" + values.origin(set) + ") is set but " + unset
                        + " is not: set both (this instance runs shards shard-min..shard-max) or neither (it runs"
                        + " all shards)");
                return DiscordSettings.Sharding.RECOMMENDED;
            }
            String range = "discord.shard-min..shard-max = " + min + ".." + max;
            if (total == 0) {
                problems.add(range + " needs discord.shards-total: give every instance the same total, e.g."
                        + " shards-total: " + (max + 1) + "; Discord's recommendation (shards-total: 0) may change"
                        + " between two instances' starts, and instances that disagree leave guilds unserved");
                return DiscordSettings.Sharding.RECOMMENDED;
            }
            if (min > max || max >= total) {
                problems.add(range + " of discord.shards-total = " + total + " is not a valid range: need 0 <="
                        + " shard-min <= shard-max < shards-total, e.g. shard-min: 0 and shard-max: "
                        + Math.max(0, total / 2 - 1) + " here and the rest on another instance");
                return DiscordSettings.Sharding.RECOMMENDED;
            }
            if (!storage.isShared() && (min > 0 || max < total - 1)) {
                problems.add(range + " of " + total + " leaves the other shards to other instances, and those must"
                        + " share this instance's database: set storage.jdbc-url to a PostgreSQL database (the"
                        + " embedded H2 file serves one instance), or remove shard-min and shard-max to run every"
                        + " shard here");
                return DiscordSettings.Sharding.RECOMMENDED;
            }
            return DiscordSettings.Sharding.range(total, min, max);
        }

        /** {@code telegram.receiver} and the keys of its mode. */
        Receiver receiver(AppConfig.Storage storage, List<String> warnings) {
            String rawMode = values.raw("telegram.receiver");
            Receiver.Mode mode;
            try {
                mode = Receiver.Mode.parse(rawMode == null ? "" : rawMode);
            } catch (IllegalArgumentException e) {
                bad("telegram.receiver", "use polling (one instance), elected-polling (several instances on one"
                        + " PostgreSQL database; one of them polls) or webhook (Telegram posts to your load"
                        + " balancer's HTTPS URL)");
                mode = Receiver.Mode.POLLING;
            }
            Duration interval = duration("telegram.election-interval", Duration.ofSeconds(1), Duration.ofMinutes(5));
            String secret = secret("telegram.webhook-secret", "telegram.webhook-secret-file");
            String url = values.raw("telegram.webhook-url");
            InetSocketAddress listen = listenAddress("telegram.webhook-listen");
            if (mode != Receiver.Mode.WEBHOOK) {
                for (String key : List.of("telegram.webhook-url", "telegram.webhook-secret")) {
                    if (values.raw(key) != null && !values.origin(key).equals("defaults")) {
                        warnings.add(key + " is set (" + values.origin(key) + ") but telegram.receiver is "
                                + mode.configName() + ", so it is not used; set telegram.receiver: webhook to use it");
                    }
                }
            }
            if (mode == Receiver.Mode.ELECTED_POLLING) {
                if (!storage.isShared()) {
                    warnings.add("telegram.receiver = elected-polling without a PostgreSQL database"
                            + " (storage.jdbc-url): this instance always wins the election and simply polls; use"
                            + " polling, or set storage.jdbc-url to share one database with the other instances");
                }
                return Receiver.electedPolling(interval);
            }
            if (mode == Receiver.Mode.POLLING) {
                return Receiver.polling();
            }
            URI webhook = webhookUrl("telegram.webhook-url", url);
            if (secret == null) {
                if (!values.wasReported("telegram.webhook-secret-file")) {
                    problems.add("telegram.webhook-secret is required with telegram.receiver = webhook: set"
                            + " TELEGRAM_WEBHOOK_SECRET (or TELEGRAM_WEBHOOK_SECRET_FILE=/path) to 1-256 characters"
                            + " of A-Z a-z 0-9 _ -, e.g. the output of `openssl rand -hex 32`; every instance needs"
                            + " the same one");
                }
                return Receiver.polling();
            }
            if (!WEBHOOK_SECRET.matcher(secret).matches()) {
                String key = values.raw("telegram.webhook-secret-file") != null
                        ? "telegram.webhook-secret-file" : "telegram.webhook-secret";
                problems.add(key + " (" + values.origin(key) + ") does not hold a valid webhook secret: Telegram"
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
         * The public webhook URL. Telegram only posts to HTTPS; plain http is accepted for loopback hosts, where a
         * test server or a local Bot API server may post.
         */
        private URI webhookUrl(String key, String value) {
            String example = "https://bot.example.com/telegram/hook";
            if (value == null) {
                problems.add(key + " is required with telegram.receiver = webhook: set it to the public HTTPS URL"
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
            bad(key, "use the public https:// URL Telegram should post updates to (Telegram posts to HTTPS only;"
                    + " TLS ends at your load balancer), e.g. " + example);
            return null;
        }

        private static boolean isLoopback(String host) {
            String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
        }

        /** {@code host:port}, {@code [v6]:port} or a bare port (all interfaces). */
        InetSocketAddress listenAddress(String key) {
            String raw = values.raw(key);
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
                    bad(key, fix);
                    return null;
                }
                return new InetSocketAddress(InetAddress.getByName(host), p);
            } catch (NumberFormatException | java.net.UnknownHostException e) {
                bad(key, fix);
                return null;
            }
        }

        Integer optionalInteger(String key, int min, int max, String hint) {
            if (values.raw(key) == null) {
                return null;
            }
            return integer(key, min, max, hint);
        }

        Duration duration(String key, Duration min, Duration max) {
            Duration value = duration(key, min);
            if (value.compareTo(max) > 0) {
                bad(key, "use at most " + max.toString().substring(2).toLowerCase(Locale.ROOT));
                return max;
            }
            return value;
        }

        VideoOptions video() {
            int seconds = integer("video.duration", VideoOptions.MIN_DURATION, VideoOptions.MAX_DURATION,
                    "whole seconds");
            String rawResolution = values.raw("video.resolution");
            Resolution resolution = Resolution.parse(rawResolution).orElseGet(() -> {
                bad("video.resolution", "use 480p or 720p");
                return Resolution.P720;
            });
            String rawRatio = values.raw("video.ratio");
            AspectRatio ratio = AspectRatio.parse(rawRatio).orElseGet(() -> {
                bad("video.ratio", "use 16:9, 4:3, 1:1, 3:4, 9:16, 21:9 or adaptive");
                return AspectRatio.ADAPTIVE;
            });
            return VideoOptions.DEFAULTS.withDuration(seconds).withResolution(resolution).withRatio(ratio)
                    .withGenerateAudio(bool("video.audio"));
        }

        String jdbcUrl(String key) {
            String value = values.raw(key);
            if (value != null && !value.startsWith("jdbc:")) {
                bad(key, "use a JDBC URL such as jdbc:postgresql://localhost:5432/seedance, or remove the key to use"
                        + " the embedded H2 file under storage.data-dir");
            }
            return value;
        }

        Path path(String key) {
            String value = text(key, "data");
            try {
                return Path.of(value);
            } catch (RuntimeException e) {
                bad(key, "use a directory path such as data or /var/lib/seedance-bot");
                return Path.of("data");
            }
        }

        int integer(String key, int min, int max, String hint) {
            long value = number(key, min, max, hint);
            return (int) value;
        }

        long number(String key, long min, long max, String hint) {
            String raw = values.raw(key);
            try {
                long value = Long.parseLong(raw == null ? "" : raw.strip().replace("_", ""));
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            bad(key, "use a whole number from " + min + " to " + max + " (" + hint + ")");
            return min;
        }

        double decimal(String key, String hint) {
            String raw = values.raw(key);
            try {
                double value = Double.parseDouble(raw == null ? "" : raw.strip());
                if (value >= 0 && !Double.isInfinite(value) && !Double.isNaN(value)) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            bad(key, "use a number of 0 or more (" + hint + ")");
            return 0;
        }

        Duration duration(String key, Duration min) {
            String raw = values.raw(key);
            Duration value = parseDuration(raw);
            if (value == null) {
                bad(key, "use a number with a unit: ms, s, m, h or d (e.g. 30s, 5m, 24h)");
                return min;
            }
            if (value.compareTo(min) < 0) {
                bad(key, "use at least " + min.toString().substring(2).toLowerCase(Locale.ROOT));
                return min;
            }
            return value;
        }

        long size(String key) {
            String raw = values.raw(key);
            Long value = parseSize(raw);
            if (value == null || value < 1024 * 1024) {
                bad(key, "use a size of at least 1MB with a unit: B, KB, MB or GB (e.g. 500MB)");
                return 500L * 1024 * 1024;
            }
            return value;
        }

        <E extends Enum<E>> E choice(String key, Class<E> type) {
            String raw = values.raw(key);
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(raw == null ? "" : raw.strip())) {
                    return constant;
                }
            }
            List<String> names = java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
            bad(key, "use one of " + String.join(", ", names));
            return type.getEnumConstants()[0];
        }

        String logLevel(String key) {
            String raw = values.raw(key);
            String level = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
            if (List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR").contains(level)) {
                return level;
            }
            bad(key, "use one of TRACE, DEBUG, INFO, WARN, ERROR");
            return "INFO";
        }

        QuotaSettings quota() {
            ZoneId zone = ZoneId.of("UTC");
            String rawZone = values.raw("quota.zone");
            try {
                zone = ZoneId.of(rawZone == null ? "" : rawZone.strip());
            } catch (DateTimeException e) {
                bad("quota.zone", "use a time-zone id such as UTC, Europe/Berlin or America/New_York");
            }
            String hint = "credits; 0 means unlimited";
            return new QuotaSettings(zone,
                    number("quota.daily-limit", 0, Long.MAX_VALUE, hint),
                    number("quota.monthly-limit", 0, Long.MAX_VALUE, hint),
                    integer("quota.max-concurrent", 0, 1000, "tasks at once per user; 0 means unlimited"),
                    number("quota.community-daily-pool", 0, Long.MAX_VALUE, hint));
        }

        PriceTable prices() {
            String hint = "credits per second, fractions allowed";
            return new PriceTable(
                    decimal("prices.per-second-480p", hint),
                    decimal("prices.per-second-720p", hint),
                    decimal("prices.video-input-per-second", hint),
                    decimal("prices.audio-factor", "a multiplier; 1.0 means audio costs nothing extra"));
        }
    }

    /** Parses {@code 30s}, {@code 250ms}, {@code 5m}, {@code 24h}, {@code 2d}, or ISO-8601 {@code PT30S}; else null. */
    public static Duration parseDuration(String raw) {
        if (raw == null) {
            return null;
        }
        String text = raw.strip().toLowerCase(Locale.ROOT);
        if (text.startsWith("p")) { // ISO-8601, e.g. PT30S
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeException e) {
                return null;
            }
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    static Long parseSize(String raw) {
        if (raw == null) {
            return null;
        }
        Matcher m = SIZE.matcher(raw.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "kb", "kib" -> 1024L;
            case "mb", "mib" -> 1024L * 1024;
            case "gb", "gib" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return n * unit;
    }

    /** Lists are kept as comma-separated text, the same form their environment variables take. */
    private static String scalarOrList(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.asText()));
            return String.join(",", items);
        }
        return node.asText();
    }

    // ------------------------------------------------------------------ suggestions

    private static List<String> sectionNames(ObjectNode defaults) {
        List<String> names = new ArrayList<>();
        defaults.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** ", did you mean 'x'?" for the closest candidate, or for one with the same last part in another section. */
    static String suggestion(String given, List<String> candidates) {
        String lower = given.toLowerCase(Locale.ROOT);
        String leaf = lower.substring(lower.lastIndexOf('.') + 1);
        Optional<String> best = candidates.stream()
                .min(Comparator.comparingInt(c -> distance(lower, c.toLowerCase(Locale.ROOT))))
                .filter(c -> distance(lower, c.toLowerCase(Locale.ROOT)) <= Math.max(2, given.length() / 4));
        if (best.isEmpty()) {
            best = candidates.stream().filter(c -> c.toLowerCase(Locale.ROOT).endsWith("." + leaf)).findFirst();
        }
        return best.map(b -> "; did you mean '" + b + "'?").orElse("; see config/seedance-bot.example.yml for the"
                + " keys");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** Raw string values by {@code section.key}, each with where it came from. */
    private static final class Values {
        final ObjectNode defaults;
        private final Map<String, String> raw = new LinkedHashMap<>();
        private final Map<String, String> origin = new LinkedHashMap<>();
        private final Set<String> reported = new HashSet<>();

        Values(ObjectNode defaults) {
            this.defaults = defaults;
            defaults.fields().forEachRemaining(section -> section.getValue().fields().forEachRemaining(entry -> {
                String key = section.getKey() + "." + entry.getKey();
                raw.put(key, scalarOrList(entry.getValue()));
                origin.put(key, "defaults");
            }));
        }

        boolean known(String key) {
            return raw.containsKey(key);
        }

        List<String> keys() {
            return List.copyOf(raw.keySet());
        }

        void put(String key, String value, String from) {
            raw.put(key, value == null || value.isBlank() ? null : value);
            origin.put(key, from);
        }

        String raw(String key) {
            return raw.get(key);
        }

        String origin(String key) {
            return origin.getOrDefault(key, "defaults");
        }

        void reported(String key) {
            reported.add(key);
        }

        boolean wasReported(String key) {
            return reported.contains(key);
        }
    }
}
