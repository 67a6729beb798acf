package dev.seedancebot.telegram;

import static dev.seedancebot.core.i18n.Texts.t;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.seedancebot.core.command.ModCommand;
import dev.seedancebot.core.command.ModCommandParser;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.ports.in.ModerationRequests;
import dev.seedancebot.core.ports.in.UsageStatsQueries;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * {@code /videomod}: names the people a command is about (by reply, {@code @username} or id) and lets the core
 * decide and answer. Only people can be named: a reply to a post made as a channel or anonymously names nobody, so
 * Telegram's placeholder accounts never become moderators, get grants or a quota.
 */
final class ModerationCommands {

    private final ModerationRequests moderation;
    private final UsageStatsQueries stats;
    private final Outbox outbox;
    private final ChatAdmins admins;
    private final ModCommandParser parser = new ModCommandParser();
    /** Usernames remembered at most: every update feeds the map, so it must not grow with a flood of accounts. */
    private static final int MAX_USERNAMES = 100_000;

    /** People seen, by lower-case username, so moderators can name them as @username (the most recent ones). */
    private final Map<String, Long> usernames = Caffeine.newBuilder().maximumSize(MAX_USERNAMES)
            .<String, Long>build().asMap();
    private volatile long botId;

    ModerationCommands(ModerationRequests moderation, UsageStatsQueries stats, Outbox outbox, ChatAdmins admins) {
        this.moderation = moderation;
        this.stats = stats;
        this.outbox = outbox;
        this.admins = admins;
    }

    void botIdentity(long id) {
        this.botId = id;
    }

    void onCommand(Actor actor, Message message, String args, Answers answers) {
        // nothing of the command is read for someone who may not run any: no syntax help, no word on who the bot
        // has seen
        if (answers.refused(message, moderation.admit(actor))) {
            return;
        }
        Message replied = message.getReplyToMessage();
        boolean toBot = replied != null && replied.getFrom() != null && replied.getFrom().getId() == botId;
        UserKey replyTarget = replied != null && !toBot && TelegramActors.isPerson(replied)
                ? TelegramActors.userKey(replied.getFrom()) : null;
        if (replied != null && !toBot && replyTarget == null && namesReplyTarget(args)) {
            answers.reply(message, notAPerson());
            return;
        }
        var parsed = parser.parse(args, replyTarget, this::resolveUser);
        if (parsed instanceof ModCommandParser.Problem p) {
            answers.reply(message, p.message());
            return;
        }
        if (((ModCommandParser.Ok) parsed).command() instanceof ModCommand.Stats wanted) {
            chart(actor, message, wanted, answers);
            return;
        }
        long chatId = message.getChatId();
        answers.reply(message, moderation.run(actor, ((ModCommandParser.Ok) parsed).command(),
                user -> admins.isAdmin(chatId, Long.parseLong(user.userId()), false)
                        ? Set.of(TelegramActors.ADMIN_ROLE) : Set.of(), TelegramActors.NAMES));
    }

    /** The usage chart as a photo; the top users are named by the usernames the bot has seen. */
    private void chart(Actor actor, Message message, ModCommand.Stats wanted, Answers answers) {
        UsageStatsQueries.Outcome outcome = stats.stats(actor, wanted, this::usernameOf);
        if (outcome instanceof UsageStatsQueries.Refused refused) {
            answers.reply(message, refused.answer());
            return;
        }
        UsageStatsQueries.Chart chart = (UsageStatsQueries.Chart) outcome;
        outbox.photo(Answers.target(message), chart.png(), "usage.png", chart.caption());
    }

    private String usernameOf(UserKey user) {
        String id = user.userId();
        return usernames.entrySet().stream().filter(e -> String.valueOf(e.getValue()).equals(id))
                .map(e -> "@" + e.getKey()).findFirst().orElse(null);
    }

    /**
     * Whether the command would be about the author of the message it replies to: it reads differently with an
     * author than without one. Parsing it without would silently change its meaning (a limit on one sender would
     * become the whole group's), so such a reply to a non-person is refused instead.
     */
    private boolean namesReplyTarget(String args) {
        UserKey someone = new UserKey(Platform.TELEGRAM, "0");
        return !parser.parse(args, someone, this::resolveUser).equals(parser.parse(args, null, this::resolveUser));
    }

    /** Remembers the usernames of the people in {@code m} (never of placeholders or channels). */
    void remember(Message m) {
        if (TelegramActors.isPerson(m)) {
            remember(m.getFrom());
        }
        Message replied = m.getReplyToMessage();
        if (replied != null && TelegramActors.isPerson(replied)) {
            remember(replied.getFrom());
        }
    }

    void remember(User user) {
        if (user != null && user.getUserName() != null && !TelegramActors.isPlaceholder(user.getId())) {
            usernames.put(user.getUserName().toLowerCase(Locale.ROOT), user.getId());
        }
    }

    private Optional<UserKey> resolveUser(String token) {
        Long id = null;
        if (token.matches("\\d{1,19}")) {
            id = Long.parseLong(token);
        } else if (token.startsWith("@")) {
            id = usernames.get(token.substring(1).toLowerCase(Locale.ROOT));
        }
        return Optional.ofNullable(id).filter(i -> !TelegramActors.isPlaceholder(i))
                .map(i -> new UserKey(Platform.TELEGRAM, String.valueOf(i)));
    }

    /** The answer when a moderation command replies to a post that names no person. */
    static String notAPerson() {
        return t("moderation.notAPerson");
    }
}
