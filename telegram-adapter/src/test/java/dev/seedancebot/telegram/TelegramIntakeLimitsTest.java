package dev.seedancebot.telegram;

import dev.seedancebot.core.platform.UserTexts;

import static dev.seedancebot.telegram.TelegramRig.ALICE;
import static dev.seedancebot.telegram.TelegramRig.BOB;
import static dev.seedancebot.telegram.TelegramRig.GROUP;
import static dev.seedancebot.telegram.TelegramRig.OPERATOR;
import static dev.seedancebot.telegram.TelegramRig.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.telegram.BotMessage;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import dev.seedancebot.testkit.telegram.TgChat;
import dev.seedancebot.testkit.telegram.TgUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a sender can make the bot spend before the core says yes: no download for a refused request, no download past
 * the cap whatever size Telegram declared, a bounded flood of commands, updates and albums.
 */
class TelegramIntakeLimitsTest {
    private static final int CAP = 20 * 1024 * 1024;

    @TempDir
    Path dir;

    private TelegramRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void downloadWithoutFileSize_overTheCap_abortedWhileStreaming() throws IOException {
        rig = TelegramRig.start(dir);

        rig.telegram.message(GROUP, ALICE).documentWithoutSize(new byte[CAP + 200_000], "poster.png", "image/png")
                .caption("/video --first-frame a poster comes alive").send();

        assertThat(rig.awaitOnlyAnswer(GROUP).text())
                .contains("poster.png is larger than the 20 MB Telegram lets bots download", "Nothing was charged");
        assertThat(rig.telegram.calls("file")).hasSize(1);
        assertThat(stagedInputs()).isEmpty();
        assertThat(rig.ledgerRows()).isZero();
        assertThat(rig.seedance.createRequests()).isEmpty();
    }

    @Test
    void blockedUserHugeAttachment_refusedBeforeAnyDownload() {
        rig = TelegramRig.start(dir);
        int aliceSaid = rig.telegram.message(GROUP, ALICE).text("hi").send();
        rig.telegram.message(GROUP, OPERATOR).replyTo(aliceSaid).text("/videomod block spam").send();
        rig.awaitText(GROUP, "is now blocked");

        rig.telegram.message(GROUP, ALICE).documentWithoutSize(new byte[CAP + 200_000], "huge.mp4", "video/mp4")
                .caption("/video --edit make it pink").send();

        await().atMost(WAIT).until(() -> rig.telegram.botMessages(GROUP.id()).size() == 2);
        assertThat(rig.telegram.botMessages(GROUP.id()).get(1).text()).containsIgnoringCase("blocked");
        assertThat(rig.telegram.calls("getFile")).isEmpty();
        assertThat(rig.telegram.calls("file")).isEmpty();
        assertThat(rig.ledgerRows()).isZero();
    }

    @Test
    void privateChatStranger_video_refusedByDefault() {
        rig = TelegramRig.start(dir);
        TgChat strangerDm = TgChat.privateWith(ALICE);
        TgChat operatorDm = TgChat.privateWith(OPERATOR);

        rig.telegram.message(strangerDm, ALICE).photo(TestMedia.bytes(TestMedia.IMAGE_JPG))
                .caption("/video --first-frame waves").send();
        rig.telegram.message(operatorDm, OPERATOR).text("/video waves at night").send();

        assertThat(rig.awaitOnlyAnswer(strangerDm).text()).contains("only the bot's operators", "Nothing was charged");
        rig.awaitText(operatorDm, "Video t");
        assertThat(rig.telegram.calls("getFile")).isEmpty();
        assertThat(rig.tasksOf(ALICE)).isEmpty();
    }

    @Test
    void commandFlood_rateLimited_answeredOnceThenSilent() {
        rig = TelegramRig.start(dir, TelegramRig.trust().withRates(3, 100, Duration.ofMinutes(10)));

        for (int i = 0; i < 8; i++) {
            rig.telegram.message(GROUP, ALICE).text("/video flood " + i).send();
        }
        await().atMost(WAIT).until(() -> answers().size() == 4);
        rig.telegram.message(GROUP, BOB).text("/help").send();
        rig.awaitText(GROUP, "Commands:");

        List<String> answers = answers();
        assertThat(answers).hasSize(5);
        // three got through to the core (which runs at most two of one person's videos at once)
        assertThat(answers).filteredOn(t -> t.startsWith("Video t") || t.contains("videos in progress")).hasSize(3);
        assertThat(answers).filteredOn(t -> t.contains("You are sending commands too fast")).hasSize(1);
    }

    @Test
    void helpAndPrivateChatterFlood_answeredUntilTheRateThenOnceThenSilent() {
        rig = TelegramRig.start(dir, TelegramRig.trust().withRates(2, 100, Duration.ofMinutes(10)));
        TgChat dm = TgChat.privateWith(ALICE);

        for (int i = 0; i < 6; i++) {
            rig.telegram.message(dm, ALICE).text(i % 2 == 0 ? "/help" : "hello? " + i).send();
        }
        rig.telegram.message(TgChat.privateWith(BOB), BOB).text("/help").send();
        await().atMost(WAIT).until(() -> rig.telegram.botMessages(dm.id()).size() >= 3);
        rig.awaitText(TgChat.privateWith(BOB), "Commands:");

        List<String> toAlice = rig.telegram.botMessages(dm.id()).stream().map(BotMessage::text).toList();
        assertThat(toAlice).hasSize(3);
        assertThat(toAlice).filteredOn(t -> t.contains("You are sending commands too fast")).hasSize(1);
    }

    @Test
    void handlerQueueFull_answersBusy() {
        rig = TelegramRig.start(dir, FakeTelegramBotApi.start(), FakeSeedanceServer.start(), TelegramRig.trust(),
                new TelegramAdapter.HandlerLimits(1, 1, 4));
        CountDownLatch release = new CountDownLatch(1);
        rig.telegram.holdCalls("sendMessage", release);

        for (int i = 0; i < 3; i++) {
            rig.telegram.message(GROUP, ALICE).text("/help").send();
        }
        // the first /help holds the only handler, the second waits in the queue, the third is answered busy
        await().atMost(WAIT).until(() -> rig.telegram.heldCalls() == 2);
        release.countDown();

        await().atMost(WAIT).until(() -> rig.telegram.botMessages(GROUP.id()).size() == 3);
        List<String> answers = rig.telegram.botMessages(GROUP.id()).stream().map(BotMessage::text).toList();
        assertThat(answers).filteredOn(t -> t.startsWith("Commands:")).hasSize(2);
        assertThat(answers).filteredOn(UserTexts.busy()::equals).hasSize(1);
    }

    @Test
    void albumFlood_bounded() {
        rig = TelegramRig.start(dir);
        int albums = AlbumCollector.MAX_PENDING_PER_CHAT + 3;

        for (int a = 0; a < albums; a++) {
            TgUser member = new TgUser(2000 + a, "member" + a, "Member " + a);
            rig.telegram.message(GROUP, member).photo(TestMedia.bytes(TestMedia.IMAGE_JPG)).mediaGroup("flood-" + a)
                    .caption("/video --first-last morph " + a).send();
            rig.telegram.message(GROUP, member).photo(TestMedia.bytes(TestMedia.IMAGE_PNG)).mediaGroup("flood-" + a)
                    .send();
        }

        await().atMost(WAIT).until(() -> answers().size() == AlbumCollector.MAX_PENDING_PER_CHAT + 1);
        List<String> answers = answers();
        assertThat(answers).filteredOn(t -> t.startsWith("Video t")).hasSize(AlbumCollector.MAX_PENDING_PER_CHAT);
        assertThat(answers).filteredOn(t -> t.startsWith("Too many albums at once")).hasSize(1);
        assertThat(rig.telegram.calls("getFile")).hasSize(2 * AlbumCollector.MAX_PENDING_PER_CHAT);
    }

    /** The bot's text answers in the group (not the videos it delivers). */
    /** The bot's answers as sent: an acknowledgement becomes the video once its task is delivered. */
    private List<String> answers() {
        return rig.telegram.sentMessages(GROUP.id()).stream().filter(m -> m.kind().equals("text"))
                .map(BotMessage::text).toList();
    }

    private List<Path> stagedInputs() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("telegram"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
