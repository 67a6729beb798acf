package dev.seedancebot.discord;

import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.i18n.Texts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import net.dv8tion.jda.api.interactions.DiscordLocale;

/**
 * Discord's localizations of command names and descriptions, from the bundles. Discord shows a member the
 * localization of their client's language and the English default otherwise; typing the English name keeps working.
 */
final class CommandLocalizations {
    /** The Discord client languages each shipped language serves; Spanish covers Spain and Latin America. */
    private static final Map<Locale, List<DiscordLocale>> CLIENTS = Map.of(
            Languages.SPANISH, List.of(DiscordLocale.SPANISH, DiscordLocale.SPANISH_LATAM),
            Languages.PORTUGUESE_BR, List.of(DiscordLocale.PORTUGUESE_BRAZILIAN),
            Languages.RUSSIAN, List.of(DiscordLocale.RUSSIAN),
            Languages.CHINESE_SIMPLIFIED, List.of(DiscordLocale.CHINESE_CHINA));

    private CommandLocalizations() {}

    /** {@code text} in every shipped language but English, for each Discord client language it serves. */
    static Map<DiscordLocale, String> of(Function<Texts, String> text) {
        Map<DiscordLocale, String> localized = new LinkedHashMap<>();
        for (Locale language : Languages.SHIPPED) {
            for (DiscordLocale client : CLIENTS.getOrDefault(language, List.of())) {
                localized.put(client, text.apply(Texts.of(language)));
            }
        }
        return localized;
    }

    /** A command's, subcommand's or option's name ({@code discord.name.<name>}); none when it is not translated. */
    static Map<DiscordLocale, String> names(String name) {
        String key = "discord.name." + name;
        return Texts.of(Languages.ENGLISH).has(key) ? of(texts -> texts.get(key)) : Map.of();
    }
}
