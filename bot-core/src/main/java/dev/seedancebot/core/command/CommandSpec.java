package dev.seedancebot.core.command;

import dev.seedancebot.core.i18n.Texts;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One chat command as every platform registers and documents it (Telegram {@code setMyCommands}, {@code /help}, the
 * terminal). Declared once in {@link HelpText#COMMANDS}.
 *
 * @param name lower-case command name without the slash ({@code video}); Telegram allows {@code [a-z0-9_]{1,32}}
 * @param arguments the argument syntax shown after the name, e.g. {@code "<prompt> [options]"}; empty when none
 * @param descriptionKey the bundle key of its one-line description; the bundle test holds every language's to
 *     Discord's 100 characters (Telegram allows 256)
 * @param moderatorsOnly shown only to chat admins and operators
 */
public record CommandSpec(String name, String arguments, String descriptionKey, boolean moderatorsOnly) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,32}");

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

    /** {@code /name arguments}, as shown in help texts. */
    public String usage() {
        return arguments.isEmpty() ? "/" + name : "/" + name + " " + arguments;
    }
}
