package dev.seedancebot.core.quota;

/** Which usage window a moderator resets. */
public enum UsageWindow {
    TODAY,
    THIS_MONTH,
    BOTH;

    boolean includesDay() {
        return this != THIS_MONTH;
    }

    boolean includesMonth() {
        return this != TODAY;
    }
}
