package dev.seedancebot.core.moderation;

/**
 * The outcome of a moderator action, ready to show.
 *
 * @param changed {@code false} when the action was a no-op (already blocked, nothing to refund...)
 * @param text one or two sentences saying what happened, for the moderator
 */
public record ModerationResult(ModerationAction action, String target, boolean changed, String text) {}
