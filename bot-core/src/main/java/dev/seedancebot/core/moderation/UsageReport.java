package dev.seedancebot.core.moderation;

/**
 * A read-only moderator view, ready to show.
 *
 * @param data the figures ({@link dev.seedancebot.core.quota.QuotaSnapshot} or
 *     {@link dev.seedancebot.core.quota.CommunityUsage}) for adapters that render their own layout
 * @param text the same figures as a few plain lines
 */
public record UsageReport<T>(T data, String text) {}
