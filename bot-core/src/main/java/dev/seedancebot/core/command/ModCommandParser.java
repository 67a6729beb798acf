package dev.seedancebot.core.command;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.command.ModCommand.ChannelAction;
import dev.seedancebot.core.command.ModCommand.LimitScope;
import dev.seedancebot.core.community.CommunitySetting;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.BudgetSettings;
import dev.seedancebot.core.quota.LimitKind;
import dev.seedancebot.core.quota.QuotaScope;
import dev.seedancebot.core.quota.UsageWindow;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Parses the text after {@code /videomod} into a {@link ModCommand}. The syntax is declared in {@link #SUBCOMMANDS},
 * which the help text renders. A user is named by a token the platform's {@link UserResolver} understands
 * (a numeric id, an {@code @username}, a mention); when the command is a reply to someone's message and the user is
 * left out, the replied-to user is meant. Stateless and thread-safe.
 */
public final class ModCommandParser {

    /** Maps a user token from the command text to a user of this platform; empty when it names no known user. */
    @FunctionalInterface
    public interface UserResolver {
        Optional<UserKey> resolve(String token);
    }

    /** The outcome: a command, or a message that says what to fix. */
    public sealed interface Result permits Ok, Problem {}

    public record Ok(ModCommand command) implements Result {
        public Ok {
            Objects.requireNonNull(command, "command");
        }
    }

    public record Problem(String message) implements Result {
        public Problem {
            Objects.requireNonNull(message, "message");
        }
    }

    /** The {@code /videomod} subcommands, in help order. */
    public static final List<CommandSpec> SUBCOMMANDS = List.of(
            new CommandSpec("usage", "[{user}]", "videomod.usage", true),
            new CommandSpec("limit", "<{user}|community|role <{id}>> <daily|monthly|concurrent|pool> <{n}|default>",
                    "videomod.limit", true),
            new CommandSpec("grant", "<{user}> <{credits}> [{reason}]", "videomod.grant", true),
            new CommandSpec("reset", "<{user}> [today|month|all] [{reason}]", "videomod.reset", true),
            new CommandSpec("block", "<{user}> [everywhere] [{reason}]", "videomod.block", true),
            new CommandSpec("unblock", "<{user}> [everywhere]", "videomod.unblock", true),
            new CommandSpec("budget",
                    "[all | <{communityId}> | set <daily|monthly> <{n}|unlimited|default>"
                            + " [global|private|<{communityId}>]]",
                    "videomod.budget", true),
            new CommandSpec("refund", "<{taskId}> [{reason}]", "videomod.refund", true),
            new CommandSpec("audit", "[{n}]", "videomod.audit", true),
            new CommandSpec("top", "", "videomod.top", true),
            new CommandSpec("stats", "[all | <{communityId}>]", "videomod.stats", true),
            new CommandSpec("spend", "[all | <{communityId}>]", "videomod.spend", true),
            new CommandSpec("queue", "[all | resume]", "videomod.queue", true),
            new CommandSpec("settings", "", "videomod.settings", true),
            new CommandSpec("set", "<{setting}> <{value}|default>", "videomod.set", true),
            new CommandSpec("channel", "<allow|disallow> [here|<{id}>] | all", "videomod.channel", true),
            new CommandSpec("moderator", "<add|remove> <{userOrRoleId}>", "videomod.moderator", true),
            new CommandSpec("words", "<add|remove> <{wordOrPhrase}> | list", "videomod.words", true),
            new CommandSpec("reports", "[here|<{id}>|off]", "videomod.reports", true));

    private static final int DEFAULT_AUDIT = 10;

    /**
     * Parses one command.
     *
     * @param text everything after {@code /videomod}
     * @param replyTarget the author of the message this command replies to, or {@code null}
     */
    public Result parse(String text, UserKey replyTarget, UserResolver resolver) {
        List<String> words = text == null || text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
        if (words.isEmpty()) {
            return new Problem(t("mod.parse.whichAction", "actions", syntax()));
        }
        String name = words.get(0).toLowerCase(Locale.ROOT);
        Args args = new Args(words.subList(1, words.size()), replyTarget, resolver);
        try {
            return new Ok(switch (name) {
                case "usage" -> new ModCommand.Usage(args.isEmpty() ? replyTarget : args.user("usage"));
                case "limit" -> limit(args);
                case "grant" -> grant(args);
                case "reset" -> reset(args);
                case "block" -> new ModCommand.Block(args.user("block"), null, args.flag("everywhere"))
                        .withReason(args.rest());
                case "unblock" -> new ModCommand.Unblock(args.user("unblock"), null, args.flag("everywhere"))
                        .withReason(args.rest());
                case "budget", "budgets" -> budget(args);
                case "refund" -> new ModCommand.Refund(args.word("refund", t("mod.parse.what.taskId")), args.rest());
                case "audit" -> new ModCommand.Audit(args.isEmpty() ? DEFAULT_AUDIT
                        : (int) args.number("audit", 1, ModCommand.Audit.MAX));
                case "top" -> new ModCommand.Top();
                case "stats" -> scoped(args, "stats", ModCommand.Stats::new);
                case "spend" -> scoped(args, "spend", ModCommand.Spend::new);
                case "queue" -> queue(args);
                case "settings" -> {
                    args.requireEnd("settings");
                    yield new ModCommand.Settings();
                }
                case "set" -> set(args);
                case "channel", "channels" -> channel(args);
                case "moderator", "moderators" -> moderator(args);
                case "words", "word" -> words(args);
                case "reports", "report" -> reports(args);
                default -> throw new BadSyntax(t("mod.parse.unknownAction", "word", words.get(0), "actions", syntax()));
            });
        } catch (BadSyntax e) {
            return new Problem(e.getMessage());
        }
    }

    /** "Actions: usage, limit, …", for messages about a missing or unknown action. */
    private static String syntax() {
        return t("mod.parse.actions",
                "list", SUBCOMMANDS.stream().map(CommandSpec::name).collect(Collectors.joining(", ")));
    }

    /** {@code queue}: here (nothing), {@code all}, or {@code resume} (end a pause now). */
    private static ModCommand queue(Args args) {
        ModCommand command = args.flag("resume") ? new ModCommand.QueueResume()
                : new ModCommand.Queue(args.flag("all"));
        args.requireEnd("queue");
        return command;
    }

    /** {@code stats} and {@code spend}: here (nothing), {@code all}, or a community id. */
    private static ModCommand scoped(Args args, String name, BiFunction<String, Boolean, ModCommand> make) {
        if (args.isEmpty()) {
            return make.apply(null, false);
        }
        String scope = args.word(name, t("mod.parse.what.scope"));
        args.requireEnd(name);
        return "all".equalsIgnoreCase(scope) ? make.apply(null, true) : make.apply(scope, false);
    }

    private static ModCommand limit(Args args) {
        String first = args.peek();
        LimitScope scope;
        UserKey user = null;
        String roleId = null;
        if ("community".equalsIgnoreCase(first)) {
            args.next();
            scope = LimitScope.COMMUNITY;
        } else if ("role".equalsIgnoreCase(first)) {
            args.next();
            scope = LimitScope.ROLE;
            roleId = args.word("limit role", t("mod.parse.what.roleId"));
        } else {
            scope = LimitScope.USER;
            boolean kindFirst = first != null && kindOf(first).isPresent();
            user = kindFirst ? args.replyTargetOr("limit") : args.user("limit");
        }
        String kindWord = args.word("limit", t("mod.parse.what.limitKind"));
        LimitKind kind = kindOf(kindWord).orElseThrow(() -> new BadSyntax(
                t("mod.parse.unknownLimit", "word", kindWord)));
        if (kind == LimitKind.POOL && scope != LimitScope.COMMUNITY) {
            throw new BadSyntax(t("mod.parse.poolIsCommunity"));
        }
        String valueWord = args.word("limit", t("mod.parse.what.limitValue"));
        Long value;
        if (valueWord.equalsIgnoreCase("default") || valueWord.equalsIgnoreCase("inherit")) {
            value = null;
        } else {
            value = parseNumber("limit", valueWord, 0, Long.MAX_VALUE);
        }
        args.requireEnd("limit");
        return new ModCommand.SetLimit(scope, user, roleId, kind, value);
    }

    private static ModCommand set(Args args) {
        String name = args.word("set", t("mod.parse.what.setting", "names", CommunitySetting.names()));
        CommunitySetting setting = CommunitySetting.of(name).orElseThrow(() -> new BadSyntax(
                t("mod.parse.unknownSetting", "name", name, "names", CommunitySetting.names())));
        String value = args.word("set " + setting.key(),
                t("mod.parse.what.settingValue", "choices", setting.syntax().replace("|", ", ")));
        args.requireEnd("set " + setting.key());
        if (value.equalsIgnoreCase("default") || value.equalsIgnoreCase("inherit")) {
            return new ModCommand.SetSetting(setting, null);
        }
        try {
            return new ModCommand.SetSetting(setting, setting.parse(value));
        } catch (IllegalArgumentException e) {
            throw new BadSyntax(e.getMessage());
        }
    }

    private static ModCommand channel(Args args) {
        String action = args.word("channel", t("mod.parse.what.channelAction"));
        ChannelAction what = switch (action.toLowerCase(Locale.ROOT)) {
            case "allow", "add" -> ChannelAction.ALLOW;
            case "disallow", "remove", "deny" -> ChannelAction.DISALLOW;
            case "all", "any", "everywhere" -> ChannelAction.ALL;
            default -> throw new BadSyntax(t("mod.parse.channelAction", "word", action));
        };
        String id = null;
        if (what != ChannelAction.ALL && !args.isEmpty()) {
            String word = args.next();
            id = word.equalsIgnoreCase("here") ? null : channelId(word);
        }
        args.requireEnd("channel " + action);
        return new ModCommand.Channel(what, id);
    }

    /** A channel or topic id as typed. */
    private static String channelId(String word) {
        String id = word;
        if (!id.matches("[A-Za-z0-9_-]{1,40}")) {
            throw new BadSyntax(t("mod.parse.notAChannel", "word", word));
        }
        return id;
    }

    private static ModCommand moderator(Args args) {
        String action = args.word("moderator", t("mod.parse.what.moderatorAction"));
        boolean add = switch (action.toLowerCase(Locale.ROOT)) {
            case "add" -> true;
            case "remove" -> false;
            default -> throw new BadSyntax(t("mod.parse.moderatorAction", "word", action));
        };
        String id = args.user("moderator " + action).userId();
        args.requireEnd("moderator " + action);
        return new ModCommand.Moderator(add, id);
    }

    private static ModCommand reports(Args args) {
        String word = args.isEmpty() ? "here" : args.next();
        args.requireEnd("reports " + word);
        if (word.equalsIgnoreCase("off") || word.equalsIgnoreCase("admins")) {
            return new ModCommand.Reports(null, true);
        }
        return new ModCommand.Reports(word.equalsIgnoreCase("here") ? null : channelId(word), false);
    }

    private static ModCommand words(Args args) {
        try {
            return ModCommand.Words.of(args.word("words", t("mod.parse.what.wordsAction")), args.rest());
        } catch (IllegalArgumentException e) {
            throw new BadSyntax(e.getMessage());
        }
    }

    /** {@code grant <user> <credits> [reason]}, or {@code grant <credits> [reason]} as a reply. */
    private static ModCommand budget(Args args) {
        if (args.isEmpty()) {
            return ModCommand.Budget.show();
        }
        if ("all".equalsIgnoreCase(args.peek())) {
            args.next();
            args.requireEnd("budget all");
            return new ModCommand.Budget(ModCommand.BudgetScope.ALL, null, false, null, null);
        }
        if (!"set".equalsIgnoreCase(args.peek())) {
            String community = args.word("budget", t("mod.parse.what.communityId"));
            args.requireEnd("budget");
            return new ModCommand.Budget(ModCommand.BudgetScope.COMMUNITY, community, false, null, null);
        }
        args.next();
        String windowWord = args.word("budget set", t("mod.parse.what.window"));
        UsageWindow window = switch (windowWord.toLowerCase(Locale.ROOT)) {
            case "daily", "day" -> UsageWindow.TODAY;
            case "monthly", "month" -> UsageWindow.THIS_MONTH;
            default -> throw new BadSyntax(t("mod.parse.window", "word", windowWord));
        };
        String valueWord = args.word("budget set", t("mod.parse.what.budgetValue"));
        Long value = switch (valueWord.toLowerCase(Locale.ROOT)) {
            case "default" -> null;
            case "unlimited", "none" -> BudgetSettings.Ceiling.UNLIMITED;
            default -> parseNumber("budget set", valueWord, 0, Long.MAX_VALUE - 1);
        };
        String where = args.isEmpty() ? null : args.word("budget set", t("mod.parse.what.budgetWhere"));
        args.requireEnd("budget set");
        if ("global".equalsIgnoreCase(where)) {
            return new ModCommand.Budget(ModCommand.BudgetScope.GLOBAL, null, true, window, value);
        }
        return new ModCommand.Budget(ModCommand.BudgetScope.COMMUNITY,
                "private".equalsIgnoreCase(where) ? QuotaScope.PRIVATE : where, true, window, value);
    }

    private static ModCommand grant(Args args) {
        UserKey user;
        if (args.replyTarget != null && isNumber(args.peek()) && !isNumber(args.peekSecond())) {
            user = args.replyTarget;
        } else {
            user = args.user("grant");
        }
        long credits = args.number("grant", 1, 1_000_000);
        return new ModCommand.Grant(user, credits, args.rest());
    }

    private static ModCommand reset(Args args) {
        String first = args.peek();
        UserKey user = first != null && windowOf(first).isPresent() ? args.replyTargetOr("reset") : args.user("reset");
        UsageWindow window = UsageWindow.TODAY;
        if (args.peek() != null) {
            Optional<UsageWindow> w = windowOf(args.peek());
            if (w.isPresent()) {
                args.next();
                window = w.get();
            }
        }
        return new ModCommand.Reset(user, window, args.rest());
    }

    private static Optional<LimitKind> kindOf(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return Arrays.stream(LimitKind.values()).filter(k -> k.name().toLowerCase(Locale.ROOT).equals(w)).findFirst();
    }

    private static Optional<UsageWindow> windowOf(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "today", "day" -> Optional.of(UsageWindow.TODAY);
            case "month" -> Optional.of(UsageWindow.THIS_MONTH);
            case "all", "both" -> Optional.of(UsageWindow.BOTH);
            default -> Optional.empty();
        };
    }

    private static boolean isNumber(String word) {
        return word != null && word.matches("\\d{1,18}");
    }

    private static long parseNumber(String action, String word, long min, long max) {
        long n;
        try {
            n = Long.parseLong(word);
        } catch (NumberFormatException e) {
            throw new BadSyntax(t("mod.parse.notWhole", "action", action, "word", word));
        }
        if (n < min || n > max) {
            throw new BadSyntax(max == Long.MAX_VALUE
                    ? t("mod.parse.atLeast", "action", action, "min", min, "word", word)
                    : t("mod.parse.range", "action", action, "min", min, "max", max, "word", word));
        }
        return n;
    }

    /** A syntax error; carries the user-facing message out of the nested helpers. */
    private static final class BadSyntax extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadSyntax(String message) {
            super(message, null, false, false);
        }
    }

    /** The words after the action, consumed left to right. */
    private static final class Args {
        private final List<String> words;
        private final UserKey replyTarget;
        private final UserResolver resolver;
        private int at;

        Args(List<String> words, UserKey replyTarget, UserResolver resolver) {
            this.words = words;
            this.replyTarget = replyTarget;
            this.resolver = resolver;
        }

        boolean isEmpty() {
            return at >= words.size();
        }

        String peek() {
            return at < words.size() ? words.get(at) : null;
        }

        String peekSecond() {
            return at + 1 < words.size() ? words.get(at + 1) : null;
        }

        String next() {
            return words.get(at++);
        }

        String word(String action, String what) {
            if (isEmpty()) {
                throw new BadSyntax(t("mod.parse.needs", "action", action, "what", what));
            }
            return next();
        }

        long number(String action, long min, long max) {
            return parseNumber(action, word(action, t("mod.parse.what.number")), min, max);
        }

        /**
         * The user named next; in a reply, the replied-to user when the next word names nobody (it then starts the
         * reason).
         */
        UserKey user(String action) {
            if (isEmpty()) {
                return replyTargetOr(action);
            }
            String token = peek();
            Optional<UserKey> found = resolver.resolve(token);
            if (found.isPresent()) {
                next();
                return found.get();
            }
            if (replyTarget != null) {
                return replyTarget;
            }
            throw new BadSyntax(t("mod.parse.unknownUser", "token", token));
        }

        UserKey replyTargetOr(String action) {
            if (replyTarget == null) {
                throw new BadSyntax(t("mod.parse.needsUser", "action", action));
            }
            return replyTarget;
        }

        /** Consumes {@code word} if it comes next. */
        boolean flag(String word) {
            if (word.equalsIgnoreCase(peek())) {
                next();
                return true;
            }
            return false;
        }

        String rest() {
            String text = String.join(" ", words.subList(Math.min(at, words.size()), words.size()));
            at = words.size();
            return text;
        }

        void requireEnd(String action) {
            if (!isEmpty()) {
                throw new BadSyntax(t("mod.parse.unexpected", "word", peek(), "action", action));
            }
        }
    }
}
