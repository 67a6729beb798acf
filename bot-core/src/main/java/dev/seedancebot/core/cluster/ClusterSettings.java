package dev.seedancebot.core.cluster;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

/**
 * How this instance takes part in a group of bot instances sharing one PostgreSQL database.
 *
 * <p>An instance that dies loses its tasks to the others at most {@code leaseDuration + renewInterval()} after its
 * last renewal: 25 s with the defaults.
 *
 * @param instanceId unique among the instances running at one time (at most 64 characters). A stable id, such as the
 *     host name, lets a restarted instance take its own tasks back at once instead of after their leases lapse; two
 *     live instances must never share one.
 * @param leaseDuration how long a claimed task stays claimed without renewal
 */
public record ClusterSettings(String instanceId, Duration leaseDuration) {
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(20);
    private static final String ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    public ClusterSettings {
        if (instanceId == null || instanceId.isBlank()) {
            throw new IllegalArgumentException("instanceId may not be blank");
        }
        if (instanceId.length() > 64) {
            throw new IllegalArgumentException("instanceId may not exceed 64 characters");
        }
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        if (leaseDuration.compareTo(Duration.ofMillis(400)) < 0) {
            throw new IllegalArgumentException("leaseDuration must be at least 400 ms, was " + leaseDuration);
        }
    }

    /** A fresh random instance id and the default lease. */
    public static ClusterSettings defaults() {
        return new ClusterSettings(randomInstanceId(), DEFAULT_LEASE);
    }

    /**
     * How often an instance renews its leases and looks for tasks whose leases lapsed: a quarter of the lease, so
     * three renewals in a row can fail (a slow database, a long GC pause) before another instance takes over.
     */
    public Duration renewInterval() {
        return leaseDuration.dividedBy(4);
    }

    /** The host name (when the environment gives one), the process id and a random suffix. */
    static String randomInstanceId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "bot");
        SecureRandom random = new SecureRandom();
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        String tail = "-" + ProcessHandle.current().pid() + "-" + suffix;
        return host.substring(0, Math.min(host.length(), 64 - tail.length())) + tail;
    }
}
