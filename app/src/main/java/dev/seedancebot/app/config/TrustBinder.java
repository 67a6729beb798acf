package dev.seedancebot.app.config;

import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.core.quota.BudgetSettings;
import dev.seedancebot.core.quota.BudgetSettings.Ceiling;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@code trust:} and {@code budget:} sections straight into the core's {@link TrustSettings} and
 * {@link BudgetSettings}, one message per bad value.
 */
final class TrustBinder {
    private static final Pattern OPERATOR = Pattern.compile("(discord|telegram):(\\d{1,19})");
    private static final Pattern COMMUNITY_BUDGET = Pattern.compile("(-?\\d{1,19})\\s+(\\S+)\\s*/\\s*(\\S+)");

    private final ValueReader source;

    TrustBinder(ValueReader source) {
        this.source = source;
    }

    /** {@code trust:}, with {@code telegram.operator-ids} (the older key) added to the operators. */
    TrustSettings trust() {
        Set<UserKey> operators = new LinkedHashSet<>();
        String raw = source.raw("trust.operators");
        for (String part : raw == null || raw.isBlank() ? new String[0] : raw.split(",")) {
            Matcher m = OPERATOR.matcher(part.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                source.bad("trust.operators", "name each operator as discord:<user id> or telegram:<user id>, e.g."
                        + " [telegram:123456789, discord:80351110224678912]; '" + part.strip() + "' is not one");
                break;
            }
            operators.add(new UserKey(Platform.valueOf(m.group(1).toUpperCase(Locale.ROOT)), m.group(2)));
        }
        source.ids("telegram.operator-ids").forEach(id -> operators.add(new UserKey(Platform.TELEGRAM,
                String.valueOf(Long.parseLong(id)))));
        return new TrustSettings(operators, privateChats(),
                count("trust.user-rate"), count("trust.community-rate"),
                source.duration("trust.rate-period", Duration.ofSeconds(1)));
    }

    BudgetSettings budgets() {
        Ceiling global = new Ceiling(credits("budget.daily"), credits("budget.monthly"));
        Ceiling community = new Ceiling(credits("budget.community-daily"), credits("budget.community-monthly"));
        Ceiling privateChats = new Ceiling(credits("budget.private-daily"), credits("budget.private-monthly"));
        BudgetSettings.Unlisted unlisted = switch (lower("budget.unlisted")) {
            case "deny" -> BudgetSettings.Unlisted.DENY;
            case "default" -> BudgetSettings.Unlisted.DEFAULT;
            default -> {
                source.bad("budget.unlisted", "use default (unlisted communities get the community budget) or deny"
                        + " (the bot makes videos only in the communities listed under budget.communities)");
                yield BudgetSettings.Unlisted.DENY;
            }
        };
        return new BudgetSettings(global, community, communities(), unlisted, privateChats);
    }

    private Map<String, Ceiling> communities() {
        Map<String, Ceiling> result = new HashMap<>();
        String raw = source.raw("budget.communities");
        for (String part : raw == null || raw.isBlank() ? new String[0] : raw.split(",")) {
            Matcher m = COMMUNITY_BUDGET.matcher(part.strip());
            Long daily = m.matches() ? parseCredits(m.group(2)) : null;
            Long monthly = m.matches() ? parseCredits(m.group(3)) : null;
            if (daily == null || monthly == null) {
                source.bad("budget.communities", "list each community as \"<server or group id> <daily>/<monthly>\","
                        + " e.g. [\"-1001234567890 1000/10000\"] (credits, or unlimited); '" + part.strip()
                        + "' is not one");
                break;
            }
            result.put(m.group(1), new Ceiling(daily, monthly));
        }
        return result;
    }

    private TrustSettings.PrivateChats privateChats() {
        return switch (lower("trust.private-chats")) {
            case "off" -> TrustSettings.PrivateChats.OFF;
            case "operators" -> TrustSettings.PrivateChats.OPERATORS;
            case "everyone" -> TrustSettings.PrivateChats.EVERYONE;
            default -> {
                source.bad("trust.private-chats", "use off, operators or everyone (who may make videos in a private"
                        + " chat with the bot; everyone spends from budget.private-*)");
                yield TrustSettings.PrivateChats.OFF;
            }
        };
    }

    private int count(String key) {
        String raw = source.raw(key);
        try {
            int value = Integer.parseInt(raw == null ? "" : raw.strip());
            if (value >= 1 && value <= 100_000) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        source.bad(key, "use a whole number of commands from 1 to 100000 per trust.rate-period");
        return 1;
    }

    private long credits(String key) {
        Long value = parseCredits(source.raw(key));
        if (value == null) {
            source.bad(key, "use a whole number of credits (0 stops all spending), or unlimited");
            return 0;
        }
        return value;
    }

    /** A number of credits, or {@code unlimited}; {@code null} when it is neither. */
    private static Long parseCredits(String raw) {
        String text = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT).replace("_", "");
        if (text.equals("unlimited")) {
            return Ceiling.UNLIMITED;
        }
        try {
            long value = Long.parseLong(text);
            return value >= 0 && value < Ceiling.UNLIMITED ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String lower(String key) {
        String raw = source.raw(key);
        return raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
    }
}
