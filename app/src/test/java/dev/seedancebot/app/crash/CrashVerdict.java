package dev.seedancebot.app.crash;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.BudgetSettings;
import dev.seedancebot.core.quota.QuotaService;
import dev.seedancebot.core.quota.QuotaSettings;
import dev.seedancebot.core.quota.QuotaSnapshot;
import dev.seedancebot.core.storage.Database;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.RecordedRequest;
import dev.seedancebot.testkit.telegram.BotMessage;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import dev.seedancebot.testkit.telegram.TelegramCall;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;

/**
 * What a crash run left behind, read after the bots were stopped: their database (tasks, charges, ledger, and each
 * user's {@link QuotaService#snapshot}), the fake Telegram's record of posts and notices, and the fake Seedance's
 * record of creates. {@link #assertAll} checks the issue's promise rule by rule and reports every breach at once.
 */
final class CrashVerdict {
    /** engine.workers in the bot's config: at most this many posts are in flight when a kill comes. */
    static final int WORKERS = 8;
    private static final Pattern NOTICE = Pattern.compile("Your video (t[a-z0-9]{7}) could not be made");
    private static final Pattern LINK_POST = Pattern.compile(" · (t[a-z0-9]{7})\\n\\nThe video is ");
    private static final Pattern VIDEO_CAPTION = Pattern.compile(" · (t[a-z0-9]{7})$");
    private static final Pattern MARKER = Pattern.compile("crash-\\d{3}");
    private static final Pattern RECEIVED = Pattern.compile("task (t[a-z0-9]{7}) received from");
    private static final String DELIVERED = "delivered as message";
    private static final String TAKEN_OVER = "taken over in state";
    private static final String ELECTED = "leader lock telegram-receiver acquired";

    /** One /video command the test sent. */
    record SentUpdate(long chatId, int messageId, long userId, String marker) {
        String sourceKey() {
            return "telegram:" + chatId + ":" + messageId;
        }
    }

    /**
     * One SIGKILL: which bot, when it came and what the fakes had seen by then.
     *
     * @param atPost whether it came at a held video upload rather than after an amount of work
     * @param videoUploadsBefore sendVideo and editMessageMedia calls ({@link #videoUploads})
     * @param queuedAtKill tasks waiting in the queue (all instances) as the victim reported right before its kill;
     *     -1 when it did not answer
     * @param createsBefore creates that made a task at the fake
     */
    record Kill(int number, String bot, Duration delay, boolean atPost, boolean idle, int queuedAtKill,
            int createsBefore,
            int seedanceRequestsBefore, int videoUploadsBefore, int sendMessagesBefore) {}

    record TaskRow(String id, String state, String userId, long cost, String sourceKey, String errorKind,
            String providerTaskId, String prompt) {}

    record Charge(String taskId, String userKey, String state, long credits) {}

    record LedgerRow(String userKey, String taskId, String kind, String bucket, long amount, LocalDate windowDay,
            LocalDate windowMonth) {}

    private final List<SentUpdate> updates;
    private final List<Kill> kills;
    private final boolean completed;
    private final List<TaskRow> tasks;
    private final Map<String, Charge> charges;
    private final List<LedgerRow> ledger;
    private final Map<String, QuotaSnapshot> snapshots;
    /** Per task, the messages that show its result (more than one is a re-post). */
    private final Map<String, List<BotMessage>> videoPosts;
    private final Map<String, Integer> notices;
    /** Successful editMessageMedia calls beyond one per message: repeated deliveries that a kill caused. */
    private final int repeatedUploads;
    private final int failedVideoUploads;
    private final Map<String, Integer> createsPerMarker;
    private final int unmatchedCreates;
    /** Creates the fake refused for its cap (429 QuotaExceeded): nothing was created, the queue sends them again. */
    private final int refusedCreates;
    private final int providerTasks;
    private final int orphanProviderTasks;
    private final int getUpdatesCalls;
    private final int pendingUpdatesAtEnd;
    /** For each task left unfinished: its scheduling columns, to tell a lost lease from a poll never due. */
    private final Map<String, String> unfinishedDetail;
    private final Map<String, Long> pollsByProviderTask;
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    private CrashVerdict(List<SentUpdate> updates, List<Kill> kills, boolean completed, List<TaskRow> tasks,
            Map<String, Charge> charges, List<LedgerRow> ledger, Map<String, QuotaSnapshot> snapshots,
            Map<String, String> unfinishedDetail, FakeSeedanceServer seedance, FakeTelegramBotApi telegram) {
        this.updates = updates;
        this.unfinishedDetail = unfinishedDetail;
        this.pollsByProviderTask = seedance.requests().stream().filter(r -> r.method().equals("GET"))
                .collect(Collectors.groupingBy(r -> r.path().substring(r.path().lastIndexOf('/') + 1),
                        Collectors.counting()));
        this.kills = kills;
        this.completed = completed;
        this.tasks = tasks;
        this.charges = charges;
        this.ledger = ledger;
        this.snapshots = snapshots;
        this.videoPosts = videoPosts(telegram);
        List<TelegramCall> edits = telegram.calls("editMessageMedia").stream().filter(c -> c.status() == 200).toList();
        this.repeatedUploads = edits.size() - (int) edits.stream()
                .map(c -> c.param("chat_id").orElse("") + "/" + c.param("message_id").orElse("")).distinct().count();
        this.notices = countIds(telegram.calls("sendMessage"), "text", NOTICE);
        this.getUpdatesCalls = telegram.calls("getUpdates").size();
        this.pendingUpdatesAtEnd = telegram.pendingUpdates();
        this.failedVideoUploads = (int) videoUploads(telegram).stream().filter(c -> c.status() != 200).count();
        Map<String, Integer> creates = new TreeMap<>();
        int unmatched = 0;
        // a create refused before acceptance made nothing and is sent again; only those that made a task count
        for (RecordedRequest r : seedance.acceptedCreateRequests()) {
            Matcher m = MARKER.matcher(r.bodyText());
            if (m.find()) {
                creates.merge(m.group(), 1, Integer::sum);
            } else {
                unmatched++;
            }
        }
        this.createsPerMarker = creates;
        this.unmatchedCreates = unmatched;
        this.refusedCreates = seedance.quotaRefusals();
        this.providerTasks = seedance.createdTaskCount();
        Set<String> known = tasks.stream().map(TaskRow::providerTaskId).filter(p -> p != null)
                .collect(Collectors.toSet());
        this.orphanProviderTasks = (int) seedance.taskIds().stream().filter(id -> !known.contains(id)).count();
    }

    /** Opens the bots' database (stopped bots: an H2 file takes one process at a time) and reads everything. */
    static CrashVerdict read(String jdbcUrl, String dbUser, List<SentUpdate> updates, FakeSeedanceServer seedance,
            FakeTelegramBotApi telegram, List<Kill> kills, boolean completed) throws SQLException {
        try (Database db = Database.open(jdbcUrl, dbUser, "")) {
            List<TaskRow> tasks = new ArrayList<>();
            Map<String, Charge> charges = new HashMap<>();
            Map<String, String> unfinished = new TreeMap<>();
            List<LedgerRow> ledger = new ArrayList<>();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                try (ResultSet r = s.executeQuery("SELECT id, state, user_id, cost, source_key, error_kind,"
                        + " provider_task_id, prompt FROM task ORDER BY created_at")) {
                    while (r.next()) {
                        tasks.add(new TaskRow(r.getString(1), r.getString(2), r.getString(3), r.getLong(4),
                                r.getString(5), r.getString(6), r.getString(7), r.getString(8)));
                    }
                }
                try (ResultSet r = s.executeQuery("SELECT id, poll_count, next_poll_at, lease_owner, lease_until,"
                        + " updated_at, CURRENT_TIMESTAMP FROM task WHERE state NOT IN ('DELIVERED','FAILED','CANCELLED')"
                        + " OR failure_notice_pending")) {
                    while (r.next()) {
                        unfinished.put(r.getString(1), "poll_count=" + r.getInt(2) + ", next_poll_at="
                                + r.getString(3) + ", lease_owner=" + r.getString(4) + ", lease_until="
                                + r.getString(5) + ", updated_at=" + r.getString(6) + ", read at " + r.getString(7));
                    }
                }
                try (ResultSet r = s.executeQuery("SELECT task_id, user_key, state, credits FROM quota_charge")) {
                    while (r.next()) {
                        charges.put(r.getString(1), new Charge(r.getString(1), r.getString(2), r.getString(3),
                                r.getLong(4)));
                    }
                }
                try (ResultSet r = s.executeQuery("SELECT user_key, task_id, kind, bucket, amount, window_day,"
                        + " window_month FROM quota_ledger")) {
                    while (r.next()) {
                        ledger.add(new LedgerRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                                r.getLong(5), r.getObject(6, LocalDate.class), r.getObject(7, LocalDate.class)));
                    }
                }
            }
            QuotaService quota = new QuotaService(db, new QuotaSettings(ZoneOffset.UTC, 0, 0, 0, 0),
                    BudgetSettings.NONE, Clock.systemUTC(), Ticker.systemTicker(), Runnable::run);
            Map<String, QuotaSnapshot> snapshots = new TreeMap<>();
            // a user's allowance belongs to the chat's community (a group) or to private chats
            for (SentUpdate u : updates) {
                UserKey user = new UserKey(Platform.TELEGRAM, Long.toString(u.userId()));
                String community = u.chatId() < 0 ? Long.toString(u.chatId()) : null;
                snapshots.putIfAbsent("telegram:" + u.userId(), quota.snapshot(user, community, Set.of()));
            }
            return new CrashVerdict(updates, kills, completed, tasks, charges, ledger, snapshots, unfinished, seedance,
                    telegram);
        }
    }

    /** Ids of tasks the user has seen an outcome of: a posted video (or link) or a failure notice. */
    static Set<String> finishedTaskIds(FakeTelegramBotApi telegram) {
        Set<String> ids = new HashSet<>(videoPosts(telegram).keySet());
        ids.addAll(countIds(telegram.calls("sendMessage"), "text", NOTICE).keySet());
        return ids;
    }

    /**
     * Messages that show a task's result, per task id: a video whose caption ends in " · <id>", or a link message.
     * Counted as the messages stand at the end, not as calls: a delivery repeated after a kill edits the message it
     * made before, which is no second post, while a second message is one.
     */
    private static Map<String, List<BotMessage>> videoPosts(FakeTelegramBotApi telegram) {
        Map<String, List<BotMessage>> posts = new HashMap<>();
        for (BotMessage m : telegram.botMessages()) {
            Matcher video = VIDEO_CAPTION.matcher(m.text() == null ? "" : m.text());
            Matcher link = LINK_POST.matcher(m.text() == null ? "" : m.text());
            if (m.kind().equals("video") && video.find()) {
                posts.computeIfAbsent(video.group(1), id -> new ArrayList<>()).add(m);
            } else if (m.kind().equals("text") && link.find()) {
                posts.computeIfAbsent(link.group(1), id -> new ArrayList<>()).add(m);
            }
        }
        return posts;
    }

    /** Every call that uploads a result video: a new message (sendVideo) or an edit of the progress message. */
    static List<TelegramCall> videoUploads(FakeTelegramBotApi telegram) {
        return telegram.calls().stream().filter(c -> c.is("sendVideo") || c.is("editMessageMedia")).toList();
    }

    private static Map<String, Integer> countIds(List<TelegramCall> calls, String param, Pattern pattern) {
        Map<String, Integer> counts = new HashMap<>();
        for (TelegramCall call : calls) {
            if (call.status() != 200) {
                continue;
            }
            Matcher m = pattern.matcher(call.param(param).orElse(""));
            if (m.find()) {
                counts.merge(m.group(1), 1, Integer::sum);
            }
        }
        return counts;
    }

    private long ledgerSum(String taskId) {
        return ledger.stream().filter(l -> taskId.equals(l.taskId())).mapToLong(LedgerRow::amount).sum();
    }

    private long ledgerRows(String taskId, String kind) {
        return ledger.stream().filter(l -> taskId.equals(l.taskId()) && l.kind().equals(kind)).count();
    }

    private int duplicatePosts() {
        return videoPosts.values().stream().mapToInt(m -> m.size() - 1).filter(n -> n > 0).sum();
    }

    private int duplicateNotices() {
        return notices.values().stream().mapToInt(n -> n - 1).filter(n -> n > 0).sum();
    }

    /** Lines of every bot's log that contain {@code text}, each after its bot's name when there are several. */
    private static List<String> logLines(List<BotProcessRig> bots, String text) {
        return bots.stream().flatMap(b -> b.log().lines(text).stream().map(l -> bots.size() == 1 ? l
                : b.name() + ": " + l)).toList();
    }

    String summary(long seed, List<BotProcessRig> bots, Duration elapsed) {
        Map<String, Long> byState = tasks.stream().collect(Collectors.groupingBy(
                t -> t.state() + (t.errorKind() == null ? "" : "/" + t.errorKind()), TreeMap::new,
                Collectors.counting()));
        long failedUncharged = tasks.stream()
                .filter(t -> t.state().equals("FAILED") && !charges.containsKey(t.id())).count();
        StringBuilder out = new StringBuilder("\n== crash run (seed ").append(seed).append(") ==\n");
        out.append("updates sent: ").append(updates.size()).append(", tasks: ").append(tasks.size())
                .append(", completed: ").append(completed).append(", elapsed: ").append(elapsed.toMillis())
                .append(" ms\n");
        for (BotProcessRig bot : bots) {
            out.append("bot ").append(bot.name()).append(": starts: ").append(bot.starts()).append(", start-to-ready: ")
                    .append(bot.startToReady()).append(", deliveries: ").append(bot.log().lines(DELIVERED).size())
                    .append(", takeovers: ").append(bot.log().lines(TAKEN_OVER).size())
                    .append(", restarts that took their own leases back: ").append(bot.log().lines(" leases left")
                            .stream().filter(l -> !l.contains("; 0 leases left")).count())
                    .append(", Telegram receiver elections won: ").append(bot.log().lines(ELECTED).size())
                    .append('\n');
            out.append("  start-up phases (from launching the JVM): ").append(bot.log().startupPhases()).append('\n');
        }
        for (Kill k : kills) {
            out.append("kill #").append(k.number()).append(bots.size() == 1 ? "" : " of bot " + k.bot())
                    .append(": after ").append(k.delay().toMillis())
                    .append(k.atPost() ? " ms, at a video upload" : " ms + activity")
                    .append(k.idle() ? " (IDLE: nothing left to interrupt)" : "")
                    .append("; by then creates=").append(k.createsBefore()).append(", seedance requests=")
                    .append(k.seedanceRequestsBefore()).append(", video uploads=").append(k.videoUploadsBefore())
                    .append(", sendMessage=").append(k.sendMessagesBefore()).append("; waiting in the queue: ")
                    .append(k.queuedAtKill()).append('\n');
        }
        out.append("task states: ").append(byState).append('\n');
        out.append("failed before being charged: ").append(failedUncharged).append('\n');
        Set<String> sources = tasks.stream().map(TaskRow::sourceKey).collect(Collectors.toSet());
        out.append("updates that produced no task (lost): ")
                .append(updates.stream().filter(u -> !sources.contains(u.sourceKey())).count()).append('\n');
        Set<String> inDatabase = tasks.stream().map(TaskRow::id).collect(Collectors.toSet());
        List<String> vanished = logLines(bots, " received from ").stream().map(RECEIVED::matcher)
                .filter(Matcher::find).map(m -> m.group(1)).filter(id -> !inDatabase.contains(id)).toList();
        out.append("tasks the bot logged as received (stored and charged) but missing from the database after the"
                + " kills: ").append(vanished.size()).append(vanished.isEmpty() ? "" : " " + vanished).append('\n');
        out.append("video posts: ").append(videoPosts.values().stream().mapToInt(List::size).sum())
                .append(" for ").append(videoPosts.size()).append(" tasks, duplicates (re-posted after a kill): ")
                .append(duplicatePosts()).append(", repeated deliveries that edited their own message again: ")
                .append(repeatedUploads).append(", failed video uploads: ").append(failedVideoUploads).append('\n');
        out.append("failure notices: ").append(notices.values().stream().mapToInt(Integer::intValue).sum())
                .append(" for ").append(notices.size()).append(" tasks, duplicates: ").append(duplicateNotices())
                .append('\n');
        out.append("seedance creates: ").append(createsPerMarker.values().stream().mapToInt(Integer::intValue).sum())
                .append(" (").append(unmatchedCreates).append(" unmatched), refused for the provider's cap and sent"
                        + " again from the queue: ").append(refusedCreates).append(", provider tasks: ")
                .append(providerTasks)
                .append(", orphaned (created, outcome unknown to the bot): ").append(orphanProviderTasks).append('\n');
        out.append("telegram getUpdates calls: ").append(getUpdatesCalls).append(String.format(" (%.1f/s)",
                getUpdatesCalls * 1000.0 / Math.max(1, elapsed.toMillis()))).append(", updates never confirmed: ")
                .append(pendingUpdatesAtEnd).append('\n');
        out.append("log lines 'resumed': ").append(logLines(bots, "resumed").size()).append(", 'taken over': ")
                .append(logLines(bots, TAKEN_OVER).size()).append('\n');
        videoPosts.forEach((id, posts) -> {
            if (posts.size() > 1) {
                out.append("RE-POSTED ").append(id).append(": ").append(posts).append("\n  its log lines:\n    ")
                        .append(String.join("\n    ", logLines(bots, id))).append('\n');
            }
        });
        for (TaskRow t : tasks) {
            String detail = unfinishedDetail.get(t.id());
            if (detail != null) {
                out.append("NOT FINISHED ").append(t.id()).append(" (").append(t.state()).append(", provider task ")
                        .append(t.providerTaskId()).append(", polls the fake answered: ")
                        .append(pollsByProviderTask.getOrDefault(t.providerTaskId(), 0L)).append("): ").append(detail)
                        .append("\n  its log lines:\n    ")
                        .append(String.join("\n    ", logLines(bots, t.id()))).append('\n');
            }
        }
        return out.toString();
    }

    void assertAll(List<BotProcessRig> bots) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(completed).as("every task finished before the deadline; log tail of bot %s:\n%s",
                bots.get(0).name(), bots.get(0).log().tail(40)).isTrue();
        // several bots on one database all serve: work is claimed with SKIP LOCKED, whoever is free takes it
        for (BotProcessRig bot : bots) {
            soft.assertThat(bot.log().lines(DELIVERED)).as("videos delivered by bot %s", bot.name()).isNotEmpty();
        }

        // no update lost, none made two tasks
        Map<String, List<TaskRow>> bySource = tasks.stream().filter(t -> t.sourceKey() != null)
                .collect(Collectors.groupingBy(TaskRow::sourceKey));
        for (SentUpdate u : updates) {
            soft.assertThat(bySource.getOrDefault(u.sourceKey(), List.of()))
                    .as("tasks made from update %s (%s)", u.sourceKey(), u.marker()).hasSize(1);
        }
        soft.assertThat(tasks).as("tasks without a source update").allMatch(t -> t.sourceKey() != null);
        soft.assertThat(tasks).as("task count").hasSize(updates.size());

        // Seedance: a task is never created twice
        Map<String, Integer> twice = new LinkedHashMap<>();
        createsPerMarker.forEach((marker, n) -> {
            if (n > 1) {
                twice.put(marker, n);
            }
        });
        soft.assertThat(twice).as("requests sent to Seedance more than once").isEmpty();
        // the queue is small against the tasks: kills must find tasks waiting in it, or the run proves nothing of it
        soft.assertThat(kills).as("kills that came with tasks waiting in the queue")
                .anyMatch(k -> k.queuedAtKill() > 0);
        // a provider task the bot has no record of is billed by Seedance but known to nobody; only a create whose
        // answer a kill swallowed may end like that, and its task is then refunded as OUTCOME_UNKNOWN
        long outcomeUnknown = tasks.stream().filter(t -> "OUTCOME_UNKNOWN".equals(t.errorKind())).count();
        soft.assertThat((long) orphanProviderTasks)
                .as("Seedance tasks the bot has no record of (at most one per OUTCOME_UNKNOWN refund)")
                .isLessThanOrEqualTo(outcomeUnknown);

        for (TaskRow t : tasks) {
            Charge charge = charges.get(t.id());
            int posts = videoPosts.getOrDefault(t.id(), List.of()).size();
            int told = notices.getOrDefault(t.id(), 0);
            soft.assertThat(t.state()).as("state of task %s", t.id()).isIn("DELIVERED", "FAILED");
            soft.assertThat(ledgerRows(t.id(), "RESERVE")).as("RESERVE rows of %s", t.id()).isLessThanOrEqualTo(1);
            if (t.state().equals("DELIVERED")) {
                soft.assertThat(posts).as("posts of delivered task %s", t.id()).isGreaterThanOrEqualTo(1);
                soft.assertThat(told).as("failure notices of delivered task %s", t.id()).isZero();
                soft.assertThat(charge).as("charge of delivered task %s", t.id()).isNotNull();
                if (charge != null) {
                    soft.assertThat(charge.state()).as("charge of delivered task %s", t.id()).isEqualTo("COMMITTED");
                }
                soft.assertThat(ledgerSum(t.id())).as("ledger of delivered task %s", t.id()).isEqualTo(t.cost());
            } else if (t.state().equals("FAILED")) {
                soft.assertThat(posts).as("posts of failed task %s", t.id()).isZero();
                soft.assertThat(told).as("failure notices of failed task %s (%s)", t.id(), t.errorKind())
                        .isGreaterThanOrEqualTo(1);
                if (charge != null) {
                    soft.assertThat(charge.state()).as("charge of failed task %s", t.id()).isEqualTo("REFUNDED");
                    soft.assertThat(ledgerRows(t.id(), "REFUND")).as("REFUND rows of %s", t.id()).isEqualTo(1);
                }
                soft.assertThat(ledgerSum(t.id())).as("ledger of failed task %s", t.id()).isZero();
            }
        }
        // A delivery that reached Telegram right before a kill, but was not yet recorded, is made again after the
        // restart (Telegram has no idempotency key). It edits the task's progress message, as the first attempt did,
        // so it must never show up as a second message.
        soft.assertThat(duplicatePosts()).as("video posts repeated after a kill (a repeat must edit, not post)")
                .isZero();
        soft.assertThat(duplicateNotices()).as("duplicate failure notices, at most one per kill and worker")
                .isLessThanOrEqualTo(kills.size() * WORKERS);

        // every user's quota equals the ledger, and the ledger equals what was delivered
        for (Map.Entry<String, QuotaSnapshot> e : snapshots.entrySet()) {
            String userKey = e.getKey();
            QuotaSnapshot snap = e.getValue();
            String userId = userKey.substring(userKey.indexOf(':') + 1);
            long delivered = tasks.stream().filter(t -> t.userId().equals(userId) && t.state().equals("DELIVERED"))
                    .mapToLong(TaskRow::cost).sum();
            List<LedgerRow> rows = ledger.stream().filter(l -> l.userKey().equals(userKey)).toList();
            long all = rows.stream().mapToLong(LedgerRow::amount).sum();
            long window = rows.stream()
                    .filter(l -> l.bucket().equals("WINDOW") && today.withDayOfMonth(1).equals(l.windowMonth()))
                    .mapToLong(LedgerRow::amount).sum();
            long windowToday = rows.stream().filter(l -> l.bucket().equals("WINDOW") && today.equals(l.windowDay()))
                    .mapToLong(LedgerRow::amount).sum();
            soft.assertThat(all).as("ledger sum of %s vs credits of its delivered tasks", userKey)
                    .isEqualTo(delivered);
            soft.assertThat(snap.usedToday()).as("quota used today of %s vs its ledger", userKey)
                    .isEqualTo(windowToday);
            soft.assertThat(snap.usedMonth()).as("quota used this month of %s vs its ledger", userKey)
                    .isEqualTo(window);
            soft.assertThat(snap.reservedCredits()).as("credits still reserved for %s", userKey).isZero();
            soft.assertThat(snap.runningTasks()).as("tasks still counted as running for %s", userKey).isZero();
        }
        soft.assertAll();
    }
}
