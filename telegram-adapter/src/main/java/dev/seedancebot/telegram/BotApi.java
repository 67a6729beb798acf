package dev.seedancebot.telegram;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.send.SendVideo;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageMedia;
import org.telegram.telegrambots.meta.api.objects.File;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * Bot API calls with Telegram's rate limit honoured (429 → wait {@code retry_after}, then retry) and every failure
 * turned into a {@link BotApiException} of a known kind. Downloads go through our own OkHttp call, since TelegramBots
 * builds file URLs for api.telegram.org only; the token-bearing URL is never logged.
 */
final class BotApi {
    private static final Logger log = LoggerFactory.getLogger(BotApi.class);
    private static final int ATTEMPTS = 3;
    private static final int MAX_WAIT_SECONDS = 60;

    private final OkHttpTelegramClient client;
    private final OkHttpClient http;
    private final TelegramSettings settings;

    BotApi(OkHttpTelegramClient client, OkHttpClient http, TelegramSettings settings) {
        this.client = client;
        this.http = http;
        this.settings = settings;
    }

    <T extends Serializable> T call(BotApiMethod<T> method) {
        return withRetry(method.getMethod(), () -> client.execute(method));
    }

    Message sendVideo(SendVideo method) {
        return withRetry("sendVideo", () -> client.execute(method));
    }

    /** sendPhoto uploads a file, so it is a multipart method in TelegramBots, not a {@link BotApiMethod}. */
    Message sendPhoto(SendPhoto method) {
        return withRetry("sendPhoto", () -> client.execute(method));
    }

    /** editMessageMedia uploads a file, so it is a multipart method in TelegramBots, not a {@link BotApiMethod}. */
    void editMessageMedia(EditMessageMedia method) {
        withRetry("editMessageMedia", () -> client.execute(method));
    }

    /** setWebhook is a multipart method in TelegramBots, not a {@link BotApiMethod}. */
    void setWebhook(SetWebhook method) {
        withRetry("setWebhook", () -> client.execute(method));
    }

    /**
     * Downloads a file by id into {@code target}, reading at most {@code limitBytes}: a larger file (whatever size
     * Telegram declared, or when it declared none) stops the download at the cap, leaves no partial file and fails
     * with {@link BotApiException.Kind#TOO_LARGE}.
     */
    void download(String fileId, Path target, long limitBytes) {
        File file = call(new GetFile(fileId));
        if (file.getFileSize() != null && file.getFileSize() > limitBytes) {
            throw tooLarge(fileId, limitBytes);
        }
        String path = file.getFilePath();
        if (path == null) {
            throw new BotApiException(BotApiException.Kind.OTHER, "Telegram gave no path for file " + fileId, null);
        }
        try {
            Path local = settings.localServer() && path.startsWith("/") ? Path.of(path) : null;
            if (local != null && Files.isRegularFile(local)) {
                // a --local Bot API server hands out absolute paths on its own disk instead of download links
                try (InputStream in = Files.newInputStream(local)) {
                    copyCapped(in, target, fileId, limitBytes);
                }
                return;
            }
            Request request = new Request.Builder()
                    .url(settings.fileBaseUrl() + "/file/bot" + settings.token() + "/" + path)
                    .build();
            try (Response response = http.newCall(request).execute()) {
                if (!response.isSuccessful()) {
                    throw new BotApiException(BotApiException.classify(response.code(), response.message()),
                            "download of file " + fileId + " failed with HTTP " + response.code(), null);
                }
                try (InputStream in = response.body().byteStream()) {
                    copyCapped(in, target, fileId, limitBytes);
                }
            }
        } catch (IOException e) {
            deleteQuietly(target);
            throw new BotApiException(BotApiException.Kind.TRANSIENT,
                    "download of file " + fileId + " failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Copies at most {@code limitBytes}; one byte more ends the copy, deletes what was written and fails. */
    private static void copyCapped(InputStream in, Path target, String fileId, long limitBytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
                if (total > limitBytes) {
                    break;
                }
                out.write(buffer, 0, n);
            }
        }
        if (total > limitBytes) {
            deleteQuietly(target);
            throw tooLarge(fileId, limitBytes);
        }
    }

    private static BotApiException tooLarge(String fileId, long limitBytes) {
        return new BotApiException(BotApiException.Kind.TOO_LARGE,
                "file " + fileId + " is larger than the " + limitBytes + " bytes a download may take", null);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("partial download not removed: {}", e.getMessage());
        }
    }

    private interface Call<T> {
        T run() throws TelegramApiException;
    }

    private <T> T withRetry(String name, Call<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (TelegramApiRequestException e) {
                BotApiException.Kind kind = BotApiException.classify(e.getErrorCode(), e.getApiResponse());
                Integer retryAfter = e.getParameters() == null ? null : e.getParameters().getRetryAfter();
                if (kind == BotApiException.Kind.RATE_LIMITED && attempt < ATTEMPTS) {
                    int wait = Math.min(MAX_WAIT_SECONDS, retryAfter == null ? 1 : Math.max(1, retryAfter));
                    log.warn("Telegram rate limit on {}: waiting {} s", name, wait);
                    sleep(wait * 1000L);
                    continue;
                }
                throw new BotApiException(kind, name + " failed: " + e.getErrorCode() + " " + e.getApiResponse(), e);
            } catch (TelegramApiException e) {
                // network failures; their messages carry no URL, but don't rely on that
                if (attempt < ATTEMPTS) {
                    log.debug("{} failed ({}), retrying", name, e.getClass().getSimpleName());
                    sleep(200L * attempt);
                    continue;
                }
                throw new BotApiException(BotApiException.Kind.TRANSIENT, name + " failed: "
                        + e.getClass().getSimpleName(), e);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BotApiException(BotApiException.Kind.TRANSIENT, "interrupted while waiting to retry", e);
        }
    }
}
