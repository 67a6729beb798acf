package dev.seedancebot.core.seedance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationException;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeedanceBackoffTest {

    @Test
    void delay_withoutJitter_doublesUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, 0.0, new Random(1));

        assertThat(backoff.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delay(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.delay(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.delay(500)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void delay_withJitter_staysWithinTheJitteredRangeAndVaries() {
        Backoff backoff = Backoff.exponential(Duration.ofSeconds(2), Duration.ofMinutes(1), new Random(42));

        var delays = java.util.stream.IntStream.range(0, 50).mapToObj(i -> backoff.delay(3)).toList();

        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8)));
        assertThat(delays).doesNotHaveDuplicates();
    }

    @Test
    void delay_sameSeed_isReproducible() {
        Backoff first = Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(1), new Random(7));
        Backoff second = Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(1), new Random(7));

        assertThat(first.delay(4)).isEqualTo(second.delay(4));
    }

    @Test
    void delay_providerAskedForLonger_honoursRetryAfter() {
        Backoff backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(1), new Random(1));
        var limited = new GenerationException(ErrorKind.RATE_LIMITED, 429, "rate_limit_exceeded", "slow down",
                Duration.ofSeconds(30), null, null);
        var noHint = new GenerationException(ErrorKind.SERVER_ERROR, "boom");

        assertThat(backoff.delay(1, limited)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(1, noHint)).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void constructor_invalidArguments_areRejected() {
        Random random = new Random();
        assertThatIllegalArgumentException().isThrownBy(
                () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2, 0.5, random));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0.5, random));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5, 0.5, random));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 2, 1.5, random));
        assertThatIllegalArgumentException().isThrownBy(
                () -> Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(2), random).delay(0));
    }
}
