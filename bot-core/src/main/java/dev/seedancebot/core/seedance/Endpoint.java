package dev.seedancebot.core.seedance;

/** Which kind of call an HTTP answer belongs to; the same status means different things on different calls. */
enum Endpoint {
    CREATE,
    POLL,
    ASSET
}
