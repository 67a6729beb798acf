package dev.seedancebot.core.seedance;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Records whether a request got as far as an open connection. OkHttp runs network interceptors only after DNS, TCP and
 * TLS succeeded and right before it writes the request, so a call that fails while {@link #sent()} is still false
 * certainly never reached the server: that is the only kind of failed create call that may be sent again.
 *
 * <p>Attach one per call with {@code Request.Builder.tag(SendTracker.class, tracker)}; {@link #INTERCEPTOR} must be a
 * network interceptor of the client.
 */
final class SendTracker {
    static final Interceptor INTERCEPTOR = SendTracker::intercept;

    private volatile boolean sent;

    boolean sent() {
        return sent;
    }

    private static Response intercept(Interceptor.Chain chain) throws IOException {
        Request request = chain.request();
        SendTracker tracker = request.tag(SendTracker.class);
        if (tracker != null) {
            tracker.sent = true;
        }
        return chain.proceed(request);
    }
}
