package dev.seedancebot.core.i18n;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.command.HelpText;
import dev.seedancebot.core.command.ModCommandParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No sentence for users is written in the code: each comes from the bundles.
 *
 * <p>How, and its limits: every main source of bot-core, discord-adapter and telegram-adapter is read with comments
 * removed, so a new class cannot escape, and every string literal of two or more words fails the test, except
 * <ul>
 *   <li>on lines (and the rest of their statement) that are plainly not for users: log calls, exceptions, SQL
 *       calls, date patterns, ledger reasons;
 *   <li>SQL text: a literal with an upper-case SQL word or a snake_case column name;
 *   <li>command words people type, which stay English because the parser reads them so ("budget set"): a literal
 *       made only of the words of {@link HelpText#COMMANDS} and {@link ModCommandParser#SUBCOMMANDS};
 *   <li>the classes of {@link #NOT_FOR_USERS_CLASSES}, each with why none of its text reaches a person.
 * </ul>
 * A sentence built from single words ("a" + " b") still escapes it.
 */
class UserFacingLiteralsTest {
    private static final Path ROOT = Path.of("..");
    private static final List<String> MODULES = List.of("bot-core", "discord-adapter", "telegram-adapter");
    private static final String CORE = "bot-core/src/main/java/dev/seedancebot/core/";
    private static final String DISCORD = "discord-adapter/src/main/java/dev/seedancebot/discord/";
    private static final String TELEGRAM = "telegram-adapter/src/main/java/dev/seedancebot/telegram/";
    /** Sources (a file, or a folder ending in /) whose texts never reach a person; why, for each. */
    static final Map<String, String> NOT_FOR_USERS_CLASSES = Map.ofEntries(
            entry(CORE + "seedance/", "the provider client: its texts are requests and errors for the log;"
                    + " people are told ErrorKind's words from the bundles"),
            entry(CORE + "request/VideoRequest.java", "its sentence is an instruction to Seedance in an edit's prompt"),
            entry(CORE + "quota/LedgerRepair.java", "a ledger reason"),
            entry(CORE + "quota/BudgetSettings.java", "names a value in a configuration error for the operator"),
            entry(CORE + "engine/SilentRetry.java", "matches the provider's error text"),
            entry(CORE + "media/MediaProber.java", "details of unreadable files for the log; people get"
                    + " ValidationMessages"),
            entry(CORE + "storage/H2UncleanStop.java", "the text of the database's lock marker file"),
            entry(DISCORD + "DiscordDelivery.java", "names the failed operation in exceptions for the log"),
            entry(TELEGRAM + "BotApiException.java", "matches the error descriptions Telegram sends"));
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern SENTENCE = Pattern.compile("[A-Za-z]{2,}[,;:.]?\\s+[A-Za-z]{2,}");
    private static final Pattern NOT_FOR_USERS = Pattern.compile("log\\.(trace|debug|info|warn|error)|throw new"
            + "|Exception\\(|Pattern\\.compile|ofPattern|quota\\.(refund|commit)\\w*\\(|requireNonNull\\("
            + "|Jdbc\\.(query|update)\\(|replaceLimit\\(");
    private static final Pattern SQL = Pattern.compile("\\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|AND|OR|NOT|NULL"
            + "|ORDER BY|GROUP BY|FETCH|ROWS|ON CONFLICT|CURRENT_TIMESTAMP|COALESCE|INTERVAL|SET|IN|IS|CASE|WHEN"
            + "|LIMIT|SCRIPT|RUNSCRIPT)\\b|[a-z]+_[a-z_]+");
    private static final Set<String> COMMAND_WORDS = commandWords();

    @Test
    void mainSources_containNoSentenceLiterals() throws IOException {
        List<String> found = new ArrayList<>();
        for (String file : sources()) {
            if (skipped(file)) {
                continue;
            }
            String[] lines = withoutComments(Files.readString(ROOT.resolve(file))).split("\n");
            boolean continuesNotForUsers = false;
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                // a log call or exception spans lines until its statement ends
                boolean notForUsers = NOT_FOR_USERS.matcher(line).find() || continuesNotForUsers;
                continuesNotForUsers = notForUsers && !line.strip().endsWith(";");
                if (notForUsers) {
                    continue;
                }
                Matcher literal = LITERAL.matcher(line);
                while (literal.find()) {
                    String text = literal.group(1);
                    if (SENTENCE.matcher(text).find() && !SQL.matcher(text).find() && !commandWords(text)) {
                        found.add(file + ":" + (i + 1) + ": " + literal.group());
                    }
                }
            }
        }
        assertThat(found).as("sentences outside the bundles").isEmpty();
    }

    @Test
    void exclusions_nameSourcesThatExist() {
        NOT_FOR_USERS_CLASSES.keySet()
                .forEach(path -> assertThat(ROOT.resolve(path)).as("excluded source").exists());
    }

    private static List<String> sources() throws IOException {
        List<String> files = new ArrayList<>();
        for (String module : MODULES) {
            Path main = ROOT.resolve(module).resolve("src/main/java");
            try (Stream<Path> walk = Files.walk(main)) {
                walk.filter(p -> p.toString().endsWith(".java"))
                        .forEach(p -> files.add(ROOT.relativize(p).toString().replace('\\', '/')));
            }
        }
        assertThat(files).as("main sources found").hasSizeGreaterThan(100);
        return files;
    }

    private static boolean skipped(String file) {
        return NOT_FOR_USERS_CLASSES.keySet().stream()
                .anyMatch(excluded -> excluded.endsWith("/") ? file.startsWith(excluded) : file.equals(excluded));
    }

    /** The words of the chat commands and /videomod actions, and the literal words of their argument syntax. */
    private static Set<String> commandWords() {
        Set<String> words = new HashSet<>();
        Stream.concat(HelpText.COMMANDS.stream(), ModCommandParser.SUBCOMMANDS.stream()).forEach(c -> {
            words.add(c.name());
            Matcher word = Pattern.compile("[a-z]+").matcher(c.arguments().replaceAll("\\{[A-Za-z]+}", " "));
            while (word.find()) {
                words.add(word.group());
            }
        });
        return words;
    }

    private static boolean commandWords(String text) {
        return Arrays.stream(text.strip().split("\\s+")).allMatch(COMMAND_WORDS::contains);
    }

    /** Block and line comments blanked out, line breaks kept so that line numbers stay right. */
    private static String withoutComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        boolean inString = false;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\' && i + 1 < source.length()) {
                    out.append(source.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
                i++;
            } else if (c == '"') {
                inString = true;
                out.append(c);
                i++;
            } else if (source.startsWith("//", i)) {
                while (i < source.length() && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
                source.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
                i = end;
            } else if (c == '\'' && i + 2 < source.length()) {
                int end = source.indexOf('\'', i + (source.charAt(i + 1) == '\\' ? 3 : 2));
                out.append(source, i, end + 1);
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
