package dev.seedancebot.telegram;

import static dev.seedancebot.telegram.TelegramRig.ALICE;
import static dev.seedancebot.telegram.TelegramRig.BOB;
import static dev.seedancebot.telegram.TelegramRig.GROUP;
import static dev.seedancebot.telegram.TelegramRig.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.telegram.BotMessage;
import dev.seedancebot.testkit.telegram.FakeTelegramBotApi;
import dev.seedancebot.testkit.telegram.TgChat;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages with a {@code sender_chat} come from no person: a channel posting (or someone "sending as" it), an admin
 * posting anonymously as the group, a linked channel's automatic forward. Telegram attributes all of them to a few
 * shared placeholder accounts, so none may make videos, hold a quota, be named in {@code /videomod} or moderate.
 */
class TelegramSenderChatTest {
    private static final TgChat CHANNEL = new TgChat(-100900, "channel", "News", false);

    @TempDir
    Path dir;

    private TelegramRig rig;

    @BeforeEach
    void start() {
        rig = TelegramRig.start(dir);
        rig.telegram.setAdministrators(GROUP, BOB);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void anonymousAdminVideo_refusedNotCharged() {
        rig.telegram.message(GROUP, FakeTelegramBotApi.GROUP_ANONYMOUS_BOT).asAnonymousAdmin()
                .photo(TestMedia.bytes(TestMedia.IMAGE_JPG)).caption("/video --first-frame waves").send();

        assertThat(rig.awaitOnlyAnswer(GROUP).text()).contains("anonymous admin", "Nothing was charged");
        assertThat(rig.telegram.calls("getFile")).isEmpty();
        assertThat(rig.ledgerRows()).isZero();
        assertThat(rig.seedance.createRequests()).isEmpty();
    }

    @Test
    void channelPostsAndAnonymousAdmins_neverShareAQuota() {
        rig.telegram.message(CHANNEL, FakeTelegramBotApi.CHANNEL_BOT).text("/video a channel's video")
                .sendAsChannelPost();
        rig.telegram.message(GROUP, FakeTelegramBotApi.CHANNEL_BOT).asChannel(CHANNEL).automaticForward()
                .text("/video forwarded from the channel").send();
        rig.telegram.message(GROUP, FakeTelegramBotApi.CHANNEL_BOT).asChannel(CHANNEL).text("/video sent as channel")
                .send();
        rig.telegram.message(GROUP, FakeTelegramBotApi.GROUP_ANONYMOUS_BOT).asAnonymousAdmin().text("/quota").send();
        rig.telegram.message(GROUP, ALICE).text("/help").send();

        await().atMost(WAIT).until(() -> rig.telegram.botMessages(GROUP.id()).size() == 3);
        List<String> answers = rig.telegram.botMessages(GROUP.id()).stream().map(BotMessage::text).toList();
        assertThat(answers).anyMatch(t -> t.startsWith("Posts made as a channel cannot use the bot"))
                .anyMatch(t -> t.contains("anonymous admin")).anyMatch(t -> t.startsWith("Commands:"))
                .noneMatch(t -> t.contains("Left today") || t.contains("forwarded"));
        assertThat(rig.telegram.botMessages(CHANNEL.id())).isEmpty();
        assertThat(rig.ledgerRows()).isZero();
        assertThat(rig.seedance.createRequests()).isEmpty();
        for (var placeholder : List.of(FakeTelegramBotApi.CHANNEL_BOT, FakeTelegramBotApi.GROUP_ANONYMOUS_BOT)) {
            assertThat(rig.tasksOf(placeholder)).isEmpty();
        }
    }

    @Test
    void moderatorAddByReplyToChannelPost_refused() {
        int channelPost = rig.telegram.message(GROUP, FakeTelegramBotApi.CHANNEL_BOT).asChannel(CHANNEL)
                .text("news of the day").send();
        int anonymousPost = rig.telegram.message(GROUP, FakeTelegramBotApi.GROUP_ANONYMOUS_BOT).asAnonymousAdmin()
                .text("rules updated").send();

        rig.telegram.message(GROUP, BOB).replyTo(channelPost).text("/videomod moderator add").send();
        rig.awaitText(GROUP, "posted as a channel or anonymously");
        rig.telegram.message(GROUP, BOB).replyTo(anonymousPost).text("/videomod grant 500").send();
        rig.telegram.message(GROUP, BOB).replyTo(channelPost).text("/videomod limit daily 0").send();
        rig.telegram.message(GROUP, BOB).text("/videomod moderator add " + FakeTelegramBotApi.CHANNEL_BOT.id())
                .send();
        rig.telegram.message(GROUP, BOB).text("/videomod grant @GroupAnonymousBot 500").send();

        await().atMost(WAIT).until(() -> rig.telegram.botMessages(GROUP.id()).size() == 5);
        List<String> answers = rig.telegram.botMessages(GROUP.id()).stream().map(BotMessage::text).toList();
        // handled concurrently, so in any order
        assertThat(answers).filteredOn(ModerationCommands.notAPerson()::equals).hasSize(3);
        assertThat(answers).filteredOn(t -> t.startsWith("I don't know the user")).hasSize(2);
        assertThat(rig.core.moderation().communities().get(String.valueOf(GROUP.id())).moderatorRoles()).isEmpty();
        assertThat(rig.moderationAuditRows()).isZero();
        for (var placeholder : List.of(FakeTelegramBotApi.CHANNEL_BOT, FakeTelegramBotApi.GROUP_ANONYMOUS_BOT)) {
            assertThat(rig.core.quota().snapshot(TelegramRig.key(placeholder), String.valueOf(GROUP.id()), Set.of())
                    .bonusRemaining()).isZero();
        }
    }
}
