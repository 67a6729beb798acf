package dev.seedancebot.core.policy;

import dev.seedancebot.core.identity.UserKey;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What the operator decided about trust: who the operators are, who may use the bot in private chats, and how fast
 * anyone may send commands. Budgets are in {@code quota.BudgetSettings}.
 *
 * @param operators the bot's operators: they moderate everywhere, set budgets and block people everywhere
 * @param privateChats who may make videos in a private chat with the bot
 * @param userRate commands one person may send in one community (or private chat) per {@code ratePeriod}
 * @param communityRate commands one community may send in all per {@code ratePeriod}
 * @param ratePeriod the window both rates are counted over
 */
public record TrustSettings(
        Set<UserKey> operators, PrivateChats privateChats, int userRate, int communityRate, Duration ratePeriod) {

    /** Who may make videos in a private chat with the bot (Telegram private chats, Discord DMs). */
    public enum PrivateChats {
        /** Nobody: private chats only answer /help and /quota. */
        OFF,
        /** Only the operators (the safe default: a stranger's private chat spends the operator's money). */
        OPERATORS,
        /** Everyone who can reach the bot, within the private-chat budget. */
        EVERYONE
    }

    public TrustSettings {
        operators = Set.copyOf(Objects.requireNonNull(operators, "operators"));
        Objects.requireNonNull(privateChats, "privateChats");
        if (userRate < 1 || communityRate < 1) {
            throw new IllegalArgumentException("rates must be at least 1 command per period");
        }
        if (ratePeriod == null || ratePeriod.isNegative() || ratePeriod.isZero()) {
            throw new IllegalArgumentException("ratePeriod must be positive");
        }
    }

    /** No operators, private chats for operators only, 10 commands a minute per person and 120 per community. */
    public static TrustSettings defaults() {
        return new TrustSettings(Set.of(), PrivateChats.OPERATORS, 10, 120, Duration.ofMinutes(1));
    }

    public TrustSettings withOperators(Set<UserKey> value) {
        return new TrustSettings(value, privateChats, userRate, communityRate, ratePeriod);
    }

    public TrustSettings withPrivateChats(PrivateChats value) {
        return new TrustSettings(operators, value, userRate, communityRate, ratePeriod);
    }

    public TrustSettings withRates(int perUser, int perCommunity, Duration period) {
        return new TrustSettings(operators, privateChats, perUser, perCommunity, period);
    }
}
