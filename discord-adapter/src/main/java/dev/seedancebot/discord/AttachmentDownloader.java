package dev.seedancebot.discord;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.request.MediaKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import net.dv8tion.jda.api.entities.Message;

/**
 * Downloads the attachments of an interaction. The declared size and content type are checked before anything is
 * fetched, only URLs on Discord's CDN (or the configured REST host, for a loopback fake) are fetched, and the bytes
 * read are capped at the declared size, so a lying attachment cannot make the bot download more.
 */
final class AttachmentDownloader {
    /** Seedance's largest input (a reference video); images and audio are far smaller. */
    static final long MAX_INPUT_BYTES = 50L * 1024 * 1024;
    private static final Set<String> DISCORD_CDN_HOSTS = Set.of("cdn.discordapp.com", "media.discordapp.net");

    private final HttpClient http;
    private final Set<String> allowedHosts;
    private final Path dir;

    /** A user-facing refusal; the message names the input and what to do. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    AttachmentDownloader(HttpClient http, String restBaseUrl, Path dir) {
        this.http = http;
        this.dir = dir;
        String restHost = URI.create(restBaseUrl).getHost();
        this.allowedHosts = restHost.endsWith("discord.com") ? DISCORD_CDN_HOSTS
                : Set.of("cdn.discordapp.com", "media.discordapp.net", restHost);
    }

    /** Checks and downloads one attachment that should be of {@code kind}; the caller deletes the file. */
    Path fetch(Message.Attachment attachment, MediaKind kind, String optionName) throws Refused, IOException {
        String label = "'" + attachment.getFileName() + "' (" + optionName + ")";
        long size = attachment.getSize();
        if (size > MAX_INPUT_BYTES) {
            throw new Refused(t("discord.input.tooLarge", "input", label, "size", mib(size), "max", mib(MAX_INPUT_BYTES)));
        }
        String type = attachment.getContentType();
        String expected = kind.name().toLowerCase(Locale.ROOT) + "/";
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(expected)) {
            throw new Refused(t(type == null ? "discord.input.wrongTypeUnknown" : "discord.input.wrongType",
                    "input", label, "type", type, "option", optionName,
                    "kind", t("media.kind." + kind.name().toLowerCase(Locale.ROOT))));
        }
        URI uri;
        try {
            uri = URI.create(attachment.getUrl());
        } catch (IllegalArgumentException e) {
            throw new Refused(t("discord.input.notHosted", "input", label));
        }
        if (uri.getHost() == null || uri.getScheme() == null || !allowedHosts.contains(uri.getHost())
                || !uri.getScheme().startsWith("http")) {
            throw new Refused(t("discord.input.notHosted", "input", label));
        }
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "in-", "-" + safeName(attachment.getFileName()));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(file)) {
                if (response.statusCode() != 200) {
                    throw new IOException("Discord's CDN answered " + response.statusCode() + " for " + label);
                }
                long copied = copyAtMost(in, out, size);
                if (copied > size) {
                    throw new Refused(t("discord.input.largerThanSaid", "input", label));
                }
            }
            return file;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Files.deleteIfExists(file);
            throw new IOException("interrupted while downloading " + label, e);
        } catch (IOException | Refused | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** Copies up to {@code limit + 1} bytes, so that a longer stream is noticed without reading it all. */
    private static long copyAtMost(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, limit + 1 - total))) > 0) {
            out.write(buffer, 0, n);
            total += n;
            if (total > limit) {
                break;
            }
        }
        return total;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024.0);
    }

    private static String safeName(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.length() > 60 ? cleaned.substring(cleaned.length() - 60) : cleaned;
    }
}
