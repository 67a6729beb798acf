package dev.seedancebot.core.seedance;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import okhttp3.ConnectionPool;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an idempotent request once more, at once and on a fresh connection, when it failed the way a pooled
 * connection fails after the server closed it while idle: the write goes into the dead socket and the read meets end of
 * stream or a reset. OkHttp does not catch that case itself for short idle times: it checks a pooled socket for EOF
 * only for non-GET requests and only after 10 s of idleness ({@code RealConnection.isHealthy}), so a server that
 * closes after 6 s hands every GET a dead connection.
 *
 * <p>Before resending, the pool's idle connections are closed: they went idle around the same time as the one that
 * failed and are most likely dead too, and a resend that picked one of them would fail the same way. The pool must
 * belong to the clients this interceptor serves, so that nothing else loses its connections.
 *
 * <p>Only for requests that may be sent twice (queries, downloads, asset status checks). Timeouts are not resent: a
 * server that does not answer in the read timeout would only make the caller wait twice as long.
 */
final class StaleConnectionRetry implements Interceptor {
    private static final Logger log = LoggerFactory.getLogger(StaleConnectionRetry.class);

    private final ConnectionPool pool;

    StaleConnectionRetry(ConnectionPool pool) {
        this.pool = pool;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        try {
            return chain.proceed(request);
        } catch (IOException first) {
            if (chain.call().isCanceled() || !looksLikeDeadConnection(first)) {
                throw first;
            }
            pool.evictAll();
            log.debug("{} {} failed on a connection the server had closed ({}); sending it again on a new one",
                    request.method(), request.url().host(), first.toString());
            try {
                return chain.proceed(request);
            } catch (IOException second) {
                second.addSuppressed(first);
                throw second;
            }
        }
    }

    /**
     * End of stream, connection reset and broken pipe qualify; failures to connect, TLS, protocol errors and timeouts
     * say nothing about a dead pooled connection, so they are left alone.
     */
    static boolean looksLikeDeadConnection(IOException e) {
        return !(e instanceof InterruptedIOException
                || e instanceof ConnectException
                || e instanceof UnknownHostException
                || e instanceof SSLException
                || e instanceof ProtocolException);
    }
}
