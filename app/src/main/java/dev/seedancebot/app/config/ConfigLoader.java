package dev.seedancebot.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.seedancebot.app.config.AppConfig.Logging.Format;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.engine.queue.QueueSettings;
import dev.seedancebot.core.media.convert.ConversionSettings;
import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.core.quota.BudgetSettings;
import dev.seedancebot.core.quota.PriceTable;
import dev.seedancebot.core.spend.SpendSettings;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.discord.DiscordSettings;
import dev.seedancebot.telegram.TelegramSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import dev.seedancebot.core.content.WordPattern;
import java.util.ArrayList;
import java.util.Comparator;
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

/**
 * Builds the {@link AppConfig} from, in rising priority: the built-in defaults ({@code seedance-bot-defaults.yml}),
 * one YAML file, the generic {@code SEEDANCE_BOT_<SECTION>_<KEY>} environment variables, and the well-known secret
 * variables ({@code SEEDANCE_API_KEY}, {@code DISCORD_TOKEN}, {@code TELEGRAM_BOT_TOKEN}, each also as {@code *_FILE}
 * naming a file that holds it). String values may refer to environment variables as {@code ${NAME}} or
 * {@code ${NAME:-fallback}}.
 *
 * <p>The whole configuration is checked in one pass: {@link ConfigException} lists every unknown key (with a "did you
 * mean" when one is close), every bad value and every unreadable file. Secret values never appear in a message.
 *
 * <p>This class gathers the raw values; one binder per section turns them into the core's and the adapters'
 * settings ({@link SeedanceBinder}, {@link StorageBinder}, {@link DiscordBinder}, {@link TelegramBinder},
 * {@link EngineBinder}, {@link QueueBinder}, {@link UsageBinder}, {@link TrustBinder}), all reading through one
 * {@link ValueReader}.
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

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

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
        ConfigValues values = new ConfigValues(defaults);
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

    private void mergeFile(Path path, ConfigValues values, List<String> problems) {
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
                    values.put(key, ConfigValues.scalarOrList(entry.getValue()), "the file");
                }
            }
        }
    }

    private void mergeGenericEnv(ConfigValues values, List<String> problems) {
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

    private void interpolate(ConfigValues values, List<String> problems) {
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

    // ------------------------------------------------------------------ binding

    private AppConfig build(ConfigValues v, List<String> problems, String source) {
        ValueReader r = new ValueReader(v, problems);
        AppConfig.Seedance seedance = SeedanceBinder.bind(r);
        AppConfig.Storage storage = StorageBinder.bind(r);
        DiscordSettings discord = DiscordBinder.bind(r, storage);
        TelegramSettings telegram = TelegramBinder.bind(r, storage);
        VideoOptions video = UsageBinder.video(r);
        int workers = EngineBinder.workers(r);
        EngineSettings engine = EngineBinder.bind(r, storage.workDir());
        ConversionSettings media = MediaBinder.bind(r);
        QuotaSettings quota = UsageBinder.quota(r);
        TrustBinder trustBinder = new TrustBinder(r);
        TrustSettings trust = trustBinder.trust();
        BudgetSettings budgets = trustBinder.budgets();
        PriceTable prices = UsageBinder.prices(r);
        SpendSettings spend = SpendBinder.bind(r);
        AppConfig.Ops ops = new AppConfig.Ops(
                r.integer("ops.http-port", 0, 65535, "a TCP port such as 8080, or 0 to turn the endpoint off"),
                r.text("ops.http-bind", "127.0.0.1"));
        AppConfig.Logging logging = new AppConfig.Logging(
                r.choice("logging.format", Format.class),
                r.logLevel("logging.level"));
        List<String> blockedWords = blockedWords(r);
        QueueSettings queue = QueueBinder.bind(r);
        return new AppConfig(source, seedance, discord, telegram, video, storage, engine, workers, queue, media, quota,
                trust, budgets, prices, spend, ops, logging, r.warnings(), blockedWords);
    }

    /** {@code content.blocked-words}: entries as moderators write them ({@code gore}, {@code nud*}, a phrase). */
    private static List<String> blockedWords(ValueReader r) {
        String raw = r.raw("content.blocked-words");
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        List<String> entries = new ArrayList<>();
        for (String part : raw.split(",")) {
            try {
                entries.add(WordPattern.parse(part).text());
            } catch (IllegalArgumentException e) {
                r.bad("content.blocked-words", "'" + part.strip() + "': " + e.getMessage());
                return List.of();
            }
        }
        return entries;
    }

    /** Parses {@code 30s}, {@code 250ms}, {@code 5m}, {@code 24h}, {@code 2d}, or ISO-8601 {@code PT30S}; else null. */
    public static Duration parseDuration(String raw) {
        return ValueReader.parseDuration(raw);
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
}
