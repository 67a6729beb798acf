package dev.seedancebot.testkit.telegram;

import java.util.Map;
import java.util.Optional;

/**
 * One request the fake received. {@code method} is spelled as sent (TelegramBots mixes {@code sendvideo} and
 * {@code getFile}); compare with {@link #is}. {@code params} holds every JSON, form or multipart field as text (nested
 * objects as JSON); {@code files} holds multipart file parts by the field they fill. For file downloads
 * {@code method} is {@code "file"} and {@code params} has {@code file_path}.
 *
 * @param url the raw request path with query, including the token (to prove where tokens went)
 * @param status the HTTP status the fake answered
 */
public record TelegramCall(
        String method, String httpMethod, String url, Map<String, String> params, Map<String, UploadedFile> files,
        int status) {

    public TelegramCall {
        params = Map.copyOf(params);
        files = Map.copyOf(files);
    }

    /** Whether this is a call of {@code name}, ignoring case as the Bot API does. */
    public boolean is(String name) {
        return method.equalsIgnoreCase(name);
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    @Override
    public String toString() {
        return httpMethod + " " + method + " " + params.keySet() + " -> " + status;
    }
}
