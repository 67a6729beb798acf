package dev.seedancebot.telegram;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The OkHttp client every Bot API call and download of the adapter goes through, derived from the one it is given.
 *
 * <p>TelegramBots 10.2's {@code OkHttpTelegramClient.execute} is {@code executeAsync(..).get()}: every call, the
 * acknowledgement of a command included, goes through OkHttp's {@link Dispatcher}, which by default lets 5 calls per
 * host run at once (one of them the held getUpdates), and every call goes to the one Bot API host. So the dispatcher
 * decides how many acknowledgements of a burst are on the wire at once; it must allow at least as many calls as
 * {@link TelegramAdapter.HandlerLimits#threads} (each handler waits for its own acknowledgement) plus the engine's
 * deliveries and progress edits and the poll. The client's own dispatcher and connection pool leave the shared
 * client's limits (the Seedance calls) alone.
 */
final class TelegramHttp {
    /**
     * Calls at once, per host too: 128 handlers, the engine's 16 workers, the poll and the "busy" sender, with room;
     * each call in flight holds one dispatcher thread, which waits on the network and costs no CPU meanwhile.
     */
    static final int MAX_CONCURRENT_CALLS = 192;
    /**
     * Idle connections kept for the next burst. Over HTTP/1.1 each call in flight needs its own connection, and over
     * TLS a new one costs two round trips before the request leaves, so after a burst the pool keeps all it used
     * instead of the shared client's 5; an idle connection costs a socket and no thread.
     */
    static final int MAX_IDLE_CONNECTIONS = MAX_CONCURRENT_CALLS;
    private static final long KEEP_ALIVE_MINUTES = 5;

    private TelegramHttp() {}

    /** {@code shared} with the limits above and a read timeout longer than the long poll's hold. */
    static OkHttpClient client(OkHttpClient shared, Duration readTimeout) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(MAX_CONCURRENT_CALLS);
        dispatcher.setMaxRequestsPerHost(MAX_CONCURRENT_CALLS);
        return shared.newBuilder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE_MINUTES, TimeUnit.MINUTES))
                .readTimeout(readTimeout)
                .build();
    }

    /** Lets a closed adapter's client go: its dispatcher threads and pooled connections. */
    static void release(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
