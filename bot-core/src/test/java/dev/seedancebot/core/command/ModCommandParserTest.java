package dev.seedancebot.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.command.ModCommand.ChannelAction;
import dev.seedancebot.core.command.ModCommand.LimitScope;
import dev.seedancebot.core.command.ModCommandParser.Ok;
import dev.seedancebot.core.command.ModCommandParser.Problem;
import dev.seedancebot.core.command.ModCommandParser.Result;
import dev.seedancebot.core.community.CommunitySetting;
import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.LimitKind;
import dev.seedancebot.core.quota.UsageWindow;
import dev.seedancebot.core.request.Resolution;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModCommandParserTest {
    private static final UserKey BOB = new UserKey(Platform.TELEGRAM, "7");
    private static final UserKey REPLIED = new UserKey(Platform.TELEGRAM, "99");

    /** Knows "@bob" and any numeric id. */
    private static final ModCommandParser.UserResolver RESOLVER = token -> {
        if (token.equalsIgnoreCase("@bob")) {
            return Optional.of(BOB);
        }
        return token.matches("\\d+") ? Optional.of(new UserKey(Platform.TELEGRAM, token)) : Optional.empty();
    };

    private final ModCommandParser parser = new ModCommandParser();

    private ModCommand command(String text, UserKey replyTarget) {
        Result result = parser.parse(text, replyTarget, RESOLVER);
        assertThat(result).isInstanceOf(Ok.class);
        return ((Ok) result).command();
    }

    private String problem(String text, UserKey replyTarget) {
        Result result = parser.parse(text, replyTarget, RESOLVER);
        assertThat(result).isInstanceOf(Problem.class);
        return ((Problem) result).message();
    }

    @Test
    void parse_usageWithoutUser_meansCommunity() {
        assertThat(command("usage", null)).isEqualTo(new ModCommand.Usage(null));
    }

    @Test
    void parse_queue_isThisCommunitysOrWithAllEveryones() {
        assertThat(command("queue", null)).isEqualTo(new ModCommand.Queue(false));
        assertThat(command("queue all", null)).isEqualTo(new ModCommand.Queue(true));
    }

    @Test
    void parse_queueResume_isTheOperatorsResumeAndNothingMayFollow() {
        assertThat(command("queue resume", null)).isEqualTo(new ModCommand.QueueResume());
        assertThat(command("QUEUE Resume", null)).isEqualTo(new ModCommand.QueueResume());
        assertThat(parser.parse("queue resume now", null, RESOLVER)).isInstanceOf(ModCommandParser.Problem.class);
        assertThat(parser.parse("queue later", null, RESOLVER)).isInstanceOf(ModCommandParser.Problem.class);
    }

    @Test
    void parse_usageAsReply_meansRepliedUser() {
        assertThat(command("usage", REPLIED)).isEqualTo(new ModCommand.Usage(REPLIED));
        assertThat(command("USAGE @bob", REPLIED)).isEqualTo(new ModCommand.Usage(BOB));
    }

    @Test
    void parse_limitForUserCommunityAndRole_parsesScopeKindAndValue() {
        assertThat(command("limit @bob daily 30", null))
                .isEqualTo(new ModCommand.SetLimit(LimitScope.USER, BOB, null, LimitKind.DAILY, 30L));
        assertThat(command("limit community pool 500", null))
                .isEqualTo(new ModCommand.SetLimit(LimitScope.COMMUNITY, null, null, LimitKind.POOL, 500L));
        assertThat(command("limit role telegram:admin monthly 0", null)).isEqualTo(
                new ModCommand.SetLimit(LimitScope.ROLE, null, "telegram:admin", LimitKind.MONTHLY, 0L));
        assertThat(command("limit concurrent default", REPLIED))
                .isEqualTo(new ModCommand.SetLimit(LimitScope.USER, REPLIED, null, LimitKind.CONCURRENT, null));
    }

    @Test
    void parse_limitPoolForUser_isRefused() {
        assertThat(problem("limit @bob pool 5", null)).startsWith("pool is the whole community's daily credits");
    }

    @Test
    void parse_limitUnknownKindOrBadValue_saysWhy() {
        assertThat(problem("limit @bob weekly 5", null)).startsWith("Unknown limit weekly");
        assertThat(problem("limit @bob daily lots", null)).isEqualTo("limit takes a whole number, got lots.");
        assertThat(problem("limit @bob daily", null)).startsWith("limit needs a number");
    }

    @Test
    void parse_grantWithUser_parsesCreditsAndReason() {
        assertThat(command("grant @bob 50 contest winner", null))
                .isEqualTo(new ModCommand.Grant(BOB, 50, "contest winner"));
        assertThat(command("grant 12345 50", null))
                .isEqualTo(new ModCommand.Grant(new UserKey(Platform.TELEGRAM, "12345"), 50, ""));
    }

    @Test
    void parse_grantAsReplyWithoutUser_grantsRepliedUser() {
        assertThat(command("grant 20 thanks", REPLIED)).isEqualTo(new ModCommand.Grant(REPLIED, 20, "thanks"));
    }

    @Test
    void parse_grantZeroInRussian_saysWhyInRussianKeepingCommandWords() {
        String message;
        try (Texts.Scope russian = Texts.use(Languages.RUSSIAN)) {
            message = problem("grant @bob 0", null);
        }

        assertThat(message).isEqualTo("grant ждёт число от 1 до 1000000, а получено 0.");
    }

    @Test
    void parse_grantZero_isRefused() {
        assertThat(problem("grant @bob 0", null)).isEqualTo("grant takes a number 1–1000000, got 0.");
    }

    @Test
    void parse_resetWithWindow_parsesWindow() {
        assertThat(command("reset @bob month oops", null))
                .isEqualTo(new ModCommand.Reset(BOB, UsageWindow.THIS_MONTH, "oops"));
        assertThat(command("reset @bob", null)).isEqualTo(new ModCommand.Reset(BOB, UsageWindow.TODAY, ""));
        assertThat(command("reset all", REPLIED)).isEqualTo(new ModCommand.Reset(REPLIED, UsageWindow.BOTH, ""));
    }

    @Test
    void parse_blockAsReplyWithReason_blocksRepliedUser() {
        assertThat(command("block spamming the chat", REPLIED))
                .isEqualTo(new ModCommand.Block(REPLIED, "spamming the chat"));
        assertThat(command("block @bob", null)).isEqualTo(new ModCommand.Block(BOB, ""));
        assertThat(command("unblock @bob", null)).isEqualTo(new ModCommand.Unblock(BOB, ""));
    }

    @Test
    void parse_unknownUser_explainsHowToName() {
        assertThat(problem("block @nobody", null)).startsWith("I don't know the user @nobody.");
    }

    @Test
    void parse_userMissingAndNoReply_explains() {
        assertThat(problem("block", null)).isEqualTo(
                "block needs a user: reply to one of their messages, or name them.");
    }

    @Test
    void parse_refundAuditTop_parse() {
        assertThat(command("refund t7k2m9q broken output", null))
                .isEqualTo(new ModCommand.Refund("t7k2m9q", "broken output"));
        assertThat(command("audit", null)).isEqualTo(new ModCommand.Audit(10));
        assertThat(command("audit 5", null)).isEqualTo(new ModCommand.Audit(5));
        assertThat(command("top", null)).isEqualTo(new ModCommand.Top());
        assertThat(problem("audit 500", null)).isEqualTo("audit takes a number 1–50, got 500.");
        assertThat(problem("refund", null)).isEqualTo("refund needs a task id, e.g. t7k2m9q.");
    }

    @Test
    void parse_statsHereAllOrCommunity_parse() {
        assertThat(command("stats", null)).isEqualTo(ModCommand.Stats.here());
        assertThat(command("stats all", null)).isEqualTo(new ModCommand.Stats(null, true));
        assertThat(command("stats -1001234567890", null)).isEqualTo(new ModCommand.Stats("-1001234567890", false));
        assertThat(problem("stats all extra", null)).contains("stats");
    }

    @Test
    void parse_unknownOrMissingAction_listsActions() {
        assertThat(problem("ban @bob", null)).startsWith("Unknown action ban. Actions: usage, limit, grant");
        assertThat(problem("", null)).startsWith("Which action? Actions:");
    }

    @Test
    void parse_settingsAndSet_parseTypedValues() {
        assertThat(command("settings", null)).isEqualTo(new ModCommand.Settings());
        assertThat(command("set max-resolution 480p", null))
                .isEqualTo(new ModCommand.SetSetting(CommunitySetting.MAX_RESOLUTION, Resolution.P480));
        assertThat(command("set DURATION 8s", null)).isEqualTo(new ModCommand.SetSetting(CommunitySetting.DURATION, 8));
        assertThat(command("set videos off", null)).isEqualTo(new ModCommand.SetSetting(CommunitySetting.VIDEOS, false));
        assertThat(command("set audio default", null)).isEqualTo(new ModCommand.SetSetting(CommunitySetting.AUDIO, null));
    }

    @Test
    void parse_setUnknownOrBadValue_saysWhatIsAccepted() {
        assertThat(problem("set fps 30", null)).startsWith("Unknown setting fps; settings are videos, duration,");
        assertThat(problem("set max-duration 30", null)).isEqualTo("max-duration takes 4-15 (or default), not '30'.");
        assertThat(problem("set ratio", null)).startsWith("set ratio needs 16:9, 4:3");
    }

    @Test
    void parse_setInSpanish_takesTheOnOffWordsSettingsShowsAndSaysWhatIsAcceptedInSpanish() {
        try (Texts.Scope spanish = Texts.use(Languages.SPANISH)) {
            assertThat(command("set videos sí", null)).isEqualTo(new ModCommand.SetSetting(CommunitySetting.VIDEOS, true));
            assertThat(command("set audio off", null)).isEqualTo(new ModCommand.SetSetting(CommunitySetting.AUDIO, false));
            assertThat(problem("set max-duration 30", null))
                    .isEqualTo("max-duration admite 4-15 (o default), no '30'.");
        }
    }

    @Test
    void parse_channel_hereIdAndAll() {
        assertThat(command("channel allow", null)).isEqualTo(new ModCommand.Channel(ChannelAction.ALLOW, null));
        assertThat(command("channel allow here", null)).isEqualTo(new ModCommand.Channel(ChannelAction.ALLOW, null));
        assertThat(command("channel disallow 123", null))
                .isEqualTo(new ModCommand.Channel(ChannelAction.DISALLOW, "123"));
        assertThat(command("channel all", null)).isEqualTo(new ModCommand.Channel(ChannelAction.ALL, null));
        assertThat(problem("channel open", null)).isEqualTo("channel takes allow, disallow or all, not open.");
    }

    @Test
    void parse_moderator_namedOrRepliedUser() {
        assertThat(command("moderator add @bob", null)).isEqualTo(new ModCommand.Moderator(true, "7"));
        assertThat(command("moderator remove", REPLIED)).isEqualTo(new ModCommand.Moderator(false, "99"));
        assertThat(problem("moderator promote @bob", null)).isEqualTo("moderator takes add or remove, not promote.");
    }
}
