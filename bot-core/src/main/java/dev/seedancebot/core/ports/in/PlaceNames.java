package dev.seedancebot.core.ports.in;

import dev.seedancebot.core.i18n.Texts;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How a platform names places and roles in answers: the core writes ids, the adapter knows the syntax (a Discord
 * channel mention, a Telegram topic). Keeps platform syntax out of the core.
 */
public interface PlaceNames {
    /** Plain words, for the terminal and anywhere without a syntax of its own. */
    PlaceNames NEUTRAL = of(id -> Texts.t("place.channel", "id", id), id -> Texts.t("place.role", "id", id),
            () -> Texts.t("place.admins"));

    /**
     * Names from three functions; each is asked when an answer is worded, so that words from the bundles come out in
     * the language of the scope the answer is written in.
     */
    static PlaceNames of(Function<String, String> channel, Function<String, String> role, Supplier<String> admins) {
        return new PlaceNames() {
            @Override
            public String channel(String id) {
                return channel.apply(id);
            }

            @Override
            public String role(String id) {
                return role.apply(id);
            }

            @Override
            public String admins() {
                return admins.get();
            }
        };
    }

    /** A channel, thread or topic, as members see it. */
    String channel(String id);

    /** What {@code /videomod moderator} appoints: a Discord role, a Telegram person. */
    String role(String id);

    /** Who administers a community on this platform, as members know them. */
    String admins();
}
