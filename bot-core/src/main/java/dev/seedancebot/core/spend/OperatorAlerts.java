package dev.seedancebot.core.spend;

import dev.seedancebot.core.engine.EngineListener;
import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationStatus;
import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.i18n.UserLanguageStore;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.platform.PlatformRouter;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.storage.DataAccessException;
import dev.seedancebot.core.storage.Jdbc;
import dev.seedancebot.core.task.TaskState;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operators what needs them: the provider account out of balance, the model refused as "not found" for
 * longer than the queue's alert time, and the day's spend past the configured threshold. Each alert goes to the log
 * (ERROR), to a counter the metrics read, and as a direct message to every operator id on its platform, in the
 * language that operator chose with {@code /language} (English when they chose none: an alert is sent outside any
 * conversation, so there is no platform locale to go by); the log and the stored record keep the English words.
 *
 * <p>It listens to the engine (wrapping the launcher's listener, to which it forwards every event): an
 * out-of-balance answer raises that alert at most once per {@link SpendSettings#alertInterval()}, however many
 * requests are refused; a success clears the out-of-balance state and checks the day's spend. The daily alert is
 * claimed by inserting a row keyed on (kind, day) before it is sent, so it goes out once per day across restarts
 * and instances; the model-unavailable alert is claimed on one row per kind whose time moves on at most once per
 * interval, so several instances send it once. An alert whose message could not be delivered stays in the log and
 * the counter.
 *
 * <p>Sending runs on {@code executor}: engine threads never wait for a chat platform. Thread-safe.
 */
public final class OperatorAlerts implements EngineListener {
    private static final Logger log = LoggerFactory.getLogger(OperatorAlerts.class);

    /** What an alert is about. */
    public enum Kind {
        OUT_OF_BALANCE,
        DAILY_SPEND,
        MODEL_UNAVAILABLE
    }

    /** The day of the rows that claim an alert per interval rather than per day. */
    private static final LocalDate INTERVAL_ROW = LocalDate.EPOCH;

    private final EngineListener next;
    private final PlatformRouter router;
    private final Set<UserKey> operators;
    private final UserLanguageStore languages;
    private final SpendLedger ledger;
    private final SpendSettings settings;
    private final Jdbc jdbc;
    private final Clock clock;
    private final Executor executor;
    private final Map<Kind, AtomicLong> sent = new EnumMap<>(Kind.class);
    private final Map<Kind, Instant> lastRaised = new ConcurrentHashMap<>();
    private volatile boolean outOfBalance;
    /** The day whose spend alert is known to be claimed, so later successes that day skip the sum. */
    private volatile LocalDate claimedDay;

    public OperatorAlerts(EngineListener next, PlatformRouter router, Set<UserKey> operators,
            UserLanguageStore languages, SpendLedger ledger, SpendSettings settings, Jdbc jdbc, Clock clock,
            Executor executor) {
        this.next = Objects.requireNonNull(next, "next");
        this.router = Objects.requireNonNull(router, "router");
        this.operators = Set.copyOf(operators);
        this.languages = Objects.requireNonNull(languages, "languages");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Objects.requireNonNull(executor, "executor");
        for (Kind kind : Kind.values()) {
            sent.put(kind, new AtomicLong());
        }
    }

    // ---------------------------------------------------------------- engine events

    @Override
    public void stateChanged(String taskId, TaskState from, TaskState to) {
        next.stateChanged(taskId, from, to);
        if (to == TaskState.SUBMITTED || to == TaskState.SUCCEEDED) {
            outOfBalance = false; // the provider took or finished a task: the account has money again
        }
        if (to == TaskState.SUCCEEDED && settings.dailyAlertOn() && !ledger.today().equals(claimedDay)) {
            run(this::checkDailySpend);
        }
    }

    @Override
    public void providerError(ErrorKind kind, String code) {
        next.providerError(kind, code);
        if (kind == ErrorKind.INSUFFICIENT_BALANCE) {
            outOfBalance = true;
            if (mayRaise(Kind.OUT_OF_BALANCE)) {
                String shown = code == null || code.isBlank() ? "-" : code;
                run(() -> send(Kind.OUT_OF_BALANCE, () -> SpendTexts.outOfBalance(shown)));
            }
        }
    }

    @Override
    public void modelUnavailable(String code, Duration lasted) {
        next.modelUnavailable(code, lasted);
        if (mayRaise(Kind.MODEL_UNAVAILABLE)) {
            String shown = code == null || code.isBlank() ? "-" : code;
            long minutes = lasted.toMinutes();
            Supplier<String> words = () -> SpendTexts.modelUnavailable(shown, minutes);
            run(() -> {
                if (claimInterval(Kind.MODEL_UNAVAILABLE, english(words))) {
                    send(Kind.MODEL_UNAVAILABLE, words);
                }
            });
        }
    }

    @Override
    public void polled(String taskId, GenerationStatus status) {
        next.polled(taskId, status);
    }

    @Override
    public void rejected(VideoRequest request, List<String> problems) {
        next.rejected(request, problems);
    }

    @Override
    public void denied(VideoRequest request, String message) {
        next.denied(request, message);
    }

    @Override
    public void delivered(String taskId, Duration took) {
        next.delivered(taskId, took);
    }

    // ---------------------------------------------------------------- single steps and readings

    /**
     * Sends the daily spend alert if today's spend has passed the threshold and no alert was claimed for today
     * (by this or any instance, before or after a restart). Returns whether this call sent it.
     */
    public boolean checkDailySpend() {
        if (!settings.dailyAlertOn()) {
            return false;
        }
        LocalDate today = ledger.today();
        BigDecimal spent = ledger.total(today).money();
        if (spent.compareTo(settings.dailyAlert()) < 0) {
            return false;
        }
        Supplier<String> words = () -> SpendTexts.dailyAlert(today, spent, settings.dailyAlert(), settings.prices());
        if (!claim(Kind.DAILY_SPEND, today, english(words))) {
            claimedDay = today;
            return false;
        }
        claimedDay = today;
        send(Kind.DAILY_SPEND, words);
        return true;
    }

    /** Whether the provider's latest word was that the account is out of balance. */
    public boolean outOfBalance() {
        return outOfBalance;
    }

    /** Alerts of a kind raised since start. */
    public long alertsSent(Kind kind) {
        return sent.get(kind).get();
    }

    /** Today's spend of the whole bot in money (zero while no price is set). */
    public BigDecimal spentToday() {
        return ledger.total(ledger.today()).money();
    }

    // ---------------------------------------------------------------- internals

    /** At most one alert of a kind per interval; the first caller in a window wins. */
    private boolean mayRaise(Kind kind) {
        Instant now = clock.instant();
        Instant[] won = new Instant[1];
        lastRaised.compute(kind, (k, last) -> {
            if (last == null || !now.isBefore(last.plus(settings.alertInterval()))) {
                won[0] = now;
                return now;
            }
            return last;
        });
        return won[0] != null;
    }

    /** Inserts the (kind, day) row; false when it is there already (a unique key, so also across instances). */
    private boolean claim(Kind kind, LocalDate day, String detail) {
        try {
            return jdbc.update("INSERT INTO operator_alert (kind, alert_day, detail, sent_at) SELECT ?, ?, ?, ?"
                    + " WHERE NOT EXISTS (SELECT 1 FROM operator_alert WHERE kind = ? AND alert_day = ?)",
                    kind.name(), day, detail.length() > 500 ? detail.substring(0, 500) : detail, clock.instant(),
                    kind.name(), day) == 1;
        } catch (DataAccessException e) {
            // another instance inserted the same row between the check and the insert
            return false;
        }
    }

    /**
     * Claims the alert of a kind for this interval across instances: the kind's row is inserted, or its time moved on
     * if the last alert is an interval old; only one instance's statement changes it.
     */
    private boolean claimInterval(Kind kind, String detail) {
        Instant now = clock.instant();
        String shown = detail.length() > 500 ? detail.substring(0, 500) : detail;
        return jdbc.update("UPDATE operator_alert SET sent_at = ?, detail = ? WHERE kind = ? AND alert_day = ?"
                + " AND sent_at <= ?", now, shown, kind.name(), INTERVAL_ROW, now.minus(settings.alertInterval())) == 1
                || claim(kind, INTERVAL_ROW, detail);
    }

    /** Sends {@code words}, written in each operator's language as it is asked. */
    private void send(Kind kind, Supplier<String> words) {
        sent.get(kind).incrementAndGet();
        log.error("operator alert {}: {}", kind, english(words));
        if (operators.isEmpty()) {
            log.warn("no operator ids are configured (trust.operators): the {} alert is in this log only", kind);
        }
        for (UserKey operator : operators) {
            router.port(operator.platform()).ifPresentOrElse(port -> {
                try (Texts.Scope language = Texts.use(languageOf(operator))) {
                    port.directMessage(operator.userId(), words.get());
                } catch (RuntimeException e) {
                    log.warn("could not send the {} alert to operator {}: {}", kind, operator, e.toString());
                }
            }, () -> log.warn("no {} adapter is running: the {} alert to operator {} is in this log only",
                    operator.platform(), kind, operator));
        }
    }

    private static String english(Supplier<String> words) {
        try (Texts.Scope english = Texts.use(Languages.ENGLISH)) {
            return words.get();
        }
    }

    /** The operator's {@code /language} choice; English when none, or when the database cannot say. */
    private Locale languageOf(UserKey operator) {
        try {
            return languages.get(operator).orElse(Languages.ENGLISH);
        } catch (DataAccessException e) {
            log.warn("could not read the language of operator {}: {}", operator, e.toString());
            return Languages.ENGLISH;
        }
    }

    private void run(Runnable work) {
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.warn("an operator alert failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("the bot is stopping: an operator alert was not sent");
        }
    }
}
