package dev.seedancebot.core.quota;

/** Credits given back by a usage reset (the adjustment rows written to the ledger). */
public record UsageReset(long dailyCredits, long monthlyCredits) {}
