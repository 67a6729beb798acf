package dev.seedancebot.testkit.telegram;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A minimal {@code multipart/form-data} reader: enough for what OkHttp sends. */
final class MultipartBody {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");
    private static final Pattern FILE_NAME = Pattern.compile("filename=\"([^\"]*)\"");

    /** One part; {@code fileName} is {@code null} for a plain field. */
    record Part(String name, String fileName, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private MultipartBody() {}

    static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    static List<Part> parse(String contentType, byte[] body) {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw new IllegalArgumentException("multipart without boundary: " + contentType);
        }
        byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break;
            }
            start += 2; // CRLF after the delimiter
            int next = indexOf(body, delimiter, start);
            if (next < 0) {
                break;
            }
            int end = next - 2; // CRLF before the next delimiter
            parts.add(part(body, start, end));
            at = next;
        }
        return parts;
    }

    private static Part part(byte[] body, int start, int end) {
        byte[] blank = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        int headersEnd = indexOf(body, blank, start);
        String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
        String name = null;
        String fileName = null;
        String contentType = null;
        for (String line : headers.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-disposition:")) {
                Matcher n = NAME.matcher(line);
                name = n.find() ? n.group(1) : null;
                Matcher f = FILE_NAME.matcher(line);
                fileName = f.find() ? f.group(1) : null;
            } else if (lower.startsWith("content-type:")) {
                contentType = line.substring("content-type:".length()).strip();
            }
        }
        int dataStart = headersEnd + blank.length;
        byte[] data = new byte[Math.max(0, end - dataStart)];
        System.arraycopy(body, dataStart, data, 0, data.length);
        return new Part(name, fileName, contentType, data);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
