package dev.seedancebot.core.seedance;

import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The three OkHttp clients the Seedance client uses, derived from the application's shared one (same dispatcher,
 * threads and event listeners), split by what a dead keep-alive connection may cost (issue 15). Servers close idle
 * keep-alive connections after anything from a few seconds to minutes, and a client only notices when it next writes
 * into one; OkHttp checks for that only in part (see {@link StaleConnectionRetry}).
 *
 * <p><b>Billed calls</b> (create, CreateAssetGroup, CreateAsset; {@link #billed()}) run on a pool that keeps no idle
 * connection ({@code maxIdleConnections = 0}) and speak HTTP/1.1 only, so every billed call opens its own new
 * connection and never meets one the server closed while idle: a failure after the request was written is then a real
 * unknown outcome, not the pool's doing. They are never resent by OkHttp ({@code retryOnConnectionFailure(false)}:
 * OkHttp would otherwise resend even a POST) nor by an interceptor; {@link SendTracker} tells the create loop whether
 * the request was written at all, and only an unwritten or refused (429) create is sent again. That is why a create
 * is never sent twice. The price is one TCP (and TLS) handshake per billed call, which are a few per video.
 *
 * <p><b>Queries and uploads' status checks</b> ({@link #api()}) and <b>result downloads</b> ({@link #downloads()})
 * are idempotent: they keep connections alive in their own pool, and a request that fails because its pooled
 * connection was dead is sent once more at once on a fresh connection ({@link StaleConnectionRetry}), so a closed
 * connection never fails a poll or costs a delivery attempt. Downloads carry no API key: pre-signed URLs must never
 * see it.
 */
final class SeedanceConnections {
    private final OkHttpClient billed;
    private final OkHttpClient api;
    private final OkHttpClient downloads;

    SeedanceConnections(OkHttpClient shared, SeedanceSettings settings) {
        HttpUrl base = HttpUrl.get(settings.baseUrl());
        AuthInterceptor auth = new AuthInterceptor(base, settings.apiKey());
        this.billed = shared.newBuilder()
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .protocols(List.of(Protocol.HTTP_1_1))
                .retryOnConnectionFailure(false)
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                .addInterceptor(auth)
                .addNetworkInterceptor(SendTracker.INTERCEPTOR)
                .build();
        ConnectionPool reusable = new ConnectionPool();
        StaleConnectionRetry retry = new StaleConnectionRetry(reusable);
        this.api = shared.newBuilder()
                .connectionPool(reusable)
                .retryOnConnectionFailure(false)
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                .addInterceptor(retry)
                .addInterceptor(auth)
                .build();
        this.downloads = shared.newBuilder()
                .connectionPool(reusable)
                .retryOnConnectionFailure(false)
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .addInterceptor(retry)
                .build();
    }

    /** For calls that are billed or create something: a new connection each, never resent behind the caller. */
    OkHttpClient billed() {
        return billed;
    }

    /** For idempotent anyfast calls: pooled, with the API key, resent once on a dead pooled connection. */
    OkHttpClient api() {
        return api;
    }

    /** For pre-signed result URLs: pooled, without the API key, resent once on a dead pooled connection. */
    OkHttpClient downloads() {
        return downloads;
    }
}
