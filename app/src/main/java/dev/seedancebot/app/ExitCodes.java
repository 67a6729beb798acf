package dev.seedancebot.app;

/** The process exit codes, as documented in {@code seedance-bot --help}. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The provider failed the video, or the bot failed for another reason at run time. */
    public static final int GENERATION_FAILED = 1;
    /** Bad command-line usage or configuration. */
    public static final int USAGE = 2;
    /** The inputs break Seedance's rules (or the provider's input checks); nothing was charged. */
    public static final int INPUT_REJECTED = 3;
    /** The provider refused the account: bad API key or no balance. */
    public static final int PROVIDER_REFUSED = 4;
    /** Ctrl-C / SIGINT (128 + 2, as shells report it). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
