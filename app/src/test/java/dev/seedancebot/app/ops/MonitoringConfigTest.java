package dev.seedancebot.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.seedancebot.app.Cli;
import dev.seedancebot.app.Main;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Faults;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import dev.seedancebot.testkit.telegram.TgChat;
import dev.seedancebot.testkit.telegram.TgUser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Grafana dashboard and Prometheus alert rules ask only for series that a running bot exports. The bot is
 * {@code seedance-bot run} in-process, configured by a YAML file and the environment as an operator would, against
 * the Seedance and Telegram fakes; it is driven through an out-of-balance refusal, a refused key and a delivered video
 * first, because counters with labels appear in /metrics only once something was counted.
 */
class MonitoringConfigTest {
    private static final Path DASHBOARD = Path.of("../config/grafana-dashboard.json");
    private static final Path ALERTS = Path.of("../config/prometheus-alerts.yml");
    private static final String TOKEN = "123456789:FAKEtestTokenForLoopbackFakesOnly01";
    /** Series that come from Prometheus or an exporter, not from the bot: the alert file says which rules use them. */
    private static final Set<String> NOT_FROM_THE_BOT = Set.of("up", "probe_success");
    /** Labels Prometheus adds to every scraped series; /metrics itself has none of them. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");
    /** What a family's samples may append to its name in the text format. */
    private static final Set<String> SAMPLE_SUFFIXES = Set.of("_total", "_created", "_bucket", "_sum", "_count");

    @TempDir
    static Path dir;

    private static FakeSeedanceServer seedance;
    private static FakeTelegramBotApi telegram;
    private static Thread bot;
    private static String scrape;

    @BeforeAll
    static void runTheBotThroughEveryCountedEvent() throws IOException, InterruptedException {
        seedance = FakeSeedanceServer.start();
        telegram = FakeTelegramBotApi.builder().token(TOKEN).maxPollHold(200).start();
        int opsPort = freePort();
        Path config = Files.writeString(dir.resolve("seedance-bot.yml"), String.join("\n",
                "telegram:",
                "  api-url: " + telegram.baseUrl(),
                "storage:",
                "  data-dir: " + dir.resolve("data"),
                "engine:",
                "  first-poll-after: 0s",
                "  poll-interval: 1s",
                "  late-poll-interval: 1s",
                // the out-of-balance answer pauses the queue; the next requests must not wait minutes for it
                "queue:",
                "  balance-recheck: 1s",
                "trust:",
                "  private-chats: everyone",
                "ops:",
                "  http-port: " + opsPort,
                ""));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Cli cli = new Cli(InputStream.nullInputStream(), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(
                "TELEGRAM_BOT_TOKEN", TOKEN, "SEEDANCE_API_KEY", seedance.apiKey(),
                "SEEDANCE_BASE_URL", seedance.baseUrl()), false);
        AtomicInteger exit = new AtomicInteger(-1);
        bot = new Thread(() -> exit.set(Main.execute(cli, "run", "--config", config.toString())), "seedance-bot-run");
        bot.start();
        Ops ops = new Ops(opsPort, () -> {
            if (!bot.isAlive()) {
                throw new AssertionError("run exited with " + exit.get() + ": " + err.toString(StandardCharsets.UTF_8));
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> ops.get("/healthz").contains("\"telegram\":\"UP\""));

        seedance.failNextCreate(Faults.insufficientBalance());
        video("/video a paper boat on a rainy street");
        await().atMost(Duration.ofSeconds(30)).until(() -> ops.get("/metrics").contains("kind=\"insufficient_balance\""));
        seedance.failNextCreate(Faults.invalidApiKey());
        video("/video a fox in the snow");
        await().atMost(Duration.ofSeconds(30)).until(() -> ops.get("/metrics").contains("kind=\"authentication\""));
        video("/video a lighthouse at dusk");
        await().atMost(Duration.ofSeconds(60)).until(() -> ops.get("/metrics")
                .contains("seedance_task_transitions_total{to=\"delivered\"} 1.0"));
        scrape = ops.get("/metrics");
    }

    @AfterAll
    static void stopTheBot() throws InterruptedException {
        try {
            if (bot != null) {
                // run waits for SIGTERM; an interrupt takes the same graceful path in-process
                bot.interrupt();
                bot.join(Duration.ofSeconds(30).toMillis());
                assertThat(bot.isAlive()).as("run still running 30 s after the interrupt").isFalse();
            }
        } finally {
            if (telegram != null) {
                telegram.close();
            }
            if (seedance != null) {
                seedance.close();
            }
        }
    }

    @Test
    void scrape_afterErrorsAndADelivery_hasEverySeriesAndLabelTheDashboardAndAlertsAskFor() throws IOException {
        Map<String, List<Map<String, String>>> samples = samples(scrape);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Query> used : queries().entrySet()) {
            Query query = used.getValue();
            Set<String> known = new HashSet<>(TARGET_LABELS);
            for (Selector selector : query.selectors()) {
                if (NOT_FROM_THE_BOT.contains(selector.metric())) {
                    continue;
                }
                List<Map<String, String>> series = samples.get(selector.metric());
                if (series == null) {
                    problems.add(used.getKey() + ": " + selector.metric() + " is not in /metrics");
                    continue;
                }
                series.forEach(labels -> known.addAll(labels.keySet()));
                for (LabelMatcher matcher : selector.matchers()) {
                    checkMatcher(used.getKey(), selector.metric(), matcher, series, problems);
                }
            }
            for (String label : query.grouping()) {
                if (!known.contains(label)) {
                    problems.add(used.getKey() + ": groups by " + label + ", which none of its series has");
                }
            }
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void scrape_runningBot_everyExportedSeedanceFamilyIsOnTheDashboard() throws IOException {
        Map<String, String> families = families(scrape);
        Set<String> onDashboard = new TreeSet<>();
        dashboardQueries().values().forEach(q -> q.selectors().forEach(s -> onDashboard.add(familyOf(s.metric(),
                families))));

        Set<String> missing = new TreeSet<>(families.keySet());
        missing.removeIf(family -> !family.startsWith("seedance_"));
        missing.removeAll(onDashboard);

        assertThat(missing).as("exported families no dashboard panel shows").isEmpty();
    }

    @Test
    void load_alertRules_everyRuleHasForSeverityAndSummary() throws IOException {
        JsonNode groups = new ObjectMapper(new YAMLFactory()).readTree(ALERTS.toFile()).path("groups");
        List<String> problems = new ArrayList<>();
        int rules = 0;
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                rules++;
                String name = rule.path("alert").asText("(a rule without alert)");
                if (rule.path("for").asText().isBlank()) {
                    problems.add(name + " has no for");
                }
                if (!Set.of("critical", "warning").contains(rule.path("labels").path("severity").asText())) {
                    problems.add(name + " has no severity critical or warning");
                }
                if (rule.path("annotations").path("summary").asText().isBlank()) {
                    problems.add(name + " has no summary");
                }
            }
        }

        assertThat(rules).isGreaterThanOrEqualTo(8);
        assertThat(problems).isEmpty();
    }

    @Test
    void load_dashboard_everyPanelAndQueryUsesTheDatasourceVariable() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> elsewhere = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                continue;
            }
            List<JsonNode> sources = new ArrayList<>(List.of(panel.path("datasource")));
            panel.path("targets").forEach(t -> sources.add(t.path("datasource")));
            for (JsonNode source : sources) {
                if (!"${datasource}".equals(source.path("uid").asText())) {
                    elsewhere.add(panel.path("title").asText() + ": " + source);
                }
            }
        }
        JsonNode variable = dashboard.path("templating").path("list").get(0);

        assertThat(elsewhere).isEmpty();
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("name").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
    }

    @Test
    void parse_histogramQuantileOverGroupedRate_findsTheBucketSeriesItsMatcherAndGrouping() {
        Query query = Query.parse("histogram_quantile(0.9, sum by (job, le) "
                + "(rate(seedance_delivery_seconds_bucket{instance=~\"$instance\"}[$__rate_interval]))) > 1e3");

        assertThat(query.selectors()).containsExactly(new Selector("seedance_delivery_seconds_bucket",
                List.of(new LabelMatcher("instance", "=~", "$instance"))));
        assertThat(query.grouping()).containsExactly("job", "le");
    }

    @Test
    void parse_setOperatorWithOnAndOffset_findsBothSidesButNoKeywords() {
        Query query = Query.parse("max by (job) (seedance_queue_depth) > 0 unless on (job) "
                + "sum without (to) (increase(seedance_task_transitions_total{to!=\"failed\"}[30m] offset 5m)) > 0");

        assertThat(query.selectors()).extracting(Selector::metric)
                .containsExactly("seedance_queue_depth", "seedance_task_transitions_total");
        assertThat(query.selectors().get(1).matchers()).containsExactly(new LabelMatcher("to", "!=", "failed"));
        assertThat(query.grouping()).containsExactly("job", "to");
    }

    // ------------------------------------------------------------------ the files

    /** Every PromQL expression of both files, named by where it is. */
    private static Map<String, Query> queries() throws IOException {
        Map<String, Query> all = new LinkedHashMap<>(dashboardQueries());
        JsonNode groups = new ObjectMapper(new YAMLFactory()).readTree(ALERTS.toFile()).path("groups");
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                all.put("alert " + rule.path("alert").asText(), Query.parse(rule.path("expr").asText()));
            }
        }
        return all;
    }

    private static Map<String, Query> dashboardQueries() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Map<String, Query> all = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                all.put("panel \"" + panel.path("title").asText() + "\" " + target.path("refId").asText(),
                        Query.parse(target.path("expr").asText()));
            }
        }
        Pattern labelValues = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            Matcher m = labelValues.matcher(variable.path("query").path("query").asText());
            if (m.matches()) {
                Query series = Query.parse(m.group(1));
                Set<String> grouping = new LinkedHashSet<>(series.grouping());
                grouping.add(m.group(2));
                all.put("variable $" + variable.path("name").asText(), new Query(series.selectors(), grouping));
            }
        }
        return all;
    }

    private static void checkMatcher(String where, String metric, LabelMatcher matcher,
            List<Map<String, String>> series, List<String> problems) {
        if (TARGET_LABELS.contains(matcher.label())) {
            return;
        }
        if (series.stream().noneMatch(labels -> labels.containsKey(matcher.label()))) {
            problems.add(where + ": " + metric + " has no label " + matcher.label());
            return;
        }
        // a Grafana variable's value is only known in Grafana; negative matchers need not match anything
        if (matcher.value().contains("$") || matcher.op().startsWith("!")) {
            return;
        }
        Pattern wanted = matcher.op().equals("=~")
                ? Pattern.compile(matcher.value())
                : Pattern.compile(Pattern.quote(matcher.value()));
        if (series.stream().noneMatch(labels -> wanted.matcher(labels.getOrDefault(matcher.label(), "")).matches())) {
            problems.add(where + ": no " + metric + " series has " + matcher.label() + matcher.op() + "\""
                    + matcher.value() + "\" after the run");
        }
    }

    // ------------------------------------------------------------------ the text format

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? \\S+.*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Sample name to the label sets it was exported with. */
    private static Map<String, List<Map<String, String>>> samples(String text) {
        Map<String, List<Map<String, String>>> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            Matcher label = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            samples.computeIfAbsent(m.group(1), name -> new ArrayList<>()).add(labels);
        }
        return samples;
    }

    /** Family name to its type, from the {@code # TYPE} lines. */
    private static Map<String, String> families(String text) {
        Map<String, String> families = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.split(" ");
            if (line.startsWith("# TYPE ") && parts.length == 4) {
                families.put(parts[2], parts[3]);
            }
        }
        return families;
    }

    /** The family a sample name belongs to: a histogram's _bucket, _sum and _count are its family's. */
    private static String familyOf(String sample, Map<String, String> families) {
        if (families.containsKey(sample)) {
            return sample;
        }
        for (String suffix : SAMPLE_SUFFIXES) {
            String family = sample.endsWith(suffix) ? sample.substring(0, sample.length() - suffix.length()) : null;
            if (family != null && families.containsKey(family)) {
                return family;
            }
        }
        return sample;
    }

    // ------------------------------------------------------------------ PromQL, as much as naming series needs

    record LabelMatcher(String label, String op, String value) {}

    record Selector(String metric, List<LabelMatcher> matchers) {}

    /** The series selectors of one expression and the labels it groups or matches by. */
    record Query(List<Selector> selectors, Set<String> grouping) {
        private static final Pattern TOKEN = Pattern.compile(
                "\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'" // strings
                        + "|\\$\\{?\\w+}?" // Grafana variables
                        + "|[0-9][0-9A-Za-z_.]*" // numbers and durations, so that 1e3 or 5m name nothing
                        + "|[A-Za-z_:][A-Za-z0-9_:]*" // names
                        + "|=~|!~|!=|==|>=|<=|\\S");
        /** Followed by a list of label names in parentheses. */
        private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left",
                "group_right");
        private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "offset", "bool", "inf", "nan",
                "group_left", "group_right");

        static Query parse(String expr) {
            List<String> tokens = new ArrayList<>();
            Matcher m = TOKEN.matcher(expr);
            while (m.find()) {
                tokens.add(m.group());
            }
            List<Selector> selectors = new ArrayList<>();
            Set<String> grouping = new LinkedHashSet<>();
            int i = 0;
            while (i < tokens.size()) {
                String token = tokens.get(i);
                String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
                if (token.equals("[")) {
                    i = indexAfter(tokens, i, "]");
                } else if (GROUPING.contains(token) && next.equals("(")) {
                    int close = indexAfter(tokens, i, ")");
                    tokens.subList(i + 2, close - 1).stream().filter(t -> !t.equals(",")).forEach(grouping::add);
                    i = close;
                } else if (!Character.isLetter(token.charAt(0)) && token.charAt(0) != '_'
                        || KEYWORDS.contains(token) || next.equals("(") || next.equals("by")
                        || next.equals("without")) {
                    i++; // punctuation, numbers, strings, keywords, functions and aggregations (sum by (x) (...))
                } else if (next.equals("{")) {
                    int close = indexAfter(tokens, i, "}");
                    selectors.add(new Selector(token, matchers(tokens.subList(i + 2, close - 1))));
                    i = close;
                } else {
                    selectors.add(new Selector(token, List.of()));
                    i++;
                }
            }
            return new Query(selectors, grouping);
        }

        /** The index just after the first {@code close} at or after {@code from}. */
        private static int indexAfter(List<String> tokens, int from, String close) {
            int at = tokens.subList(from, tokens.size()).indexOf(close);
            if (at < 0) {
                throw new IllegalArgumentException("no " + close + " after " + String.join(" ", tokens));
            }
            return from + at + 1;
        }

        /** {@code label op "value"} triples separated by commas. */
        private static List<LabelMatcher> matchers(List<String> inside) {
            List<LabelMatcher> matchers = new ArrayList<>();
            for (int j = 0; j + 2 < inside.size(); j += 4) {
                String quoted = inside.get(j + 2);
                matchers.add(new LabelMatcher(inside.get(j), inside.get(j + 1), quoted.substring(1,
                        quoted.length() - 1).replace("\\\\", "\\")));
            }
            return matchers;
        }
    }

    // ------------------------------------------------------------------ driving the bot

    private static void video(String text) {
        TgUser alice = new TgUser(4242, "alice", "Alice");
        telegram.message(TgChat.privateWith(alice), alice).text(text).send();
    }

    /** GETs of the ops endpoint; a refused connection reads as an empty body, a dead bot fails the test at once. */
    private record Ops(int port, Runnable botAlive) {
        private static final HttpClient HTTP = HttpClient.newHttpClient();

        String get(String path) throws InterruptedException {
            botAlive.run();
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException notListeningYet) {
                return "";
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
