package dev.seedancebot.discord;

import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The OkHttp client JDA sends every REST call with, built for bursts of interactions across a real network.
 *
 * <p>What limits a burst in JDA 6.5 (read in its sources and checked in the 6.5.0 jar): the {@code Requester} sends
 * each REST call with OkHttp's blocking {@code Call.execute()} on a thread of JDA's rate-limit elastic pool, an
 * unbounded cached pool, and every interaction callback is a bucket of its own (major parameter
 * {@code interaction_token}) outside the global rate limit. So the 500 callbacks of a burst go out together, one
 * thread each, and OkHttp's {@link Dispatcher} limits (JDA's 25 per host, OkHttp's default 5) never apply to them:
 * they bound only asynchronous calls, which in JDA are {@code FileProxy} downloads alone. JDA's rate limiter, its
 * elastic pool and its scheduler stay as JDA builds them; buckets and 429s are honoured as before.
 *
 * <p>What a burst does pay for is connections. Over HTTP/1.1 (a proxy, or the loopback fake) each call in flight needs
 * a connection of its own, and over TLS a new one costs two extra round trips before its request leaves. JDA's pool
 * keeps 5 idle connections for 10 s, so the next burst opens hundreds again and the connection closer tears them
 * down; discord.com speaks HTTP/2, where one connection carries the whole burst, and the 10 s meant that the first
 * command after a quiet 10 s paid the TCP and TLS handshakes (300 ms at a 150 ms round trip) on its acknowledgement.
 */
final class DiscordHttp {
    /**
     * Idle connections kept: a burst of 500 callbacks at a 100–200 ms round trip has 300–500 of them in flight over
     * HTTP/1.1, and an idle connection costs a socket and no thread.
     */
    static final int MAX_IDLE_CONNECTIONS = 512;
    /** How long an idle connection is kept: OkHttp's own default, long enough to span the pauses between commands. */
    static final long KEEP_ALIVE_MINUTES = 5;
    /**
     * Asynchronous calls at once (per host too): only JDA's {@code FileProxy} downloads, which the bot does not use;
     * the same as {@link #MAX_IDLE_CONNECTIONS} so that nothing queues if that changes.
     */
    static final int MAX_ASYNC_CALLS = 512;

    private DiscordHttp() {}

    /** A new client; each shard manager gets its own, and JDA leaves its lifecycle to the caller. */
    static OkHttpClient client() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(MAX_ASYNC_CALLS);
        dispatcher.setMaxRequestsPerHost(MAX_ASYNC_CALLS);
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE_MINUTES, TimeUnit.MINUTES))
                .build();
    }

    /** Lets a closed adapter's client go: its dispatcher threads and pooled connections. */
    static void release(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
