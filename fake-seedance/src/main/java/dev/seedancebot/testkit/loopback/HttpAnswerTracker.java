package dev.seedancebot.testkit.loopback;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Follows the HTTP/1.1 answers passing through one connection of {@link IdleClosingFront}, so that the front closes a
 * connection only between answers, as a real server's idle timer does: it runs from the end of the last answer, never
 * while one is still being written. Without this, an answer whose header and body arrive as two writes could be cut
 * between them, which no real server does and which no client retry can cover (the caller already holds the header).
 *
 * <p>Understood: {@code Content-Length}, {@code Transfer-Encoding: chunked} (ended by its empty last chunk), and
 * answers without a body (1xx, 204, 304). An answer with neither length nor chunking ends only with the connection,
 * so such a connection is never idle. Requests are not parsed: any byte towards the server starts an answer.
 * Thread-safe: the two pumps of a connection call it from their own threads.
 */
final class HttpAnswerTracker {
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADER = 64 * 1024;

    private enum State { IDLE, HEADER, BODY, CHUNKED, UNTIL_CLOSE }

    private State state = State.IDLE;
    private final StringBuilder header = new StringBuilder();
    private long bodyLeft;
    /** The last bytes of a chunked body, to spot its empty last chunk across reads. */
    private final byte[] tail = new byte[LAST_CHUNK.length];
    private int tailLength;

    /** Bytes of a request went towards the server: an answer is now owed. */
    synchronized void requestSent() {
        if (state == State.IDLE) {
            startHeader();
        }
    }

    /** Bytes of the answer have been handed to the client. */
    synchronized void answerForwarded(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end && state != State.IDLE) {
            switch (state) {
                case HEADER -> i = readHeader(bytes, i, end);
                case BODY -> {
                    int take = (int) Math.min(bodyLeft, end - i);
                    bodyLeft -= take;
                    i += take;
                    if (bodyLeft == 0) {
                        state = State.IDLE;
                    }
                }
                case CHUNKED -> i = readChunked(bytes, i, end);
                default -> i = end;
            }
        }
    }

    /** No answer is owed or being written. */
    synchronized boolean betweenAnswers() {
        return state == State.IDLE;
    }

    private void startHeader() {
        state = State.HEADER;
        header.setLength(0);
    }

    private int readHeader(byte[] bytes, int from, int end) {
        int i = from;
        while (i < end) {
            header.append((char) (bytes[i++] & 0xFF));
            if (endsWithBlankLine()) {
                headerComplete();
                return i;
            }
            if (header.length() > MAX_HEADER) {
                state = State.UNTIL_CLOSE;
                return end;
            }
        }
        return i;
    }

    private boolean endsWithBlankLine() {
        int n = header.length();
        return n >= 4 && header.charAt(n - 4) == '\r' && header.charAt(n - 3) == '\n' && header.charAt(n - 2) == '\r'
                && header.charAt(n - 1) == '\n';
    }

    private void headerComplete() {
        String[] lines = header.toString().split("\r\n");
        String[] status = lines[0].split(" ");
        int code = status.length > 1 ? parseOr(status[1], 200) : 200;
        if (code >= 100 && code < 200) {
            startHeader();
            return;
        }
        long length = -1;
        boolean chunked = false;
        for (int l = 1; l < lines.length; l++) {
            String line = lines[l].toLowerCase(Locale.ROOT);
            if (line.startsWith("content-length:")) {
                length = parseOr(line.substring("content-length:".length()).trim(), -1);
            } else if (line.startsWith("transfer-encoding:") && line.contains("chunked")) {
                chunked = true;
            }
        }
        if (code == 204 || code == 304 || length == 0) {
            state = State.IDLE;
        } else if (chunked) {
            state = State.CHUNKED;
            tailLength = 0;
        } else if (length > 0) {
            state = State.BODY;
            bodyLeft = length;
        } else {
            state = State.UNTIL_CLOSE;
        }
    }

    private int readChunked(byte[] bytes, int from, int end) {
        for (int i = from; i < end; i++) {
            if (tailLength == tail.length) {
                System.arraycopy(tail, 1, tail, 0, tail.length - 1);
                tailLength--;
            }
            tail[tailLength++] = bytes[i];
            if (tailLength == tail.length && Arrays.equals(tail, LAST_CHUNK)) {
                state = State.IDLE;
                return i + 1;
            }
        }
        return end;
    }

    private static int parseOr(String text, int fallback) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
