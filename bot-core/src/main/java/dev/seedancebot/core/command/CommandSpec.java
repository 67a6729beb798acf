package dev.seedancebot.core.command;

import dev.seedancebot.core.i18n.Texts;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One chat command as every platform registers and documents it (Telegram {@code setMyCommands}, {@code /help}, the
 * terminal). Declared once in {@link HelpText#COMMANDS}.
 *
 * @param name lower-case command name without the slash ({@code video}); Telegram allows {@code [a-z0-9_]{1,32}}
 * @param arguments the argument syntax shown after the name, e.g. {@code "<{prompt}> [{options}]"}; empty when none.
 *     Words people type ({@code all}, {@code set}, {@code daily}) are written as they are, in English, because the
 *     parser reads them so; each {@code {name}} is a placeholder people replace, worded by the bundle key
 *     {@code syntax.name} in the reader's language
 * @param descriptionKey the bundle key of its one-line description; the bundle test holds every language's to
 *     Discord's 100 characters (Telegram allows 256)
 * @param moderatorsOnly shown only to chat admins and operators
 */
public record CommandSpec(String name, String arguments, String descriptionKey, boolean moderatorsOnly) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,32}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

    public CommandSpec {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("command name must match [a-z0-9_]{1,32}, was " + name);
        }
        arguments = arguments == null ? "" : arguments;
        Objects.requireNonNull(descriptionKey, "descriptionKey");
    }

    /** The one-line description, in the language of the current {@link Texts} scope. */
    public String description() {
        return Texts.t(descriptionKey);
    }

    /** The argument syntax with its placeholders worded in the current {@link Texts} scope's language. */
    public String argumentsText() {
        Matcher placeholder = PLACEHOLDER.matcher(arguments);
        StringBuilder text = new StringBuilder();
        while (placeholder.find()) {
            placeholder.appendReplacement(text, Matcher.quoteReplacement(Texts.t("syntax." + placeholder.group(1))));
        }
        return placeholder.appendTail(text).toString();
    }

    /** {@code /name arguments}, as shown in help texts. */
    public String usage() {
        return arguments.isEmpty() ? "/" + name : "/" + name + " " + argumentsText();
    }
}
