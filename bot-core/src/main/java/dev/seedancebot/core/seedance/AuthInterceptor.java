package dev.seedancebot.core.seedance;

import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds the bearer token, but only to requests for the configured anyfast origin, so that a result URL or any other
 * host can never receive the key even if a request for it were sent through this client by mistake.
 */
final class AuthInterceptor implements Interceptor {
    private final HttpUrl origin;
    private final String authorization;

    AuthInterceptor(HttpUrl origin, String apiKey) {
        this.origin = origin;
        this.authorization = "Bearer " + apiKey;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        HttpUrl url = request.url();
        boolean sameOrigin = url.scheme().equals(origin.scheme())
                && url.host().equals(origin.host())
                && url.port() == origin.port();
        if (!sameOrigin) {
            return chain.proceed(request);
        }
        return chain.proceed(request.newBuilder().header("Authorization", authorization).build());
    }

    @Override
    public String toString() {
        return "AuthInterceptor[" + origin.host() + "]";
    }
}
