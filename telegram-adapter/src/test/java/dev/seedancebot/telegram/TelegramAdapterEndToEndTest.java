package dev.seedancebot.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.engine.EngineSettings;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.media.ffmpeg.FfmpegRunner;
import dev.seedancebot.core.media.ffmpeg.FfmpegTools;
import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.core.seedance.SeedanceSettings;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.RecordedRequest;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import dev.seedancebot.testkit.telegram.BotMessage;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import dev.seedancebot.testkit.telegram.TelegramCall;
import dev.seedancebot.testkit.telegram.TelegramFault;
import dev.seedancebot.testkit.telegram.TgChat;
import dev.seedancebot.testkit.telegram.TgUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real TelegramBots client against {@link FakeTelegramBotApi}, the real engine on an H2 file and
 * {@link FakeSeedanceServer}: every input mode, albums, replies, topics, limits, moderation and buttons.
 */
class TelegramAdapterEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern TASK_ID = Pattern.compile("Video (t[a-z0-9]+) ");
    private static final TgUser ALICE = new TgUser(1001, "alice", "Alice");
    private static final TgUser BOB = new TgUser(1002, "bob", "Bob");
    private static final TgUser OPERATOR = new TgUser(1003, "op", "Op");
    private static final TgChat GROUP = TgChat.group(-100500, "Friends");
    private static final TgChat FORUM = TgChat.forum(-100600, "Forum");

    @TempDir
    Path dir;

    private FakeTelegramBotApi telegram;
    private FakeSeedanceServer seedance;
    private CoreAssembly core;
    private OkHttpClient http;
    private TelegramAdapter adapter;

    @BeforeEach
    void setUp() {
        telegram = FakeTelegramBotApi.start();
        seedance = FakeSeedanceServer.start();
        http = new OkHttpClient();
        core = CoreAssembly.builder()
                .workDir(dir.resolve("core"))
                .seedance(SeedanceSettings.defaults(seedance.apiKey()).withBaseUrl(seedance.baseUrl()))
                .engineSettings(EngineSettings.fast(dir.resolve("core")))
                // these tests make videos in private chats too
                .trust(TrustSettings.defaults().withPrivateChats(TrustSettings.PrivateChats.EVERYONE)
                        .withOperators(Set.of(new UserKey(Platform.TELEGRAM, String.valueOf(OPERATOR.id())))))
                .build();
        TelegramSettings settings = TelegramSettings.defaults(telegram.token())
                .withServer("http", telegram.host(), telegram.port(), false)
                .withAlbumDebounce(Duration.ofMillis(300));
        adapter = new TelegramAdapter(settings, core.ports(), http, Ticker.systemTicker(), dir.resolve("telegram"));
        core.router().register(adapter);
        adapter.start();
        core.start();
    }

    @AfterEach
    void tearDown() {
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

    // ---------------------------------------------------------------- helpers

    private BotMessage awaitVideo(TgChat chat) {
        await().atMost(WAIT).until(() -> telegram.botMessages(chat.id()).stream()
                .anyMatch(m -> m.kind().equals("video")));
        return telegram.botMessages(chat.id()).stream().filter(m -> m.kind().equals("video")).findFirst()
                .orElseThrow();
    }

    /** A bot message that shows {@code contains}, or did when sent: the acknowledgement turns into the video. */
    private BotMessage awaitText(TgChat chat, String contains) {
        await().atMost(WAIT).until(() -> withText(chat, contains).isPresent());
        return withText(chat, contains).orElseThrow();
    }

    private Optional<BotMessage> withText(TgChat chat, String contains) {
        return Stream.concat(telegram.botMessages(chat.id()).stream(), telegram.sentMessages(chat.id()).stream())
                .filter(m -> m.text() != null && m.text().contains(contains)).findFirst();
    }

    private static String taskIdOf(BotMessage ack) {
        Matcher m = TASK_ID.matcher(ack.text());
        assertThat(m.find()).as("task id in %s", ack.text()).isTrue();
        return m.group(1);
    }

    private String lastCreateBody() {
        await().atMost(WAIT).until(() -> !seedance.createRequests().isEmpty());
        List<RecordedRequest> creates = seedance.createRequests();
        return creates.get(creates.size() - 1).bodyText();
    }

    private void awaitDelivered(String taskId) {
        await().atMost(WAIT).until(() -> core.engine().task(taskId).map(t -> t.state() == TaskState.DELIVERED)
                .orElse(false));
    }

    // ---------------------------------------------------------------- modes

    @Test
    void video_textPrompt_acksWithCostThenTurnsTheAckIntoVideoWithButtons() {
        int asked = telegram.message(GROUP, ALICE).text("/video a red fox in snow --duration 5 --res 480p").send();

        BotMessage ack = awaitText(GROUP, "Video t");
        BotMessage video = awaitVideo(GROUP);

        assertThat(ack.replyToMessageId()).isEqualTo(asked);
        assertThat(telegram.calls("sendMessage").get(0).param("text").orElseThrow())
                .contains("text to video", "5 credits", "left today");
        assertThat(video.messageId()).isEqualTo(ack.messageId());
        assertThat(video.replyToMessageId()).isEqualTo(asked);
        assertThat(video.text()).contains("a red fox in snow", taskIdOf(ack));
        assertThat(video.replyMarkup()).contains("r:" + taskIdOf(ack), "x:" + taskIdOf(ack));
        awaitDelivered(taskIdOf(ack));
        assertThat(telegram.botMessages(GROUP.id())).singleElement()
                .satisfies(m -> assertThat(m.kind()).isEqualTo("video"));
        assertThat(telegram.calls("sendVideo")).isEmpty();
        assertThat(lastCreateBody()).contains("a red fox in snow");
    }

    @Test
    void video_photoCaptionFirstFrame_sendsFirstFrameToSeedance() {
        telegram.message(GROUP, ALICE).photo(TestMedia.bytes(TestMedia.IMAGE_JPG))
                .caption("/video --first-frame the cat wakes up").send();

        awaitVideo(GROUP);

        assertThat(lastCreateBody()).contains("first_frame").doesNotContain("last_frame");
    }

    @Test
    void video_albumOfTwoPhotosFirstLast_sendsFirstAndLastFrame() {
        telegram.message(GROUP, ALICE).photo(TestMedia.bytes(TestMedia.IMAGE_JPG)).mediaGroup("g1")
                .caption("/video --first-last morph").send();
        telegram.message(GROUP, ALICE).photo(TestMedia.bytes(TestMedia.IMAGE_PNG)).mediaGroup("g1").send();

        awaitVideo(GROUP);

        assertThat(lastCreateBody()).contains("first_frame", "last_frame");
    }

    @Test
    void video_albumWithImageVideoAndAudio_sendsReferencesOfEachKind() {
        telegram.message(GROUP, ALICE).photo(TestMedia.bytes(TestMedia.IMAGE_JPG)).mediaGroup("g2")
                .caption("/video @image1 dances to @audio1 like @video1").send();
        telegram.message(GROUP, ALICE).video(TestMedia.bytes(TestMedia.VIDEO_3S), "clip.mp4", 3).mediaGroup("g2")
                .send();
        telegram.message(GROUP, ALICE).audio(TestMedia.bytes(TestMedia.AUDIO_MP3_3S), "song.mp3", "audio/mpeg", 3)
                .mediaGroup("g2").send();

        awaitVideo(GROUP);

        assertThat(lastCreateBody()).contains("reference_image", "reference_video", "reference_audio");
    }

    /** A round video message is 384×384, below Seedance's pixel range: the core scales it before charging. */
    @Test
    void video_replyToRoundVideoMessageWithEdit_convertsAndSaysSo(@TempDir Path dir) throws Exception {
        Path note = dir.resolve("note.mp4");
        try (FfmpegRunner ffmpeg = new FfmpegRunner(FfmpegTools.bundled(), 1, Duration.ofSeconds(30))) {
            assertThat(ffmpeg.ffmpeg(List.of("-f", "lavfi", "-i", "testsrc2=size=384x384:rate=30:duration=2.5",
                    "-c:v", "libopenh264", "-b:v", "200k", note.toString()), Duration.ofSeconds(60)).ok()).isTrue();
        }
        int withNote = telegram.message(GROUP, BOB).videoNote(Files.readAllBytes(note), 384, 2).send();

        telegram.message(GROUP, ALICE).replyTo(withNote).text("/video --edit make it night").send();

        awaitVideo(GROUP);
        assertThat(lastCreateBody()).contains("reference_video", "make it night");
        awaitText(GROUP, "was converted to 640×640 H.264 MP4");
    }

    /** A voice note answered with a photo and /video: the picture with the recorded sound, the OGG/Opus made MP3. */
    @Test
    void video_photoAsReplyToVoiceNote_usesBothAndConvertsTheVoice(@TempDir Path dir) throws Exception {
        Path voice = dir.resolve("voice.oga");
        try (FfmpegRunner ffmpeg = new FfmpegRunner(FfmpegTools.bundled(), 1, Duration.ofSeconds(30))) {
            assertThat(ffmpeg.ffmpeg(List.of("-f", "lavfi", "-i", "sine=frequency=440:duration=3", "-ac", "1",
                    "-c:a", "libopus", "-b:a", "24k", "-f", "ogg", voice.toString()), Duration.ofSeconds(60)).ok())
                    .isTrue();
        }
        int withVoice = telegram.message(GROUP, BOB).voice(Files.readAllBytes(voice), 3).send();

        telegram.message(GROUP, ALICE).replyTo(withVoice).photo(TestMedia.bytes(TestMedia.IMAGE_JPG))
                .caption("/video the fox sings along").send();

        awaitVideo(GROUP);
        assertThat(lastCreateBody()).contains("reference_image", "reference_audio", "the fox sings along");
        awaitText(GROUP, "was converted to MP3");
    }

    @Test
    void video_replyToVideoWithEdit_editsTheRepliedVideo() {
        int withVideo = telegram.message(GROUP, BOB).video(TestMedia.bytes(TestMedia.VIDEO_3S), "clip.mp4", 3)
                .send();

        telegram.message(GROUP, ALICE).replyTo(withVideo).text("/video --edit make it night").send();

        awaitVideo(GROUP);
        assertThat(lastCreateBody()).contains("reference_video", "make it night");
    }

    @Test
    void extendButton_replyWithInstruction_submitsExtensionOfDeliveredVideo() {
        telegram.message(GROUP, ALICE).text("/video waves on a beach").send();
        BotMessage video = awaitVideo(GROUP);
        String taskId = taskIdOf(awaitText(GROUP, "Video t"));
        awaitDelivered(taskId);

        telegram.pressButton(GROUP, ALICE, video.messageId(), "x:" + taskId);
        BotMessage prompt = awaitText(GROUP, "➕ " + taskId);
        telegram.message(GROUP, ALICE).replyTo(prompt.messageId()).text("a surfer appears").send();

        BotMessage ack = awaitText(GROUP, "video extension");
        assertThat(ack.text()).contains("a surfer appears");
        await().atMost(WAIT).until(() -> seedance.createRequests().size() == 2);
        assertThat(lastCreateBody()).contains("Extend @video1");
    }

    @Test
    void video_inForumTopic_answersInTopicAndGeneralIsNeverAddressed() {
        int inTopic = telegram.message(FORUM, ALICE).topic(42).text("/video@SeedanceTestBot rain").send();
        BotMessage video = awaitVideo(FORUM);
        assertThat(video.threadId()).isEqualTo(42);
        assertThat(video.replyToMessageId()).isEqualTo(inTopic);

        telegram.message(FORUM, BOB).topic(1).text("/help").send();
        awaitText(FORUM, "Commands:");

        assertThat(telegram.calls("sendMessage")).noneMatch(c -> c.param("message_thread_id").orElse("")
                .equals("1"));
    }

    @Test
    void video_forOtherBot_isIgnored() {
        telegram.message(GROUP, ALICE).text("/video@OtherBot hello").send();
        telegram.message(GROUP, ALICE).text("/help").send();

        awaitText(GROUP, "Commands:");
        assertThat(telegram.botMessages(GROUP.id())).hasSize(1);
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void video_declaredOver20MB_isRefusedBeforeDownload() {
        telegram.message(GROUP, ALICE).video(TestMedia.bytes(TestMedia.VIDEO_3S), "huge.mp4", 3, 30_000_000L)
                .caption("/video --edit make it pink").send();

        BotMessage answer = awaitText(GROUP, "huge.mp4 is 30 MB");

        assertThat(answer.text()).contains("20 MB", "Nothing was charged");
        assertThat(telegram.calls("getFile")).isEmpty();
        assertThat(seedance.createRequests()).isEmpty();
    }

    @Test
    void video_imageTooWide_isRejectedWithoutCharge() {
        // a small image is scaled up before charging; only cropping could fix a 6:1 panorama, so it is refused
        telegram.message(GROUP, ALICE).photo(TestMedia.bytes(TestMedia.IMAGE_TOO_WIDE))
                .caption("/video --first-frame go").send();

        BotMessage answer = awaitText(GROUP, "charged");

        assertThat(answer.text()).doesNotContain("Video t");
        assertThat(seedance.createRequests()).isEmpty();
    }

    @Test
    void video_badOption_namesTheProblem() {
        telegram.message(GROUP, ALICE).text("/video cat --duration 20").send();

        awaitText(GROUP, "--duration takes whole seconds 4–15, got 20");
    }

    @Test
    void video_afterAdminLimitsUserToOneCredit_isDeniedByQuota() {
        telegram.setAdministrators(GROUP, BOB);
        telegram.message(GROUP, ALICE).text("hi").send();
        telegram.message(GROUP, BOB).text("/videomod limit @alice daily 1").send();
        awaitText(GROUP, "daily limit");

        telegram.message(GROUP, ALICE).text("/video a cat").send();

        awaitText(GROUP, "credits");
        await().atMost(WAIT).until(() -> telegram.botMessages(GROUP.id()).size() >= 2);
        assertThat(telegram.botMessages(GROUP.id()).get(1).text()).doesNotContain("Video t");
        assertThat(seedance.createRequests()).isEmpty();
    }

    // ---------------------------------------------------------------- moderation

    @Test
    void videomod_byNonAdmin_isRefused() {
        telegram.setAdministrators(GROUP, BOB);

        telegram.message(GROUP, ALICE).text("/videomod block @bob").send();

        awaitText(GROUP, "Only this community's moderators");
    }

    @Test
    void videomod_blockByReplyFromOperator_blocksAndIsAudited() {
        int aliceSaid = telegram.message(GROUP, ALICE).text("spam").send();
        telegram.message(GROUP, OPERATOR).replyTo(aliceSaid).text("/videomod block spamming").send();
        awaitText(GROUP, "is now blocked");

        telegram.message(GROUP, ALICE).text("/video cat").send();
        telegram.message(GROUP, OPERATOR).text("/videomod audit").send();

        BotMessage audit = awaitText(GROUP, "Latest moderator actions");
        assertThat(audit.text()).contains("block telegram:1001", "spamming");
        assertThat(seedance.createRequests()).isEmpty();
    }

    @Test
    void videomodQueueResume_pausedForBalance_adminRefusedOperatorResumes() {
        telegram.setAdministrators(GROUP, BOB);
        core.engine().queue().pauseForBalance(Instant.now());

        telegram.message(GROUP, BOB).text("/videomod queue resume").send();
        awaitText(GROUP, "Only the bot's operators");
        assertThat(core.engine().queue().status().paused()).isTrue();
        telegram.message(GROUP, OPERATOR).text("/videomod queue resume").send();

        awaitText(GROUP, "The queue runs again");
        assertThat(core.engine().queue().status().paused()).isFalse();
    }

    @Test
    void quota_inPrivateChat_showsRemainingAndPrices() {
        TgChat dm = TgChat.privateWith(ALICE);

        telegram.message(dm, ALICE).text("/quota").send();

        assertThat(awaitText(dm, "Left today").text()).contains("Prices", "reset");
    }

    // ---------------------------------------------------------------- buttons

    @Test
    void cancelButton_byOtherUserThenOwner_refusesThenCancels() {
        seedance.scriptNextTask(TaskScript.of(Step.stuck()));
        telegram.message(GROUP, ALICE).text("/video slow clouds").send();
        BotMessage ack = awaitText(GROUP, "Video t");
        String taskId = taskIdOf(ack);

        telegram.pressButton(GROUP, BOB, ack.messageId(), "c:" + taskId);
        await().atMost(WAIT).until(() -> telegram.calls("answerCallbackQuery").size() == 1);
        telegram.pressButton(GROUP, ALICE, ack.messageId(), "c:" + taskId);
        await().atMost(WAIT).until(() -> telegram.calls("answerCallbackQuery").size() == 2);

        List<TelegramCall> answers = telegram.calls("answerCallbackQuery");
        assertThat(answers.get(0).param("text").orElse("")).contains("Only the person who asked");
        assertThat(answers.get(1).param("text").orElse("")).contains("Cancelled " + taskId);
        await().atMost(WAIT).until(() -> core.engine().task(taskId).orElseThrow().state() == TaskState.CANCELLED);
    }

    @Test
    void rerollButton_afterDelivery_makesSecondVideo() {
        telegram.message(GROUP, ALICE).text("/video a lighthouse").send();
        BotMessage first = awaitVideo(GROUP);
        String taskId = taskIdOf(awaitText(GROUP, "Video t"));
        awaitDelivered(taskId);

        telegram.pressButton(GROUP, ALICE, first.messageId(), "r:" + taskId);

        await().atMost(WAIT).until(() -> telegram.botMessages(GROUP.id()).stream()
                .filter(m -> m.kind().equals("video")).count() == 2);
        assertThat(seedance.createRequests()).hasSize(2);
    }

    // ---------------------------------------------------------------- platform errors and secrets

    @Test
    void deliver_rateLimitedOnce_waitsAndStillPosts() {
        telegram.failNext("editMessageMedia", TelegramFault.tooManyRequests(1));

        telegram.message(GROUP, ALICE).text("/video a kite").send();

        awaitVideo(GROUP);
        assertThat(telegram.calls("editMessageMedia")).hasSize(2);
    }

    @Test
    void deliver_botBlockedInPrivateChat_failsTaskWithoutRetrying() {
        TgChat dm = TgChat.privateWith(ALICE);
        telegram.failNext("editMessageMedia", TelegramFault.botBlocked());

        telegram.message(dm, ALICE).text("/video a boat").send();
        String taskId = taskIdOf(awaitText(dm, "Video t"));

        await().atMost(WAIT).until(() -> core.engine().task(taskId).orElseThrow().state() == TaskState.FAILED);
        assertThat(telegram.calls("editMessageMedia")).hasSize(1);
    }

    @Test
    void everyFlow_seedanceRequests_neverContainTheBotToken() {
        telegram.message(GROUP, ALICE).photo(TestMedia.bytes(TestMedia.IMAGE_JPG))
                .caption("/video @image1 waves").send();
        awaitVideo(GROUP);

        assertThat(seedance.requests()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.path()).doesNotContain(telegram.token());
            assertThat(r.bodyText()).doesNotContain(telegram.token()).doesNotContain("/file/bot");
            assertThat(r.headers().toString()).doesNotContain(telegram.token());
        });
        assertThat(telegram.calls("file")).isNotEmpty();
    }
}
