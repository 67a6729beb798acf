package dev.seedancebot.core.ports.in;

/**
 * How a platform names places and roles in answers: the core writes ids, the adapter knows the syntax (a Discord
 * channel mention, a Telegram topic). Keeps platform syntax out of the core.
 */
public interface PlaceNames {
    /** Plain words, for the terminal and anywhere without a syntax of its own. */
    PlaceNames NEUTRAL = new PlaceNames() {
        @Override
        public String channel(String id) {
            return "channel " + id;
        }

        @Override
        public String role(String id) {
            return "role " + id;
        }

        @Override
        public String admins() {
            return "the community's admins";
        }
    };

    /** A channel, thread or topic, as members see it. */
    String channel(String id);

    /** What {@code /videomod moderator} appoints: a Discord role, a Telegram person. */
    String role(String id);

    /** Who administers a community on this platform, as members know them. */
    String admins();
}
