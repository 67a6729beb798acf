package dev.seedancebot.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.cluster.LeaderLock;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.engine.queue.QueueSettings;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.core.spend.SpendSettings;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.telegram.BotMessage;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import dev.seedancebot.testkit.telegram.TgChat;
import dev.seedancebot.testkit.telegram.TgUser;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;

/**
 * The real TelegramBots client and adapter against {@link FakeTelegramBotApi}, the real core (H2 file, engine, quota)
 * against a {@link FakeSeedanceServer}, plus the lookups adapter-level tests share. Close it in {@code @AfterEach}.
 */
final class TelegramRig implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final TgUser ALICE = new TgUser(1001, "alice", "Alice");
    static final TgUser BOB = new TgUser(1002, "bob", "Bob");
    static final TgUser OPERATOR = new TgUser(1003, "op", "Op");
    static final TgChat GROUP = TgChat.group(-100500, "Friends");
    private static final Pattern TASK_ID = Pattern.compile("Video (t[a-z0-9]+) ");

    final FakeTelegramBotApi telegram;
    final FakeSeedanceServer seedance;
    final CoreAssembly core;
    final OkHttpClient http;
    final TelegramAdapter adapter;

    private TelegramRig(Path dir, FakeTelegramBotApi telegram, FakeSeedanceServer seedance, TrustSettings trust,
            TelegramAdapter.HandlerLimits limits, SpendSettings spend, UnaryOperator<TelegramSettings> tweak) {
        this.telegram = telegram;
        this.seedance = seedance;
        this.http = new OkHttpClient();
        this.core = CoreAssembly.builder()
                .workDir(dir.resolve("core"))
                .seedance(SeedanceSettings.defaults(seedance.apiKey()).withBaseUrl(seedance.baseUrl()))
                .engineSettings(EngineSettings.fast(dir.resolve("core")))
                .queue(QueueSettings.fast())
                .trust(trust)
                .spend(spend)
                .build();
        TelegramSettings settings = TelegramSettings.defaults(telegram.token())
                .withServer("http", telegram.host(), telegram.port(), false)
                .withAlbumDebounce(Duration.ofMillis(300));
        settings = tweak.apply(settings);
        this.adapter = new TelegramAdapter(settings, core.ports(), http, Ticker.systemTicker(), dir.resolve("telegram"),
                LeaderLock.alwaysGranted(), limits);
    }

    /** The default trust (private chats for operators only, the default rates) with {@link #OPERATOR} operating. */
    static TrustSettings trust() {
        return TrustSettings.defaults().withOperators(Set.of(key(OPERATOR)));
    }

    static TelegramRig start(Path dir) {
        return start(dir, trust());
    }

    static TelegramRig start(Path dir, TrustSettings trust) {
        return start(dir, FakeTelegramBotApi.start(), FakeSeedanceServer.start(), trust,
                TelegramAdapter.HandlerLimits.DEFAULT);
    }

    /** Starts against the given fakes, which the rig then owns. */
    static TelegramRig start(Path dir, FakeTelegramBotApi telegram, FakeSeedanceServer seedance) {
        return start(dir, telegram, seedance, trust(), TelegramAdapter.HandlerLimits.DEFAULT);
    }

    static TelegramRig start(Path dir, FakeTelegramBotApi telegram, FakeSeedanceServer seedance, TrustSettings trust,
            TelegramAdapter.HandlerLimits limits) {
        return start(dir, telegram, seedance, trust, limits, SpendSettings.DEFAULTS);
    }

    /** With the operator's price in money and alert settings, and {@link #OPERATOR} operating. */
    static TelegramRig start(Path dir, SpendSettings spend) {
        return start(dir, FakeTelegramBotApi.start(), FakeSeedanceServer.start(), trust(),
                TelegramAdapter.HandlerLimits.DEFAULT, spend);
    }

    /** Against the given fake, with the adapter's settings changed by {@code tweak} after they point at it. */
    static TelegramRig start(Path dir, FakeTelegramBotApi telegram, UnaryOperator<TelegramSettings> tweak) {
        return start(dir, telegram, FakeSeedanceServer.start(), trust(),
                TelegramAdapter.HandlerLimits.DEFAULT, SpendSettings.DEFAULTS, tweak);
    }

    private static TelegramRig start(Path dir, FakeTelegramBotApi telegram, FakeSeedanceServer seedance,
            TrustSettings trust, TelegramAdapter.HandlerLimits limits, SpendSettings spend) {
        return start(dir, telegram, seedance, trust, limits, spend, UnaryOperator.identity());
    }

    private static TelegramRig start(Path dir, FakeTelegramBotApi telegram, FakeSeedanceServer seedance,
            TrustSettings trust, TelegramAdapter.HandlerLimits limits, SpendSettings spend,
            UnaryOperator<TelegramSettings> tweak) {
        TelegramRig rig = new TelegramRig(dir, telegram, seedance, trust, limits, spend, tweak);
        try {
            rig.core.router().register(rig.adapter);
            rig.adapter.start();
            rig.core.start();
            return rig;
        } catch (RuntimeException e) {
            rig.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            adapter.close();
            core.close();
        } finally {
            seedance.close();
            telegram.close();
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    // ---------------------------------------------------------------- bot messages

    /**
     * A bot message that shows {@code contains}, or did when it was sent (as sent then): the acknowledgement turns
     * into the video once the task is delivered.
     */
    BotMessage awaitText(TgChat chat, String contains) {
        await().atMost(WAIT).until(() -> withText(chat, contains).isPresent());
        return withText(chat, contains).orElseThrow();
    }

    private Optional<BotMessage> withText(TgChat chat, String contains) {
        return Stream.concat(telegram.botMessages(chat.id()).stream(), telegram.sentMessages(chat.id()).stream())
                .filter(m -> m.text() != null && m.text().contains(contains)).findFirst();
    }

    /**
     * The task has ended and its charge is settled. The engine changes the state first (the transition is what makes
     * settling happen once) and commits or refunds just after, so a test that checks the ledger waits for both.
     */
    boolean settled(String taskId) {
        return core.engine().task(taskId).orElseThrow().state().isTerminal() && core.quota().entry(taskId)
                .map(e -> e.state() != ChargeState.RESERVED).orElse(true);
    }

    /** The task once it is delivered. */
    TaskView awaitDelivered(String taskId) {
        await().atMost(WAIT).until(() -> core.engine().task(taskId).orElseThrow().state() == TaskState.DELIVERED);
        return core.engine().task(taskId).orElseThrow();
    }

    /** The bot's only answer in {@code chat}, once it came. */
    BotMessage awaitOnlyAnswer(TgChat chat) {
        await().atMost(WAIT).until(() -> !telegram.botMessages(chat.id()).isEmpty());
        List<BotMessage> all = telegram.botMessages(chat.id());
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    static String taskIdOf(BotMessage ack) {
        Matcher m = TASK_ID.matcher(ack.text());
        assertThat(m.find()).as("task id in %s", ack.text()).isTrue();
        return m.group(1);
    }

    /** Videos (or link messages) the bot posted for {@code taskId}, in any chat. */
    List<BotMessage> deliveries(TgChat chat, String taskId) {
        return telegram.botMessages(chat.id()).stream()
                .filter(m -> m.text() != null && m.text().contains(" · " + taskId)
                        && (m.kind().equals("video") || m.text().contains("Download it here")))
                .toList();
    }

    static UserKey key(TgUser u) {
        return new UserKey(Platform.TELEGRAM, String.valueOf(u.id()));
    }

    List<TaskView> tasksOf(TgUser u) {
        return core.engine().recentTasks(key(u), 100);
    }

    // ---------------------------------------------------------------- ledger

    long ledgerSum(Collection<String> taskIds) {
        long sum = 0;
        for (String id : taskIds) {
            sum += queryLong("SELECT COALESCE(SUM(amount), 0) FROM quota_ledger WHERE task_id = ?", id);
        }
        return sum;
    }

    /** Rows in the ledger and the charge table together: 0 means nothing was ever reserved. */
    long ledgerRows() {
        return queryLong("SELECT COUNT(*) FROM quota_ledger", null) + queryLong("SELECT COUNT(*) FROM quota_charge", null);
    }

    long moderationAuditRows() {
        return queryLong("SELECT COUNT(*) FROM moderation_audit", null);
    }

    private long queryLong(String sql, String param) {
        try (Connection c = core.database().dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            if (param != null) {
                s.setString(1, param);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
