package dev.seedancebot.testkit.seedance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A one-shot misbehaviour of {@link FakeSeedanceServer}, queued with {@code failNext*} and consumed by the next
 * matching request. Immutable; {@link #withHeader} returns a copy. Ready-made vendor errors are in {@link Faults}.
 */
public final class Fault {
    enum Kind {
        HTTP,
        DROP_CONNECTION,
        DELAY
    }

    private final Kind kind;
    private final int status;
    private final String body;
    private final List<Map.Entry<String, String>> headers;
    private final Duration delay;

    private Fault(Kind kind, int status, String body, List<Map.Entry<String, String>> headers, Duration delay) {
        this.kind = kind;
        this.status = status;
        this.body = body;
        this.headers = List.copyOf(headers);
        this.delay = delay;
    }

    /** Answers with {@code status} and {@code body} (sent as {@code application/json}) instead of the normal reply. */
    public static Fault http(int status, String body) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100-599, was " + status);
        }
        return new Fault(Kind.HTTP, status, Objects.requireNonNull(body, "body"), List.of(), Duration.ZERO);
    }

    /** Closes the socket without writing any response, as a crashed proxy would. */
    public static Fault dropConnection() {
        return new Fault(Kind.DROP_CONNECTION, 0, "", List.of(), Duration.ZERO);
    }

    /**
     * Processes the request normally but sends the answer only after {@code delay}. The work is done at once: a
     * delayed create has already created its task when a client gives up waiting, exactly like the real service.
     */
    public static Fault delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay may not be negative");
        }
        return new Fault(Kind.DELAY, 0, "", List.of(), delay);
    }

    /** Returns a copy that also sends this response header; only meaningful for {@link #http} faults. */
    public Fault withHeader(String name, String value) {
        if (kind != Kind.HTTP) {
            throw new IllegalStateException("headers only apply to http faults");
        }
        List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(Map.entry(name, value));
        return new Fault(kind, status, body, more, delay);
    }

    Kind kind() {
        return kind;
    }

    int status() {
        return status;
    }

    String body() {
        return body;
    }

    List<Map.Entry<String, String>> headers() {
        return headers;
    }

    Duration delayDuration() {
        return delay;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case HTTP -> "Fault.http(" + status + ", " + body + ")";
            case DROP_CONNECTION -> "Fault.dropConnection()";
            case DELAY -> "Fault.delay(" + delay + ")";
        };
    }
}
