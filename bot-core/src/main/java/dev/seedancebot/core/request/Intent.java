package dev.seedancebot.core.request;

/**
 * What the user asked for. Seedance has no request field for edit or extend: they are a reference video plus an
 * instruction prompt (API-NOTES §3), which {@link VideoRequest#providerPrompt()} writes.
 */
public enum Intent {
    GENERATE,
    EDIT,
    EXTEND
}
