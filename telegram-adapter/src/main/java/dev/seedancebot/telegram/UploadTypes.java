package dev.seedancebot.telegram;

import dev.seedancebot.core.platform.Delivery;
import java.io.IOException;
import java.util.Locale;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * Labels uploaded files by their name: {@code .mp4} as {@code video/mp4}, {@code .jpg} as {@code image/jpeg}.
 * TelegramBots sends every file part as {@code application/octet-stream} with no way to choose, and Telegram keeps
 * the type it was given as the file's {@code mime_type}, which clients use to decide how to open it. Only multipart
 * file parts change; everything else passes untouched.
 */
final class UploadTypes implements Interceptor {
    private static final MediaType MP4 = MediaType.get(Delivery.CONTENT_TYPE);
    private static final MediaType JPEG = MediaType.get("image/jpeg");

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (!(request.body() instanceof MultipartBody multipart)) {
            return chain.proceed(request);
        }
        MultipartBody.Builder relabelled = new MultipartBody.Builder(multipart.boundary()).setType(multipart.type());
        for (MultipartBody.Part part : multipart.parts()) {
            MediaType type = typeOf(part.headers());
            relabelled.addPart(part.headers(), type == null ? part.body() : retyped(part.body(), type));
        }
        return chain.proceed(request.newBuilder().method(request.method(), relabelled.build()).build());
    }

    /** The type a file part's name calls for, or null to leave the part as it is. */
    private static MediaType typeOf(Headers headers) {
        String disposition = headers == null ? null : headers.get("Content-Disposition");
        if (disposition == null || !disposition.contains("filename=")) {
            return null;
        }
        String lower = disposition.toLowerCase(Locale.ROOT);
        return lower.endsWith(".mp4\"") ? MP4 : lower.endsWith(".jpg\"") ? JPEG : null;
    }

    private static RequestBody retyped(RequestBody body, MediaType type) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return type;
            }

            @Override
            public long contentLength() throws IOException {
                return body.contentLength();
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                body.writeTo(sink);
            }
        };
    }
}
