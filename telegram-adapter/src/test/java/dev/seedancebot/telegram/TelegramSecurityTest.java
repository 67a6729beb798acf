package dev.seedancebot.telegram;

import static dev.seedancebot.telegram.TelegramRig.ALICE;
import static dev.seedancebot.telegram.TelegramRig.BOB;
import static dev.seedancebot.telegram.TelegramRig.GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.seedancebot.core.quota.ChargeState;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.testkit.LogCapture;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Faults;
import dev.seedancebot.testkit.seedance.RecordedRequest;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import dev.seedancebot.testkit.telegram.BotMessage;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import dev.seedancebot.testkit.telegram.TelegramCall;
import dev.seedancebot.testkit.telegram.TelegramFault;
import dev.seedancebot.testkit.telegram.TgChat;
import dev.seedancebot.testkit.telegram.TgUser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets, authorization and media fetching on Telegram: the bot token (which is also in every file URL) and the
 * Seedance key appear in no log line and in no request except where they belong; members who are neither group admins
 * nor operators cannot moderate or cancel another member's video; only files Telegram names in getFile are downloaded.
 */
class TelegramSecurityTest {
    private static final String TELEGRAM_TOKEN = "7654321:AAH-telegram-SECRET-token_9xQ";
    private static final String SEEDANCE_KEY = "sk-seedance-SECRET-7c1f0a93";
    private static final TgUser CAROL = new TgUser(1004, "carol", "Carol");

    @TempDir
    Path dir;

    private TelegramRig rig;
    private HttpServer internal;
    private final List<String> internalHits = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        try {
            if (rig != null) {
                rig.close();
            }
        } finally {
            if (internal != null) {
                internal.stop(0);
            }
        }
    }

    @Test
    void mediaAndErrorPaths_tokenAndKeyAppearOnlyWhereTheyBelong() {
        List<String> logs;
        try (LogCapture capture = LogCapture.start("dev.seedancebot", "org.telegram", "okhttp3")) {
            rig = TelegramRig.start(dir, FakeTelegramBotApi.builder().token(TELEGRAM_TOKEN).start(),
                    FakeSeedanceServer.builder().apiKey(SEEDANCE_KEY).start());
            FakeTelegramBotApi telegram = rig.telegram;
            // happy path with a downloaded photo
            telegram.message(GROUP, ALICE).photo(TestMedia.bytes(TestMedia.IMAGE_JPG))
                    .caption("/video --first-frame waves").send();
            String ok = TelegramRig.taskIdOf(rig.awaitText(GROUP, "Video t"));
            awaitState(ok, TaskState.DELIVERED);
            // Seedance refuses the key; the chat refuses the video; Telegram fails a file lookup
            rig.seedance.failNextCreate(Faults.invalidApiKey());
            TgChat second = TgChat.group(-400001, "Second");
            telegram.message(second, ALICE).text("/video auth error path").send();
            awaitState(TelegramRig.taskIdOf(rig.awaitText(second, "Video t")), TaskState.FAILED);
            TgChat third = TgChat.group(-400002, "Third");
            telegram.failNext("editMessageMedia", TelegramFault.botKicked());
            telegram.message(third, ALICE).text("/video kicked path").send();
            awaitState(TelegramRig.taskIdOf(rig.awaitText(third, "Video t")), TaskState.FAILED);
            TgChat fourth = TgChat.group(-400003, "Fourth");
            telegram.failNext("getFile", TelegramFault.of(500, "Internal Server Error"));
            telegram.message(fourth, ALICE).photo(TestMedia.bytes(TestMedia.IMAGE_JPG))
                    .caption("/video --first-frame file error path").send();
            await().atMost(TelegramRig.WAIT).until(() -> telegram.calls("getFile").stream()
                    .anyMatch(c -> c.status() == 500) && capture.rendered().stream()
                    .anyMatch(l -> l.contains("getFile") && l.contains("500")));
            logs = capture.rendered();
        }

        assertThat(logs).as("log lines captured").hasSizeGreaterThan(10);
        assertThat(logs).allSatisfy(line -> assertThat(line).doesNotContain(TELEGRAM_TOKEN, SEEDANCE_KEY, "/file/bot"));
        List<RecordedRequest> seedanceRequests = rig.seedance.requests();
        assertThat(seedanceRequests).isNotEmpty().allSatisfy(r -> {
            assertThat(r.path()).doesNotContain(TELEGRAM_TOKEN, SEEDANCE_KEY);
            assertThat(r.bodyText()).doesNotContain(TELEGRAM_TOKEN, SEEDANCE_KEY, "/file/bot",
                    "127.0.0.1:" + rig.telegram.port());
            r.headers().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Authorization")) {
                    assertThat(values.toString()).as("header %s", name).doesNotContain(TELEGRAM_TOKEN, SEEDANCE_KEY);
                }
            });
            if (r.path().startsWith("/v1/") || r.path().startsWith("/volc/")) {
                assertThat(r.header("Authorization")).contains("Bearer " + SEEDANCE_KEY);
            } else {
                assertThat(r.header("Authorization")).as("auth on %s", r.path()).isEmpty();
            }
        });
        assertThat(rig.seedance.createRequests().get(0).bodyText()).contains("first_frame");
        for (TelegramCall c : rig.telegram.calls()) {
            assertThat(c.params().toString()).doesNotContain(SEEDANCE_KEY);
        }
        assertThat(rig.telegram.calls("file")).isNotEmpty();
    }

    @Test
    void videomodSubcommands_memberWhoIsNoAdmin_allRefusedAndNothingChanges() {
        rig = TelegramRig.start(dir);
        rig.telegram.setAdministrators(GROUP, BOB);
        List<String> commands = List.of("usage @bob", "limit daily 0", "limit @carol daily 0", "grant @alice 1000",
                "reset @alice", "block @bob", "unblock @alice", "refund tabcdefg", "audit", "top");

        for (String command : commands) {
            rig.telegram.message(GROUP, ALICE).text("/videomod " + command).send();
        }

        await().atMost(TelegramRig.WAIT).until(() -> rig.telegram.botMessages(GROUP.id()).size() == commands.size());
        assertThat(rig.telegram.botMessages(GROUP.id())).extracting(BotMessage::text)
                .allSatisfy(t -> assertThat(t).contains("Only this community's moderators"));
        assertThat(rig.moderationAuditRows()).isZero();
        assertThat(rig.core.quota().snapshot(TelegramRig.key(ALICE), String.valueOf(GROUP.id()), Set.of())
                .bonusRemaining()).isZero();
        rig.telegram.message(GROUP, BOB).text("/videomod top").send();
        await().atMost(TelegramRig.WAIT).until(() -> rig.telegram.botMessages(GROUP.id()).size() == commands.size() + 1);
        assertThat(rig.telegram.botMessages(GROUP.id()).get(commands.size()).text()).doesNotContain("Only this community's");
    }

    @Test
    void cancelButton_otherMember_refusedTaskAndChargeUntouched_adminMayCancel() {
        rig = TelegramRig.start(dir);
        rig.telegram.setAdministrators(GROUP, BOB);
        rig.seedance.scriptNextTask(TaskScript.of(Step.stuck()));
        rig.telegram.message(GROUP, ALICE).text("/video slow clouds").send();
        BotMessage ack = rig.awaitText(GROUP, "Video t");
        String taskId = TelegramRig.taskIdOf(ack);
        awaitState(taskId, TaskState.SUBMITTED);

        rig.telegram.pressButton(GROUP, CAROL, ack.messageId(), "c:" + taskId);
        await().atMost(TelegramRig.WAIT).until(() -> rig.telegram.calls("answerCallbackQuery").size() == 1);

        assertThat(rig.telegram.calls("answerCallbackQuery").get(0).param("text").orElse(""))
                .contains("Only the person who asked");
        assertThat(rig.core.engine().task(taskId).orElseThrow().state()).isEqualTo(TaskState.SUBMITTED);
        assertThat(rig.core.quota().entry(taskId).orElseThrow().state()).isEqualTo(ChargeState.RESERVED);
        rig.telegram.pressButton(GROUP, BOB, ack.messageId(), "c:" + taskId);
        awaitState(taskId, TaskState.CANCELLED);
    }

    @Test
    void urlsInPromptsAndFileNames_neverFetched_onlyGetFilePathsDownloaded() throws IOException {
        rig = TelegramRig.start(dir);
        String base = startInternalService();
        FakeTelegramBotApi telegram = rig.telegram;

        telegram.message(GROUP, ALICE).text("/video make a video of " + base + "/admin.png and http://localhost:"
                + internal.getAddress().getPort() + "/x.mp4").send();
        String textTask = TelegramRig.taskIdOf(rig.awaitText(GROUP, "Video t"));
        awaitState(textTask, TaskState.DELIVERED);
        TgChat other = TgChat.group(-400100, "Files");
        telegram.message(other, ALICE).document(TestMedia.bytes(TestMedia.IMAGE_PNG), base + "/evil.png", "image/png")
                .caption("/video --first-frame " + base + "/also-evil.png").send();
        String docTask = TelegramRig.taskIdOf(rig.awaitText(other, "Video t"));
        awaitState(docTask, TaskState.DELIVERED);

        assertThat(internalHits).as("requests to the internal service").isEmpty();
        List<TelegramCall> downloads = telegram.calls("file");
        assertThat(downloads).hasSize(telegram.calls("getFile").size()).allSatisfy(c -> {
            assertThat(c.httpMethod()).isEqualTo("GET");
            assertThat(c.url()).startsWith("/file/bot" + telegram.token() + "/");
        });
        assertThat(rig.seedance.createRequests()).hasSize(2);
        assertThat(rig.seedance.createRequests().get(0).bodyText()).doesNotContain("image_url", "video_url");
    }

    // ---------------------------------------------------------------- helpers

    private void awaitState(String taskId, TaskState state) {
        await().atMost(TelegramRig.WAIT).until(() -> rig.core.engine().task(taskId).orElseThrow().state() == state);
    }

    /** A service on another loopback address that records every request it gets. */
    private String startInternalService() throws IOException {
        internal = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        internal.createContext("/", exchange -> {
            internalHits.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        internal.start();
        return "http://127.0.0.2:" + internal.getAddress().getPort();
    }
}
