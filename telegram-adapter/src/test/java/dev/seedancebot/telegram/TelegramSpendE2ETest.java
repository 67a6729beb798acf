package dev.seedancebot.telegram;

import static dev.seedancebot.telegram.TelegramRig.ALICE;
import static dev.seedancebot.telegram.TelegramRig.BOB;
import static dev.seedancebot.telegram.TelegramRig.GROUP;
import static dev.seedancebot.telegram.TelegramRig.OPERATOR;
import static dev.seedancebot.telegram.TelegramRig.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.spend.OperatorAlerts;
import dev.seedancebot.core.spend.SpendPrices;
import dev.seedancebot.core.spend.SpendSettings;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import dev.seedancebot.testkit.seedance.Faults;
import dev.seedancebot.testkit.telegram.BotMessage;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /videomod spend} and the operator's direct messages end to end: real TelegramBots against the fake Bot API,
 * the real core against the fake Seedance (108,900 tokens a default video, USD 10 per million here: USD 1.09). The
 * operator's private chat has their user id, which is where the alert goes.
 */
class TelegramSpendE2ETest {
    @TempDir
    Path dir;
    private TelegramRig rig;

    @BeforeEach
    void start() {
        rig = TelegramRig.start(dir, new SpendSettings(SpendPrices.flat(Currency.getInstance("USD"), BigDecimal.TEN),
                BigDecimal.ZERO, Duration.ofHours(1)));
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void spend_groupAdmin_seesMoneyAndCreditsPerUserAndPerDay() {
        rig.telegram.setAdministrators(GROUP, BOB);
        rig.telegram.message(GROUP, ALICE).text("/video a kite").send();
        TaskView video = rig.awaitDelivered(TelegramRig.taskIdOf(rig.awaitText(GROUP, "Video t")));

        rig.telegram.message(GROUP, BOB).text("/videomod spend").send();

        BotMessage answer = rig.awaitText(GROUP, "Spend in this community");
        assertThat(answer.text()).contains("1 video, " + video.cost() + " credits, USD 1.09", "108,900 tokens",
                "telegram:" + ALICE.id() + " — 1 video", "Per day");
    }

    @Test
    void spend_operatorInPrivateForAll_seesEveryCommunity_memberRefused() {
        rig.telegram.message(GROUP, ALICE).text("/video a kite").send();
        rig.awaitDelivered(TelegramRig.taskIdOf(rig.awaitText(GROUP, "Video t")));

        rig.telegram.message(dev.seedancebot.testkit.telegram.TgChat.privateWith(OPERATOR), OPERATOR)
                .text("/videomod spend all").send();
        rig.telegram.message(GROUP, ALICE).text("/videomod spend all").send();

        BotMessage all = rig.awaitText(dev.seedancebot.testkit.telegram.TgChat.privateWith(OPERATOR),
                "Spend in all communities");
        assertThat(all.text()).contains("Per community", "community " + GROUP.id() + " — 1 video", "USD 1.09");
        await().atMost(WAIT).until(() -> rig.telegram.botMessages(GROUP.id()).stream()
                .anyMatch(m -> m.text() != null && m.text().contains("moderators")));
        assertThat(rig.telegram.botMessages(GROUP.id())).noneMatch(m -> m.text() != null
                && m.text().contains("Spend in"));
    }

    /**
     * The first refusal pauses the queue; the second request waits for the balance recheck (a second with the
     * rig's fast queue), is tried once and refused too. The operator hears of it once.
     */
    @Test
    void outOfBalance_twoRequestsRefused_operatorGetsOnePrivateMessage() {
        rig.seedance.failNextCreate(Faults.quotaNotEnough());
        rig.seedance.failNextCreate(Faults.quotaNotEnough());

        String one = TelegramRig.taskIdOf(sendAndAck("/video one"));
        await().atMost(WAIT).until(() -> rig.core.engine().task(one).orElseThrow().state() == TaskState.FAILED);
        String two = TelegramRig.taskIdOf(sendAndAck("/video two"));
        await().atMost(WAIT).until(() -> rig.core.engine().task(two).orElseThrow().state() == TaskState.FAILED);

        await().atMost(WAIT).until(() -> !rig.telegram.sentMessages(OPERATOR.id()).isEmpty());
        List<BotMessage> dms = rig.telegram.sentMessages(OPERATOR.id());
        assertThat(dms).singleElement().satisfies(m -> assertThat(m.text()).contains("out of balance",
                "quota_not_enough"));
        assertThat(rig.core.alerts().alertsSent(OperatorAlerts.Kind.OUT_OF_BALANCE)).isEqualTo(1);
    }

    private BotMessage sendAndAck(String text) {
        int before = rig.telegram.botMessages(GROUP.id()).size();
        rig.telegram.message(GROUP, ALICE).text(text).send();
        await().atMost(WAIT).until(() -> rig.telegram.botMessages(GROUP.id()).size() > before);
        return rig.telegram.botMessages(GROUP.id()).get(before);
    }
}
